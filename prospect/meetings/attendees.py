"""Who in a meeting is a prospect: external attendees matched by e-mail, then by name and
company; an unknown one becomes a new prospect. Colleagues and rooms are set apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from prospect.meetings.calendar import CalendarEvent, Person
from prospect.store.models import Prospect
from prospect.text import fold, slugify, squash

# mail providers anyone can sign up to: their domain says nothing about the company
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "outlook.es", "hotmail.com", "hotmail.es",
    "live.com", "msn.com", "yahoo.com", "yahoo.es", "ymail.com", "icloud.com", "me.com",
    "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "gmx.net",
    "web.de", "mail.com", "yandex.com", "yandex.ru", "zoho.com", "hey.com", "fastmail.com",
})
RESOURCE_TYPES = ("room", "resource")
RESOURCE_DOMAINS = ("resource.calendar.google.com",)


@dataclass
class Seat:
    """A person at a meeting, with their role and whether they are outside the company."""

    person: Person
    role: str  # external | internal | organiser
    external: bool


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[1].strip().lower() if "@" in email else ""


def site_host(domain: str | None) -> str:
    """'https://www.acme.com/es' or 'acme.com' -> 'acme.com'."""
    value = (domain or "").strip().lower()
    if not value:
        return ""
    host = urlsplit(value if "://" in value else f"//{value}").hostname or ""
    return host.removeprefix("www.")


def is_resource(person: Person) -> bool:
    return person.cutype in RESOURCE_TYPES or domain_of(person.email).endswith(RESOURCE_DOMAINS)


def internal_domains(event: CalendarEvent, given: set[str]) -> set[str]:
    """The company's own domains: those given, else the organiser's (unless free mail)."""
    if given:
        return given
    own = domain_of(event.organiser.email) if event.organiser else ""
    return {own} if own and own not in FREE_MAIL else set()


def seats(event: CalendarEvent, given: set[str]) -> list[Seat]:
    """Everyone at `event` once (the organiser first), rooms and decliners left out."""
    inside = internal_domains(event, given)
    out: list[Seat] = []
    seen: set[str] = set()
    people = ([(event.organiser, "organiser")] if event.organiser else []) + [
        (a, "") for a in event.attendees]
    for person, role in people:
        key = person.email or f"name:{fold(person.name or '')}"
        if key in seen or is_resource(person) or person.declined:
            continue
        seen.add(key)
        external = bool(person.email) and domain_of(person.email) not in inside
        out.append(Seat(person, role or ("external" if external else "internal"), external))
    return out


def display_name(person: Person) -> str:
    """The attendee's common name, else a name made from the e-mail's local part."""
    if person.name and "@" not in person.name:
        return squash(person.name)
    local = person.email.split("@", 1)[0].split("+", 1)[0]
    words = [w for w in re.split(r"[._\-]+", local) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or person.email


def company_domain(email: str, sites: dict[str, str] | None = None) -> str | None:
    """The company web site an e-mail address points to: its domain (or the site given for
    it), never a free-mail provider's."""
    domain = domain_of(email)
    if not domain or domain in FREE_MAIL:
        return None
    return (sites or {}).get(domain, domain)


def _same_company(p: Prospect, domain: str) -> bool:
    host = site_host(p.company_domain)
    if host and (host == domain or host.endswith("." + domain) or domain.endswith("." + host)):
        return True
    label = domain.split(".")[0]
    return bool(p.company) and len(label) > 2 and label in slugify(p.company or "").split("-")


def find_prospect(session: Session, person: Person) -> Prospect | None:
    """The prospect this attendee is: same e-mail, else same name at the same company."""
    email = person.email.strip().lower()
    if email:
        found = session.exec(select(Prospect).where(
            func.lower(col(Prospect.email)) == email).order_by(col(Prospect.id))).first()
        if found is not None:
            return found
    name = display_name(person)
    slug = slugify(name)
    domain = domain_of(email)
    if not domain or domain in FREE_MAIL:
        return None
    candidates = session.exec(select(Prospect).where(
        or_(Prospect.slug == slug, col(Prospect.slug).like(f"{slug}-%")))).all()
    for p in candidates:
        if fold(squash(p.name)) == fold(name) and _same_company(p, domain):
            return p
    return None


def match_or_add(session: Session, person: Person, sites: dict[str, str] | None = None,
                 actor: str | None = None) -> tuple[Prospect, bool]:
    """The attendee's prospect, created when unknown; (prospect, created)."""
    from prospect.store.repo import ProspectInput, add_prospect, edit_prospect

    email = person.email.strip().lower()
    found = find_prospect(session, person)
    if found is not None:
        if email and not found.email:  # next time the e-mail matches at once
            found = edit_prospect(session, found.id, {"email": email},  # type: ignore[arg-type]
                                  actor=actor)
        return found, False
    p = add_prospect(session, ProspectInput(
        name=display_name(person), email=email or None,
        company_domain=company_domain(person.email, sites)), actor=actor)
    return p, True
