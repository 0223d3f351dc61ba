"""The figures the prospects table sorts by, stored on each prospect row and kept current.

`prospect.changes_since_brief` (notes and facts that appeared, changed or vanished after the
last brief given), `last_brief_at` and `last_gathered_at` follow from a prospect's notes,
facts, briefs and sources. Working them out on every look at the table costs seconds at a
million notes, so they are stored, and recomputed for the prospects whose inputs changed in
the transaction that changed them, just before it commits:

- every ORM write of a note, fact, brief or source is noticed by the Session (`after_flush`);
- a bulk statement that bypasses the ORM (INSERT or DELETE of many rows) calls `mark()` with
  the prospects it touched.

A recomputation reads the prospect's rows afresh (a few index lookups), so it is right
whatever the order of the writes. On PostgreSQL the prospect rows are locked first: a
transaction committing next to ours then recomputes after ours, from a snapshot that holds
our rows too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, event, exists, func, inspect, or_, select, update
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from prospect.store.models import Brief, Fact, Note, Prospect, Source

PENDING = "prospect.tally.pending"  # key in Session.info: prospect ids to recompute
CHUNK = 500  # ids per statement (SQLite caps bound parameters)
WATCHED = (Note, Fact, Brief, Source)
COLUMNS = ("changes_since_brief", "last_brief_at", "last_gathered_at")


def figures(pid: Any) -> dict[str, Any]:
    """The stored columns as SQL expressions correlated with the prospect id `pid` (a column
    of the prospect table in the enclosing SELECT or UPDATE)."""
    # explicit: SQLAlchemy's automatic correlation only looks one level up, and last_brief
    # sits two levels down (inside the counts) where it would silently become the newest
    # brief of every prospect
    outer = pid.table
    last_brief = (select(func.max(Brief.created_at))
                  .where(Brief.prospect_id == pid, col(Brief.given).is_(True))
                  .correlate(outer).scalar_subquery())
    last_gathered = (select(func.max(Source.last_fetched_at))
                     .where(Source.prospect_id == pid).correlate(outer).scalar_subquery())

    def after(column: Any) -> Any:
        return or_(last_brief.is_(None), column > last_brief)

    notes = (select(func.count()).select_from(Note)
             .where(Note.prospect_id == pid,
                    or_(after(Note.first_seen_at),
                        and_(col(Note.gone_at).is_not(None), after(Note.gone_at))))
             .correlate(outer).scalar_subquery())
    newer = aliased(Fact)
    facts_seen = (select(func.count()).select_from(Fact)
                  .where(Fact.prospect_id == pid, after(Fact.seen_at))
                  .correlate(outer).scalar_subquery())
    # a value that vanished counts, unless a newer value of its field replaced it (one change)
    facts_gone = (select(func.count()).select_from(Fact)
                  .where(Fact.prospect_id == pid, col(Fact.gone_at).is_not(None),
                         after(Fact.gone_at),
                         ~exists().where(col(newer.prospect_id) == pid,
                                         col(newer.field) == col(Fact.field),
                                         col(newer.id) != col(Fact.id), after(newer.seen_at))
                         .correlate(outer, Fact))
                  .correlate(outer).scalar_subquery())
    return {"changes_since_brief": notes + facts_seen + facts_gone,
            "last_brief_at": last_brief, "last_gathered_at": last_gathered}


def _utc(value: Any) -> Any:
    """SQLite hands back naive datetimes (UTC); compare them as aware ones."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]


@cache
def _statements() -> tuple[Any, Any]:
    """(lock, recompute) for the ids bound as `ids`: built once, since building the nested
    selects costs more CPU than running them (every gathered page commits one)."""
    table = Prospect.__table__  # type: ignore[attr-defined]
    ids: Any = bindparam("ids", expanding=True)
    # FOR NO KEY UPDATE: waits for another transaction recomputing these rows, and does not
    # conflict with the key-share locks that inserting notes takes
    lock = (select(table.c.id).where(table.c.id.in_(ids)).order_by(table.c.id)
            .with_for_update(key_share=True))
    return lock, update(table).where(table.c.id.in_(ids)).values(figures(table.c.id))


def refresh(session: Session, prospect_ids: Iterable[int]) -> None:
    """Recompute the stored figures of these prospects now, in the session's transaction."""
    lock, recompute = _statements()
    for ids in _chunks(i for i in prospect_ids if i is not None):
        if session.get_bind().dialect.name == "postgresql":
            session.execute(lock, {"ids": ids}).all()
        session.execute(recompute, {"ids": ids})


def refresh_all(session: Session) -> None:
    """Recompute every prospect's figures (after rows were written by other means)."""
    table = Prospect.__table__  # type: ignore[attr-defined]
    session.execute(update(table).values(figures(table.c.id)))


def computed(session: Session, prospect_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """The figures worked out from the rows now, without the stored columns: {id: (changes,
    last_brief_at, last_gathered_at)}. For checks: they must equal the stored ones."""
    table = Prospect.__table__  # type: ignore[attr-defined]
    out: dict[int, tuple[Any, ...]] = {}
    for ids in _chunks(prospect_ids):
        cols = figures(table.c.id)
        rows = session.execute(select(table.c.id, *(cols[c] for c in COLUMNS))
                               .where(table.c.id.in_(ids))).all()
        out.update({r[0]: tuple(_utc(v) for v in r[1:]) for r in rows})
    return out


def stored(session: Session, prospect_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """The stored figures, as `computed` returns them."""
    table = Prospect.__table__  # type: ignore[attr-defined]
    out: dict[int, tuple[Any, ...]] = {}
    for ids in _chunks(prospect_ids):
        rows = session.execute(select(table.c.id, *(table.c[c] for c in COLUMNS))
                               .where(table.c.id.in_(ids))).all()
        out.update({r[0]: tuple(_utc(v) for v in r[1:]) for r in rows})
    return out


def mark(session: Session, prospect_ids: Iterable[int | None]) -> None:
    """Recompute these prospects' figures before the session commits (for bulk statements
    the ORM does not see)."""
    session.info.setdefault(PENDING, set()).update(i for i in prospect_ids if i is not None)


@event.listens_for(Session, "after_flush")
def _noticed(session: Session, _context: Any) -> None:
    touched = [obj.prospect_id for obj in (*session.new, *session.dirty, *session.deleted)
               if isinstance(obj, WATCHED)]
    for obj in session.dirty:  # a row moved to another prospect changes the one it left too
        if isinstance(obj, WATCHED):
            touched += inspect(obj).attrs.prospect_id.history.deleted or ()
    if touched:
        mark(session, touched)


@event.listens_for(Session, "before_commit")
def _settle(session: Session) -> None:
    session.flush()  # commit would flush next: flush now, so `_noticed` sees the last writes
    pending = session.info.pop(PENDING, None)
    if pending:
        refresh(session, pending)
