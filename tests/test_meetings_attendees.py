"""Who is a prospect: colleagues, rooms and decliners set apart; attendees matched by e-mail,
then by name and company; unknown ones created with a name and a company site."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from prospect.meetings.attendees import (
    company_domain,
    display_name,
    find_prospect,
    match_or_add,
    seats,
)
from prospect.meetings.calendar import CalendarEvent, Person
from prospect.store.models import Prospect
from prospect.store.repo import ProspectInput, add_prospect

SAM = Person("sam@brightline.test", "Sam Seller")


def _event(*attendees: Person, organiser: Person | None = SAM) -> CalendarEvent:
    return CalendarEvent("u1", "", datetime(2026, 12, 9, 9, tzinfo=UTC), None, "Call",
                         organiser=organiser, attendees=list(attendees))


def test_seats_set_colleagues_rooms_and_decliners_apart() -> None:
    event = _event(SAM, Person("ana@acme.test", "Ana"), Person("bo@brightline.test", "Bo"),
                   Person("room@brightline.test", "Room 1", cutype="room"),
                   Person("r2@resource.calendar.google.com", "Room 2"),
                   Person("cy@acme.test", "Cy", declined=True))
    got = [(s.person.email, s.role, s.external) for s in seats(event, set())]
    # without --internal-domain, the organiser's domain is the company's own
    assert got == [("sam@brightline.test", "organiser", False),
                   ("ana@acme.test", "external", True),
                   ("bo@brightline.test", "internal", False)]


def test_internal_domains_given_replace_the_organisers() -> None:
    partner = Person("pat@partner.test", "Pat")
    event = _event(Person("ana@acme.test", "Ana"), partner,
                   organiser=Person("ana@acme.test", "Ana"))  # the prospect invited us
    got = {s.person.email: (s.role, s.external)
           for s in seats(event, {"brightline.test", "partner.test"})}
    assert got == {"ana@acme.test": ("organiser", True), "pat@partner.test": ("internal", False)}


def test_names_and_company_sites_from_the_address() -> None:
    assert display_name(Person("tom.baker@gmail.com")) == "Tom Baker"
    assert display_name(Person("jo_ann-lee+cal@x.test")) == "Jo Ann Lee"
    assert display_name(Person("a@x.test", "Ana Ruiz")) == "Ana Ruiz"
    for free in ("gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com"):
        assert company_domain(f"someone@{free}") is None
    assert company_domain("lu@norte.test") == "norte.test"
    assert company_domain("lu@norte.test", {"norte.test": "https://www.norte.example/"}) == \
        "https://www.norte.example/"


def test_matched_by_mail_then_by_name_and_company(session) -> None:  # type: ignore[no-untyped-def]
    by_mail = add_prospect(session, ProspectInput(name="Ana García", email="Ana@Acme.test"))
    by_name = add_prospect(session, ProspectInput(name="Lucía Méndez",
                                                  company_domain="https://www.norte.test/"))
    namesake = add_prospect(session, ProspectInput(name="Tom Baker", company="Other Co"))
    assert find_prospect(session, Person("ana@acme.test", "Someone Else")).id == by_mail.id
    found, created = match_or_add(session, Person("lucia.mendez@norte.test", "Lucia Mendez"))
    assert (found.id, created) == (by_name.id, False)
    assert found.email == "lucia.mendez@norte.test"  # filled in, so mail matches next time
    tom, created = match_or_add(session, Person("tom@bakery.test", "Tom Baker"))
    assert created and tom.id != namesake.id and tom.slug == "tom-baker-2"
    assert tom.company_domain == "bakery.test" and tom.email == "tom@bakery.test"
    # a company name can stand for the domain too
    acme = add_prospect(session, ProspectInput(name="Bo Li", company="Acme Logística"))
    assert find_prospect(session, Person("bo@acme.test", "Bo Li")).id == acme.id


def test_free_mail_attendee_becomes_a_prospect_without_a_company(session) -> None:  # type: ignore[no-untyped-def]
    p, created = match_or_add(session, Person("tom.baker@gmail.com"))
    assert created and (p.name, p.company_domain, p.email) == (
        "Tom Baker", None, "tom.baker@gmail.com")
    again, created = match_or_add(session, Person("TOM.BAKER@gmail.com"))
    assert not created and again.id == p.id
    assert len(session.exec(select(Prospect)).all()) == 1
