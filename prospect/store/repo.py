"""Repository functions for prospects, sources, notes and the audit log; each takes a Session."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from prospect.errors import InvalidValue, NotFound
from prospect.store.models import (
    GOAL_CATEGORIES,
    LANGS,
    NOTE_KINDS,
    NOTE_ORIGINS,
    RISK_CATEGORIES,
    SOURCE_ORIGINS,
    Event,
    Fact,
    Note,
    NoteSource,
    Prospect,
    Source,
    utcnow,
)
from prospect.text import fold, slugify, squash

EDITABLE_FIELDS = ("name", "company", "title", "location", "email", "company_domain", "lang")


def default_actor() -> str:
    """The OS user, the author of an edit when `--author` is not given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def log_event(session: Session, action: str, prospect_id: int | None = None,
              actor: str | None = None, **detail: Any) -> Event:
    """Add an audit row: what happened, to whom, by whom."""
    ev = Event(prospect_id=prospect_id, action=action, actor=actor or default_actor(),
               detail=json.dumps(detail, default=str, ensure_ascii=False))
    session.add(ev)
    return ev


# -- prospects ---------------------------------------------------------------------------------

@dataclass
class ProspectInput:
    """What a user gives to create a prospect."""

    name: str
    company: str | None = None
    title: str | None = None
    location: str | None = None
    email: str | None = None
    company_domain: str | None = None
    lang: str = "en"


