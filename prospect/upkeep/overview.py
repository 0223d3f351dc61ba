"""Every prospect at a glance: last gathered, last brief, changes since it, next meeting.

One query feeds `prospect list` and the browser workspace's table. Each column is a
correlated subquery on an indexed foreign key, so a page of rows costs the same at 10,000
prospects as at 10; sorting by a computed column reads every prospect once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, exists, func, literal, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from prospect.errors import InvalidValue
from prospect.store.models import (
    Brief,
    Fact,
    Meeting,
    MeetingAttendee,
    Note,
    Prospect,
    Source,
)

SORTS = ("name", "company", "last-gathered", "last-brief", "changes", "next-meeting")


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


def check_sort(sort: str) -> str:
    sort = (sort or "name").strip().lower().replace("_", "-")
    if sort not in SORTS:
        raise InvalidValue(f"--sort must be one of {', '.join(SORTS)}, got {sort!r}")
    return sort


def _columns(now: datetime) -> dict[str, Any]:
    """The computed columns, each correlated with the outer Prospect row."""
    pid = Prospect.id
    last_gathered = (select(func.max(Source.last_fetched_at))
                     .where(Source.prospect_id == pid).scalar_subquery())
    last_brief = (select(func.max(Brief.created_at))
                  .where(Brief.prospect_id == pid, col(Brief.given).is_(True))
                  .scalar_subquery())
    # the next meeting this prospect attends, from now on
    upcoming = (select(Meeting.start, Meeting.title)
                .join(MeetingAttendee, col(MeetingAttendee.meeting_id) == col(Meeting.id))
                .where(MeetingAttendee.prospect_id == pid, col(Meeting.start) >= now)
                .order_by(col(Meeting.start)).limit(1))
    next_start = upcoming.with_only_columns(col(Meeting.start)).scalar_subquery()
    next_title = upcoming.with_only_columns(col(Meeting.title)).scalar_subquery()

    def after(column: Any) -> Any:
        return or_(last_brief.is_(None), column > last_brief)

    notes = (select(func.count()).select_from(Note)
             .where(Note.prospect_id == pid,
                    or_(after(Note.first_seen_at),
                        and_(col(Note.gone_at).is_not(None), after(Note.gone_at))))
             .scalar_subquery())
    newer = aliased(Fact)
    facts_seen = (select(func.count()).select_from(Fact)
                  .where(Fact.prospect_id == pid, after(Fact.seen_at)).scalar_subquery())
    # a value that vanished counts, unless a newer value of its field replaced it (one change)
    facts_gone = (select(func.count()).select_from(Fact)
                  .where(Fact.prospect_id == pid, col(Fact.gone_at).is_not(None),
                         after(Fact.gone_at),
                         ~exists().where(col(newer.prospect_id) == pid,
                                         col(newer.field) == Fact.field,
                                         col(newer.id) != Fact.id, after(newer.seen_at)))
                  .scalar_subquery())
    return {"last_gathered": last_gathered, "last_brief": last_brief,
            "changes": notes + facts_seen + facts_gone,
            "next_meeting": next_start, "next_meeting_title": next_title}


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
    cols = _columns(now or datetime.now(UTC))
    where = _filter(query)
    if ids is not None:
        where = or_(where, col(Prospect.id).in_(ids)) if query else col(Prospect.id).in_(ids)
    total = session.exec(select(func.count()).select_from(Prospect).where(where)).one()
    key = {"name": func.lower(Prospect.name), "company": func.lower(Prospect.company),
           "last-gathered": cols["last_gathered"], "last-brief": cols["last_brief"],
           "changes": cols["changes"], "next-meeting": cols["next_meeting"]}[sort]
    # "most changes" and "latest first" are what a person means by those sorts
    desc = descending != (sort in ("changes", "last-gathered", "last-brief"))
    order = (key.is_(None), key.desc() if desc else key.asc(), col(Prospect.id))
    if sort in ("name", "company") and limit is not None:
        # a plain column decides the page: pick its ids first, so the computed columns are
        # worked out for the rows shown, not for every row skipped on the way
        page = select(Prospect.id).where(where).order_by(*order).offset(offset).limit(limit)
        where, offset = col(Prospect.id).in_(page.scalar_subquery()), 0
    stmt = (select(Prospect.id, Prospect.slug, Prospect.name, Prospect.company,  # type: ignore[call-overload]
                   Prospect.title, *cols.values())
            .where(where).order_by(*order).offset(offset))
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = [OverviewRow(id=r[0], slug=r[1], name=r[2], company=r[3], title=r[4],
                        last_gathered=_aware(r[5]), last_brief=_aware(r[6]),
                        changes=int(r[7] or 0), next_meeting=_aware(r[8]),
                        next_meeting_title=r[9])
            for r in session.exec(stmt).all()]
    return Overview(rows=rows, total=int(total))
