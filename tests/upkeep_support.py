"""Helpers for the upkeep tests: build profiles with web notes, facts, snapshots and briefs."""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta

from sqlmodel import Session

from prospect.store.models import (
    Brief,
    Fact,
    Note,
    NoteSource,
    Prospect,
    Snapshot,
    Source,
    utcnow,
)
from prospect.store.repo import ProspectInput, add_prospect, note_key


def days_ago(n: float) -> datetime:
    return utcnow() - timedelta(days=n)


def person(session: Session, name: str = "Ana García Rojas", company: str | None = "Acme Logística",
           **kw: str) -> Prospect:
    return add_prospect(session, ProspectInput(name=name, company=company, **kw), actor="tester")


def source(session: Session, p: Prospect, url: str) -> Source:
    s = Source(prospect_id=p.id, url=url, status="ok")  # type: ignore[arg-type]
    session.add(s)
    session.commit()
    session.refresh(s)
    return s


def snapshot(session: Session, src: Source, html: str, at: datetime | None = None) -> Snapshot:
    body = html.encode("utf-8")
    snap = Snapshot(source_id=src.id, final_url=src.url, http_status=200,  # type: ignore[arg-type]
                    content_type="text/html", encoding="utf-8", body=zlib.compress(body),
                    content_hash=str(hash(body)), fetched_at=at or utcnow())
    session.add(snap)
    session.commit()
    session.refresh(snap)
    return snap


def web_note(session: Session, p: Prospect, src: Source | None, text: str, kind: str = "goal",
             first: datetime | None = None, last: datetime | None = None,
             gone: datetime | None = None, snap: Snapshot | None = None) -> Note:
    first = first or utcnow()
    n = Note(prospect_id=p.id, source_id=src.id if src else None,  # type: ignore[arg-type]
             snapshot_id=snap.id if snap else None, origin="web" if src else "manual", kind=kind,
             text=text, text_key=note_key(text), lang="en", first_seen_at=first,
             last_seen_at=last or first, gone_at=gone)
    session.add(n)
    session.flush()
    if src is not None:
        session.add(NoteSource(note_id=n.id, source_id=src.id,  # type: ignore[arg-type]
                               snapshot_id=snap.id if snap else None, seen_at=first))
    session.commit()
    session.refresh(n)
    return n


def fact(session: Session, p: Prospect, src: Source | None, field: str, value: str,
         seen: datetime | None = None, gone: datetime | None = None) -> Fact:
    seen = seen or utcnow()
    f = Fact(prospect_id=p.id, source_id=src.id if src else None,  # type: ignore[arg-type]
             field=field, value=value, seen_at=seen, last_seen_at=gone or seen, gone_at=gone)
    session.add(f)
    session.commit()
    session.refresh(f)
    return f


def brief(session: Session, p: Prospect, at: datetime, model: str = "{}") -> Brief:
    b = Brief(prospect_id=p.id, created_at=at, model=model)  # type: ignore[arg-type]
    session.add(b)
    session.commit()
    return b
