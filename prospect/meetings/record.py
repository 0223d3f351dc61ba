"""Keep meetings and their attendees in the store: one row per (uid, recurrence id), so
reading the same calendar again updates rows and never duplicates them."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from sqlmodel import Session, col, select

from prospect.meetings.calendar import CalendarEvent
from prospect.store.models import Meeting, MeetingAttendee, utcnow


def _utc(value: Any) -> Any:
    return value.astimezone(UTC) if value is not None else None


def _same_time(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    a = a.replace(tzinfo=UTC) if a.tzinfo is None else a
    b = b.replace(tzinfo=UTC) if b.tzinfo is None else b
    return bool(a == b)


def save_meeting(session: Session, event: CalendarEvent,
                 attendees: list[tuple[str, str | None, str, int | None]],
                 actor: str | None = None) -> tuple[Meeting, bool]:
    """Insert or update the meeting and set its attendees to `attendees`, each
    (email, name, role, prospect id). Commits; (meeting, whether anything changed)."""
    from prospect.store.repo import log_event

    m = session.exec(select(Meeting).where(Meeting.uid == event.uid,
                                           Meeting.recurrence_id == event.recurrence_id)).first()
    wanted = {"start": _utc(event.start), "end": _utc(event.end), "title": event.title,
              "organiser": event.organiser.email or event.organiser.name
              if event.organiser else None, "location": event.location}
    changed = m is None
    if m is None:
        m = Meeting(uid=event.uid, recurrence_id=event.recurrence_id, **wanted)
        session.add(m)
        session.flush()
    else:
        for key, value in wanted.items():
            old = getattr(m, key)
            same = _same_time(old, value) if key in ("start", "end") else old == value
            if not same:
                setattr(m, key, value)
                changed = True
    rows = {(a.email, a.name): a for a in session.exec(select(MeetingAttendee).where(
        MeetingAttendee.meeting_id == m.id)).all()}
    keep = set()
    for email, name, role, prospect_id in attendees:
        seat = (email, name)
        keep.add(seat)
        row = rows.get(seat)
        if row is None:
            session.add(MeetingAttendee(meeting_id=m.id, email=email, name=name, role=role,  # type: ignore[arg-type]
                                        prospect_id=prospect_id))
            changed = True
        elif (row.role, row.prospect_id) != (role, prospect_id):
            row.role, row.prospect_id = role, prospect_id
            session.add(row)
            changed = True
    for seat, row in rows.items():
        if seat not in keep:
            session.delete(row)
            changed = True
    if changed:
        m.updated_at = utcnow()
        session.add(m)
        log_event(session, "meeting.save", None, actor, meeting_id=m.id, uid=m.uid,
                  title=m.title, start=m.start.isoformat())
    session.commit()
    session.refresh(m)
    return m, changed


def drop_meeting(session: Session, event: CalendarEvent, actor: str | None = None) -> bool:
    """Forget a meeting the calendar now says is cancelled; whether there was one."""
    from prospect.store.repo import log_event

    m = session.exec(select(Meeting).where(Meeting.uid == event.uid,
                                           Meeting.recurrence_id == event.recurrence_id)).first()
    if m is None:
        return False
    from sqlalchemy import delete

    session.exec(delete(MeetingAttendee).where(col(MeetingAttendee.meeting_id) == m.id))
    log_event(session, "meeting.cancel", None, actor, meeting_id=m.id, uid=m.uid, title=m.title)
    session.delete(m)
    session.commit()
    return True
