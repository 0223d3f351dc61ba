"""Every prospect at a glance: last gathered, last brief, changes since it, next meeting.

One query feeds `prospect list` and the browser workspace's table. Changes since the last
brief, last brief and last gathered are stored on the prospect row (`prospect.store.tally`
keeps them current), so any sort or filter picks a page from the prospect rows alone; the
next meeting is one correlated index lookup per prospect.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, literal, or_
from sqlmodel import Session, col, select

from prospect.errors import InvalidValue
from prospect.store.models import (
    Meeting,
    MeetingAttendee,
    Prospect,
)

SORTS = ("name", "company", "last-gathered", "last-brief", "changes", "next-meeting")
MOST_FIRST = ("changes", "last-gathered", "last-brief")  # their natural order is descending


@dataclass(frozen=True)
class OverviewRow:
    id: int
    slug: str
    name: str
    company: str | None
    title: str | None
    last_gathered: datetime | None
    last_brief: datetime | None
    changes: int  # what appeared, changed or vanished since the last brief given
    next_meeting: datetime | None
    next_meeting_title: str | None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("last_gathered", "last_brief", "next_meeting"):
            value = out[key]
            out[key] = value.isoformat(timespec="seconds") if value is not None else None
        return out


@dataclass(frozen=True)
class Overview:
    rows: list[OverviewRow]
    total: int  # prospects matching the filter, all pages


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def shows_descending(sort: str, descending: bool = False) -> bool:
    """Whether rows come largest or latest first: "most changes" and "latest first" are what
    a person means by those sorts; `descending` turns the natural order round."""
    return descending != (sort in MOST_FIRST)


def check_sort(sort: str) -> str:
    sort = (sort or "name").strip().lower().replace("_", "-")
    if sort not in SORTS:
        raise InvalidValue(f"--sort must be one of {', '.join(SORTS)}, got {sort!r}")
    return sort


def _next_meeting(now: datetime) -> tuple[Any, Any]:
    """The start and title of the next meeting the outer Prospect row attends, from now on."""
    upcoming = (select(Meeting.start, Meeting.title)
                .join(MeetingAttendee, col(MeetingAttendee.meeting_id) == col(Meeting.id))
                .where(MeetingAttendee.prospect_id == Prospect.id, col(Meeting.start) >= now)
                .order_by(col(Meeting.start)).limit(1))
    return (upcoming.with_only_columns(col(Meeting.start)).scalar_subquery(),
            upcoming.with_only_columns(col(Meeting.title)).scalar_subquery())


def _filter(query: str | None) -> Any:
    if not query or not query.strip():
        return literal(True)
    words = query.strip().lower().split()
    clauses = []
    for w in words:
        like = f"%{w}%"
        clauses.append(or_(func.lower(Prospect.name).like(like),
                           func.lower(func.coalesce(Prospect.company, "")).like(like),
                           func.lower(func.coalesce(Prospect.title, "")).like(like),
                           func.lower(Prospect.slug).like(like)))
    return and_(*clauses)


def overview(session: Session, *, query: str | None = None, sort: str = "name",
             descending: bool = False, offset: int = 0, limit: int | None = None,
             now: datetime | None = None, ids: list[int] | None = None) -> Overview:
    """One page of prospects with their upkeep columns.

    `query` keeps prospects whose name, company, title or slug holds every word (the
    browser adds full-text hits through `ids`). Prospects with no value in the sort column
    come last either way.
    """
    sort = check_sort(sort)
    if offset < 0 or (limit is not None and limit < 1):
        raise InvalidValue("offset must be 0 or more and limit at least 1")
    next_start, next_title = _next_meeting(now or datetime.now(UTC))
    where = _filter(query)
    if ids is not None:
        where = or_(where, col(Prospect.id).in_(ids)) if query else col(Prospect.id).in_(ids)
    key = {"name": func.lower(Prospect.name), "company": func.lower(Prospect.company),
           "last-gathered": col(Prospect.last_gathered_at),
           "last-brief": col(Prospect.last_brief_at),
           "changes": col(Prospect.changes_since_brief), "next-meeting": next_start}[sort]
    desc = shows_descending(sort, descending)
    order = (key.is_(None), key.desc() if desc else key.asc(), col(Prospect.id))
    total, matching = None, where
    if limit is not None:
        # the page's ids first, from the prospect rows alone (the sort columns are stored, or
        # one index lookup for the next meeting), counting the matches in the same pass; the
        # rest is read for the rows shown only
        filtered = query is not None or ids is not None
        count = func.count().over() if filtered else literal(None)  # else a plain COUNT is cheaper
        picked = session.exec(select(Prospect.id, count)
                              .where(where).order_by(*order).offset(offset).limit(limit)).all()
        total = picked[0][1] if picked and filtered else None
        where, offset = col(Prospect.id).in_([r[0] for r in picked]), 0
    if total is None:  # no filter, every row (`prospect list`), or a page past the last one
        total = session.exec(select(func.count()).select_from(Prospect).where(matching)).one()
    stmt = (select(Prospect.id, Prospect.slug, Prospect.name, Prospect.company,  # type: ignore[call-overload, misc]
                   Prospect.title, Prospect.last_gathered_at, Prospect.last_brief_at,
                   Prospect.changes_since_brief, next_start, next_title)
            .where(where).order_by(*order).offset(offset))
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = [OverviewRow(id=r[0], slug=r[1], name=r[2], company=r[3], title=r[4],
                        last_gathered=_aware(r[5]), last_brief=_aware(r[6]),
                        changes=int(r[7] or 0), next_meeting=_aware(r[8]),
                        next_meeting_title=r[9])
            for r in session.exec(stmt).all()]
    return Overview(rows=rows, total=int(total))
