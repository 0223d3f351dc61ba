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

from prospect.clock import utcnow
from prospect.errors import InvalidValue, NotFound
from prospect.store import tally
from prospect.store.models import Event, Fact, Note, NoteSource, Prospect, Source
from prospect.text import slugify, squash
from prospect.vocab import (
    NOTE_ORIGINS,
    SOURCE_ORIGINS,
    check_kind_category,
    check_lang,
    check_url,
)

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


def unique_slug(session: Session, name: str) -> str:
    """The slug of `name`, with -2, -3… when another prospect already has it."""
    base = slugify(name)
    taken = set(session.exec(select(Prospect.slug).where(
        (col(Prospect.slug) == base) | col(Prospect.slug).like(f"{base}-%"))).all())
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
    assert p.id is not None
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
    if "\x00" in ref_s:  # in no id, slug or name (and PostgreSQL refuses it in a query)
        raise NotFound(f"no prospect with id, slug or name {ref_s!r} (see 'prospect list')")
    if not ref_s:
        raise NotFound("a prospect REF cannot be empty: give an id, a slug or a full name "
                       "(see 'prospect list')")
    if ref_s.isascii() and ref_s.isdigit() and int(ref_s) <= MAX_ID:
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


def count_prospects(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Prospect)).one())


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


def delete_prospect_rows(session: Session, prospect_id: int,
                         event_ids: Sequence[int] = ()) -> dict[str, int]:
    """Delete a prospect and every row that hangs from it (and the events `event_ids`),
    children first; the number of rows deleted per table. The caller commits.

    Explicit deletes, so the result does not depend on the backend's cascade settings.
    """
    from sqlalchemy import delete

    from prospect.store.models import Brief, MeetingAttendee, Snapshot

    pid = prospect_id
    source_ids = select(Source.id).where(Source.prospect_id == pid)
    note_ids = select(Note.id).where(Note.prospect_id == pid)
    steps: list[tuple[str, Any]] = [
        ("note_sources", delete(NoteSource).where(col(NoteSource.note_id).in_(note_ids))),
        ("notes", delete(Note).where(col(Note.prospect_id) == pid)),
        ("facts", delete(Fact).where(col(Fact.prospect_id) == pid)),
        ("snapshots", delete(Snapshot).where(col(Snapshot.source_id).in_(source_ids))),
        ("sources", delete(Source).where(col(Source.prospect_id) == pid)),
        ("briefs", delete(Brief).where(col(Brief.prospect_id) == pid)),
        # a meeting seat holds the person's name and e-mail; the meeting itself stays
        ("meeting_seats", delete(MeetingAttendee).where(col(MeetingAttendee.prospect_id) == pid)),
    ]
    if event_ids:
        steps.append(("events", delete(Event).where(col(Event.id).in_(list(event_ids)))))
    steps.append(("prospect", delete(Prospect).where(col(Prospect.id) == pid)))
    return {name: session.exec(stmt).rowcount for name, stmt in steps}


def remove_prospect(session: Session, ref: str | int, actor: str | None = None) -> Prospect:
    """Delete a prospect and everything that hangs from it."""
    p = get_prospect(session, ref)
    assert p.id is not None
    log_event(session, "prospect.remove", p.id, actor, slug=p.slug)
    delete_prospect_rows(session, p.id)
    session.expunge(p)
    session.commit()
    return p


# -- sources -----------------------------------------------------------------------------------

def add_source(session: Session, ref: str | int, url: str, origin: str = "user",
               actor: str | None = None) -> Source:
    """The prospect's source for `url`, added if it is not there yet (see `source_added`)."""
    return source_added(session, ref, url, origin, actor)[0]


def source_added(session: Session, ref: str | int, url: str, origin: str = "user",
                 actor: str | None = None) -> tuple[Source, bool]:
    """(source, whether it was added now): a URL already present is returned as it is."""
    p = get_prospect(session, ref)
    url = check_url(url)
    if origin not in SOURCE_ORIGINS:
        raise InvalidValue(f"source origin must be one of {', '.join(SOURCE_ORIGINS)}")
    existing = session.exec(select(Source).where(Source.prospect_id == p.id,
                                                 Source.url == url)).first()
    if existing:
        return existing, False
    assert p.id is not None
    s = Source(prospect_id=p.id, url=url, origin=origin)
    session.add(s)
    log_event(session, "source.add", p.id, actor, url=url, origin=origin)
    session.commit()
    session.refresh(s)
    return s, True


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

    session.exec(delete(NoteSource).where(col(NoteSource.source_id) == s.id))
    session.exec(delete(Fact).where(col(Fact.source_id) == s.id))
    session.exec(delete(Snapshot).where(col(Snapshot.source_id) == s.id))
    for note in session.exec(select(Note).where(Note.source_id == s.id)).all():
        note.source_id = None
        note.snapshot_id = None
        session.add(note)
    session.delete(s)
    log_event(session, "source.remove", p.id, actor, url=s.url)
    session.commit()