def check_lang(lang: str) -> str:
    lang = (lang or "").strip().lower()
    if lang not in LANGS:
        raise InvalidValue(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def check_url(url: str) -> str:
    from urllib.parse import urlsplit

    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue(f"not a web address (http:// or https://): {url!r}")
    return url


def unique_slug(session: Session, name: str) -> str:
    """The slug of `name`, with -2, -3… when another prospect already has it."""
    base = slugify(name)
    taken = set(session.exec(select(Prospect.slug).where(
        (Prospect.slug == base) | col(Prospect.slug).like(f"{base}-%"))).all())
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def add_prospect(session: Session, data: ProspectInput, urls: Iterable[str] = (),
                 actor: str | None = None, url_origin: str = "user") -> Prospect:
    """Create a prospect (and its sources) and log it."""
    name = squash(data.name or "")
    if not name:
        raise InvalidValue("a prospect needs a name")
    checked_urls = [check_url(u) for u in urls]
    p = Prospect(slug=unique_slug(session, name), name=name, company=data.company,
                 title=data.title, location=data.location, email=data.email,
                 company_domain=data.company_domain, lang=check_lang(data.lang))
    session.add(p)
    session.flush()
    for url in dict.fromkeys(checked_urls):
        session.add(Source(prospect_id=p.id, url=url, origin=url_origin))
    log_event(session, "prospect.add", p.id, actor, name=name, urls=checked_urls)
    session.commit()
    session.refresh(p)
    return p


MAX_ID = 2**63 - 1  # the largest id either backend can hold


def get_prospect(session: Session, ref: str | int) -> Prospect:
    """The one prospect whose id, slug or exact name is `ref`.

    Nothing is guessed: a REF that names no prospect, or a name that several share, is an
    error (NotFound names the closest slugs), so a destructive command can never act on
    somebody else.
    """
    ref_s = squash(str(ref))
    if not ref_s:
        raise NotFound("a prospect REF cannot be empty: give an id, a slug or a full name "
                       "(see 'prospect list')")
    if ref_s.isdigit() and int(ref_s) <= MAX_ID:
        p = session.get(Prospect, int(ref_s))
        if p is not None:
            return p
    p = session.exec(select(Prospect).where(Prospect.slug == ref_s)).first()
    if p is not None:
        return p
    named = list(session.exec(select(Prospect).where(Prospect.name == ref_s)
                              .order_by(col(Prospect.id))).all())
    if not named:  # the same name in another case is still that exact name
        named = [q for q in _name_candidates(session, ref_s)
                 if q.name.casefold() == ref_s.casefold()]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise NotFound(f"{len(named)} prospects are called {ref_s!r}: use a slug ("
                       + ", ".join(q.slug for q in named[:10]) + ")")
    hint = suggest(session, ref_s)
    tail = f" - did you mean {' or '.join(hint)}?" if hint else " (see 'prospect list')"
    raise NotFound(f"no prospect with id, slug or name {ref_s!r}{tail}")


def _name_candidates(session: Session, ref: str) -> Sequence[Prospect]:
    return session.exec(select(Prospect).where(
        func.lower(Prospect.name) == ref.lower()).order_by(col(Prospect.id))).all()


def suggest(session: Session, ref: str, limit: int = 3) -> list[str]:
    """The slugs closest to what the user typed (by slug and by name), best first."""
    import difflib

    key = slugify(ref, limit=None)
    rows = session.exec(select(Prospect.slug, Prospect.name)).all()
    if not rows or len(rows) > 50_000:
        return []
    by_key: dict[str, str] = {}
    for slug, name in rows:
        by_key.setdefault(slug, slug)
        by_key.setdefault(slugify(name, limit=None), slug)
    close = difflib.get_close_matches(key, list(by_key), n=limit * 2, cutoff=0.6)
    # a typed prefix or part of a name ("dana" -> dana-whitfield) is also a good hint
    close += [k for k in by_key if len(key) >= 3 and key in k.split("-")]
    return list(dict.fromkeys(by_key[k] for k in close))[:limit]


def list_prospects(session: Session) -> Sequence[Prospect]:
    return session.exec(select(Prospect).order_by(col(Prospect.name), col(Prospect.id))).all()


def edit_prospect(session: Session, ref: str | int, changes: dict[str, str | None],
                  actor: str | None = None) -> Prospect:
    """Change profile fields; the event keeps the old and new values."""
    p = get_prospect(session, ref)
    diff: dict[str, list[str | None]] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key not in EDITABLE_FIELDS:
            raise InvalidValue(f"cannot edit field {key!r}")
        if key == "lang":
            value = check_lang(value)
        if key == "name":
            value = squash(value)
            if not value:
                raise InvalidValue("a prospect needs a name")
        value = value or None if key != "name" else value
        old = getattr(p, key)
        if old != value:
            diff[key] = [old, value]
            setattr(p, key, value)
    if diff:
        p.updated_at = utcnow()
        session.add(p)
        log_event(session, "prospect.edit", p.id, actor, changes=diff)
        session.commit()
        session.refresh(p)
    return p


def remove_prospect(session: Session, ref: str | int, actor: str | None = None) -> Prospect:
    """Delete a prospect and everything that hangs from it."""
    p = get_prospect(session, ref)
    from sqlalchemy import delete

    from prospect.store.models import Brief, Snapshot

    pid = p.id
    source_ids = select(Source.id).where(Source.prospect_id == pid)
    note_ids = select(Note.id).where(Note.prospect_id == pid)
    # explicit deletes, so the result does not depend on the backend's cascade settings
    session.exec(delete(NoteSource).where(col(NoteSource.note_id).in_(note_ids)))  # type: ignore[call-overload]
    session.exec(delete(Note).where(col(Note.prospect_id) == pid))  # type: ignore[call-overload]
    session.exec(delete(Fact).where(col(Fact.prospect_id) == pid))  # type: ignore[call-overload]
    session.exec(delete(Snapshot).where(col(Snapshot.source_id).in_(source_ids)))  # type: ignore[call-overload]
    session.exec(delete(Source).where(col(Source.prospect_id) == pid))  # type: ignore[call-overload]
    session.exec(delete(Brief).where(col(Brief.prospect_id) == pid))  # type: ignore[call-overload]
    log_event(session, "prospect.remove", pid, actor, slug=p.slug)
    session.delete(p)
    session.commit()
    return p


# -- sources -----------------------------------------------------------------------------------

def add_source(session: Session, ref: str | int, url: str, origin: str = "user",
               actor: str | None = None) -> Source:
    p = get_prospect(session, ref)
    url = check_url(url)
    if origin not in SOURCE_ORIGINS:
        raise InvalidValue(f"source origin must be one of {', '.join(SOURCE_ORIGINS)}")
    existing = session.exec(select(Source).where(Source.prospect_id == p.id,
                                                 Source.url == url)).first()
    if existing:
        return existing
    s = Source(prospect_id=p.id, url=url, origin=origin)
    session.add(s)
    log_event(session, "source.add", p.id, actor, url=url, origin=origin)
    session.commit()
    session.refresh(s)
    return s


def list_sources(session: Session, prospect_id: int) -> Sequence[Source]:
    return session.exec(select(Source).where(Source.prospect_id == prospect_id)
                        .order_by(col(Source.id))).all()


def remove_source(session: Session, ref: str | int, url: str, actor: str | None = None) -> None:
    p = get_prospect(session, ref)
    s = session.exec(select(Source).where(Source.prospect_id == p.id,
                                          Source.url == url.strip())).first()
    if s is None:
        raise NotFound(f"{p.slug} has no source {url!r} (see 'prospect source list {p.slug}')")
    from sqlalchemy import delete

    from prospect.store.models import Snapshot

    session.exec(delete(NoteSource).where(col(NoteSource.source_id) == s.id))  # type: ignore[call-overload]
    session.exec(delete(Fact).where(col(Fact.source_id) == s.id))  # type: ignore[call-overload]
    session.exec(delete(Snapshot).where(col(Snapshot.source_id) == s.id))  # type: ignore[call-overload]
    for note in session.exec(select(Note).where(Note.source_id == s.id)).all():
        note.source_id = None
        note.snapshot_id = None
        session.add(note)
    session.delete(s)
    log_event(session, "source.remove", p.id, actor, url=s.url)
    session.commit()


# -- notes -------------------------------------------------------------------------------------

def check_kind_category(kind: str, category: str | None) -> tuple[str, str | None]:
    kind = (kind or "other").strip().lower()
    if kind not in NOTE_KINDS:
        raise InvalidValue(f"note kind must be one of {', '.join(NOTE_KINDS)}, got {kind!r}")
    if category:
        category = category.strip().lower()
        allowed = GOAL_CATEGORIES if kind == "goal" else RISK_CATEGORIES if kind == "risk" else ()
        if category not in allowed:
            if not allowed:
                raise InvalidValue(f"only goal and risk notes take a category, not {kind!r}")
            raise InvalidValue(f"{kind} category must be one of {', '.join(allowed)}, "
                               f"got {category!r}")
    return kind, category or None


def note_key(text: str) -> str:
    """The near-duplicate key of a note's text: folded, letters and digits only."""
    return " ".join(slugify(text, limit=None).split("-"))[:500]


def add_note(session: Session, ref: str | int, text: str, kind: str = "other",
             category: str | None = None, source_url: str | None = None,
             origin: str = "manual", lang: str | None = None, confidence: float | None = None,
             actor: str | None = None) -> Note:
    """A note written or pasted by a user (web notes come from gathering)."""
    p = get_prospect(session, ref)
    text = squash(text or "")
    if not text:
        raise InvalidValue("a note needs some text")
    kind, category = check_kind_category(kind, category)
    if origin not in NOTE_ORIGINS:
        raise InvalidValue(f"note origin must be one of {', '.join(NOTE_ORIGINS)}")
    source_id = None
    if source_url:
        source_id = add_source(session, p.id, source_url, actor=actor).id  # type: ignore[arg-type]
    author = actor or default_actor()
    n = Note(prospect_id=p.id, source_id=source_id, origin=origin, kind=kind, category=category,
             text=text, text_key=note_key(text), lang=lang or p.lang, confidence=confidence,
             author=author)
    session.add(n)
    session.flush()
    if source_id is not None:
        session.add(NoteSource(note_id=n.id, source_id=source_id))
    log_event(session, "note.add", p.id, author, note_id=n.id, kind=kind, category=category,
              text=text, origin=origin)
    session.commit()
    session.refresh(n)
    return n


def get_note(session: Session, note_id: int) -> Note:
    n = session.get(Note, note_id)
    if n is None:
        raise NotFound(f"no note with id {note_id} (see 'prospect note list REF')")
    return n


def list_notes(session: Session, prospect_id: int, include_gone: bool = False) -> Sequence[Note]:
    q = select(Note).where(Note.prospect_id == prospect_id)
    if not include_gone:
        q = q.where(col(Note.gone_at).is_(None))
    return session.exec(q.order_by(col(Note.id))).all()


def edit_note(session: Session, note_id: int, text: str | None = None, kind: str | None = None,
              category: str | None = None, actor: str | None = None) -> Note:
    n = get_note(session, note_id)
    new_kind, new_cat = check_kind_category(kind or n.kind,
                                            category if category is not None else
                                            (n.category if (kind or n.kind) == n.kind else None))
    diff: dict[str, list[Any]] = {}
    if text is not None:
        text = squash(text)
        if not text:
            raise InvalidValue("a note needs some text")
        if text != n.text:
            diff["text"] = [n.text, text]
            n.text, n.text_key = text, note_key(text)
    if new_kind != n.kind:
        diff["kind"] = [n.kind, new_kind]
        n.kind = new_kind
    if new_cat != n.category:
        diff["category"] = [n.category, new_cat]
        n.category = new_cat
    if diff:
        n.updated_at = utcnow()
        session.add(n)
        log_event(session, "note.edit", n.prospect_id, actor, note_id=n.id, changes=diff)
        session.commit()
        session.refresh(n)
    return n


def delete_note(session: Session, note_id: int, actor: str | None = None) -> Note:
    n = get_note(session, note_id)
    from sqlalchemy import delete

    session.exec(delete(NoteSource).where(col(NoteSource.note_id) == n.id))  # type: ignore[call-overload]
    log_event(session, "note.delete", n.prospect_id, actor, note_id=n.id, text=n.text)
    session.delete(n)
    session.commit()
    return n


# -- the `show` shape --------------------------------------------------------------------------

def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def source_urls(session: Session, prospect_id: int) -> dict[int, str]:
    return {s.id: s.url for s in list_sources(session, prospect_id)}  # type: ignore[misc]


def prospect_dict(session: Session, p: Prospect, with_notes: bool = True) -> dict[str, Any]:
    """The DESIGN.md shape of `show --json`."""
    sources = list_sources(session, p.id)  # type: ignore[arg-type]
    urls = {s.id: s.url for s in sources}
    facts = session.exec(select(Fact).where(Fact.prospect_id == p.id,
                                            col(Fact.gone_at).is_(None))
                         .order_by(col(Fact.field), col(Fact.id))).all()
    out: dict[str, Any] = {
        "id": p.id, "slug": p.slug, "name": p.name, "company": p.company, "title": p.title,
        "lang": p.lang, "location": p.location, "email": p.email,
        "company_domain": p.company_domain,
        "facts": [{"field": f.field, "value": f.value, "source_url": urls.get(f.source_id)}
                  for f in facts],
        "sources": [{"url": s.url, "origin": s.origin, "status": s.status,
                     "http_status": s.http_status, "error": s.error,
                     "fetched_at": _iso(s.last_fetched_at)} for s in sources],
    }
    if with_notes:
        out["notes"] = [note_dict(n, urls) for n in list_notes(session, p.id)]  # type: ignore[arg-type]
    return out


def note_dict(n: Note, urls: dict[int, str]) -> dict[str, Any]:
    return {"id": n.id, "kind": n.kind, "category": n.category, "text": n.text,
            "origin": n.origin, "source_url": urls.get(n.source_id) if n.source_id else None,
            "seen_at": _iso(n.last_seen_at), "lang": n.lang, "confidence": n.confidence}


def count_notes(session: Session, prospect_id: int) -> int:
    return session.exec(select(func.count()).select_from(Note)
                        .where(Note.prospect_id == prospect_id,
                               col(Note.gone_at).is_(None))).one()


def matches_name(name: str, text: str) -> bool:
    """Whether `text` names the person (accent- and case-insensitive full name)."""
    return squash(fold(name)) in squash(fold(text))