# -- notes -------------------------------------------------------------------------------------

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
    assert p.id is not None
    n = Note(prospect_id=p.id, source_id=source_id, origin=origin, kind=kind, category=category,
             text=text, text_key=note_key(text), lang=lang or p.lang, confidence=confidence,
             author=author)
    session.add(n)
    session.flush()
    assert n.id is not None
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


def pin_note(session: Session, note_id: int, pinned: bool = True,
             actor: str | None = None) -> Note:
    """Pin a note (it always reaches the brief) or unpin it; logged when it changes."""
    n = get_note(session, note_id)
    if n.pinned != pinned:
        n.pinned, n.updated_at = pinned, utcnow()
        session.add(n)
        log_event(session, "note.pin" if pinned else "note.unpin", n.prospect_id, actor,
                  note_id=n.id)
        session.commit()
        session.refresh(n)
    return n


def delete_note(session: Session, note_id: int, actor: str | None = None) -> Note:
    n = get_note(session, note_id)
    from sqlalchemy import delete

    session.exec(delete(NoteSource).where(col(NoteSource.note_id) == n.id))
    log_event(session, "note.delete", n.prospect_id, actor, note_id=n.id, text=n.text)
    session.delete(n)
    session.commit()
    return n


# -- the `show` shape --------------------------------------------------------------------------

def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


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


# -- many at once (import) ---------------------------------------------------------------------
# Core executemany statements: constructing an ORM object costs ~0.3 ms, a row here ~10 µs.

PROFILE_FIELDS = (*EDITABLE_FIELDS, "phone", "owner", "stage")


@dataclass
class NewProspect:
    """A prospect to create in a batch: its profile fields, web addresses and notes."""

    slug: str
    fields: dict[str, str | None]
    urls: list[str]
    notes: list[str]


@dataclass
class ProspectUpdate:
    """Changes to a prospect's fields ({field: [old, new]}), web addresses and notes to add."""

    prospect_id: int
    changes: dict[str, list[str | None]]
    urls: list[str]
    notes: list[str]
    lang: str = "en"  # the language its new notes are in


def add_prospects(session: Session, items: Sequence[NewProspect], actor: str | None = None,
                  via: str | None = None) -> dict[str, int]:
    """Create many prospects with their sources and notes, logged as `add_prospect` and
    `add_note` log them (plus `via` and the fields set). Returns {slug: id}; the caller
    commits."""

    if not items:
        return {}
    actor, now = actor or default_actor(), utcnow()
    rows = []
    for item in items:
        name = squash(item.fields.get("name") or "")
        if not name:
            raise InvalidValue("a prospect needs a name")
        row: dict[str, Any] = {k: item.fields.get(k) or None for k in PROFILE_FIELDS}
        row.update(slug=item.slug, name=name, lang=check_lang(row["lang"] or "en"))
        rows.append(row)
    table = Prospect.__table__  # type: ignore[attr-defined]
    ids = dict(_insert(session, table, rows, now, ("created_at", "updated_at"),
                       (table.c.slug, table.c.id)))
    extra = {"via": via} if via else {}
    sources, events = [], []
    for row, item in zip(rows, items, strict=True):
        pid, urls = ids[row["slug"]], list(dict.fromkeys(check_url(u) for u in item.urls))
        sources += [{"prospect_id": pid, "url": u} for u in urls]
        events.append(_event(pid, "prospect.add", actor, name=row["name"], urls=urls,
                             fields=[k for k in PROFILE_FIELDS if row[k]], **extra))
    _insert_sources(session, sources, via, now)
    _insert(session, Event.__table__, events, now, ("at",))  # type: ignore[attr-defined]
    _add_notes(session, [(ids[r["slug"]], r["lang"], i.notes) for r, i in zip(rows, items,
                                                                               strict=True)],
               actor, via, now)
    return ids


def update_prospects(session: Session, items: Sequence[ProspectUpdate],
                     actor: str | None = None, via: str | None = None) -> None:
    """Change fields of many prospects and add sources and notes, logged as `edit_prospect`
    logs it (`prospect.edit` with old and new values, plus `via`). The caller commits."""
    from sqlalchemy import bindparam, update

    actor, now = actor or default_actor(), utcnow()
    extra = {"via": via} if via else {}
    table = Prospect.__table__  # type: ignore[attr-defined]
    by_fields: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    sources, events = [], []
    for item in items:
        diff: dict[str, list[str | None]] = {}
        for key, (old, new) in item.changes.items():
            if key not in PROFILE_FIELDS or key == "name":
                raise InvalidValue(f"cannot change field {key!r} in a batch")
            diff[key] = [old, check_lang(new or "") if key == "lang" else (new or None)]
        urls = list(dict.fromkeys(check_url(u) for u in item.urls))
        sources += [{"prospect_id": item.prospect_id, "url": u} for u in urls]
        if diff:
            by_fields.setdefault(tuple(sorted(diff)), []).append(
                {"_id": item.prospect_id, **{k: v[1] for k, v in diff.items()}})
        if diff or urls:
            events.append(_event(item.prospect_id, "prospect.edit", actor, changes=diff,
                                 urls=urls, **extra))
    # one executemany per set of changed fields
    for keys, params in by_fields.items():
        session.execute(update(table).where(table.c.id == bindparam("_id"))
                        .values({**{k: bindparam(k) for k in keys}, "updated_at": now}), params)
    _insert_sources(session, sources, via, now)
    _insert(session, Event.__table__, events, now, ("at",))  # type: ignore[attr-defined]
    _add_notes(session, [(i.prospect_id, i.lang, i.notes) for i in items], actor, via, now)


def _event(pid: int | None, action: str, actor: str, **detail: Any) -> dict[str, Any]:
    return {"prospect_id": pid, "action": action, "actor": actor,
            "detail": json.dumps(detail, default=str, ensure_ascii=False)}


def _insert(session: Session, table: Any, rows: list[dict[str, Any]], now: datetime,
            stamped: tuple[str, ...], returning: tuple[Any, ...] = ()) -> list[Any]:
    """INSERT `rows` in one executemany; the `stamped` time columns all get `now`, converted
    for the database once rather than once per row (a third of an import's time otherwise)."""
    from sqlalchemy import DateTime, String, bindparam, insert, type_coerce

    if not rows:
        return []
    dialect = session.get_bind().dialect
    impl = DateTime(timezone=True)
    convert = impl.bind_processor(dialect)  # SQLite: datetime -> text; psycopg: none
    value = convert(now) if convert else now
    kind = String() if convert else impl
    stmt = insert(table).values({c: type_coerce(bindparam(f"{c}__now"), kind) for c in stamped})
    params = [{**r, **{f"{c}__now": value for c in stamped}} for r in rows]
    if returning:
        return list(session.execute(stmt.returning(*returning), params).all())
    session.execute(stmt, params)
    return []


def _insert_sources(session: Session, rows: list[dict[str, Any]], via: str | None,
                    now: datetime) -> None:
    origin = "import" if via == "import" else "user"
    _insert(session, Source.__table__, [{**r, "origin": origin, "status": "new"}  # type: ignore[attr-defined]
                                        for r in rows], now, ("created_at",))


def _add_notes(session: Session, items: Sequence[tuple[int, str, list[str]]], actor: str,
               via: str | None, now: datetime) -> None:
    origin = "import" if via == "import" else "manual"
    rows = [{"prospect_id": pid, "origin": origin, "kind": "other", "text": t,
             "text_key": note_key(t), "lang": lang, "author": actor, "pinned": False}
            for pid, lang, texts in items for t in dict.fromkeys(squash(x) for x in texts) if t]
    if not rows:
        return
    table = Note.__table__  # type: ignore[attr-defined]
    made = _insert(session, table, rows, now, ("first_seen_at", "last_seen_at", "updated_at"),
                   (table.c.id, table.c.prospect_id, table.c.text))
    tally.mark(session, {pid for pid, _lang, _texts in items})  # a bulk INSERT the ORM does not see
    _insert(session, Event.__table__, [  # type: ignore[attr-defined]
        _event(pid, "note.add", actor, note_id=nid, kind="other", category=None, text=text,
               origin=origin) for nid, pid, text in made], now, ("at",))
