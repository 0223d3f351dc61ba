"""Read one day's meetings from an iCalendar file or feed (icalendar + recurring-ical-events).

Times come out in the user's zone. All-day and cancelled events are set apart; a repeating
meeting gives one occurrence, keyed by its recurrence id. A feed is fetched through the
gathering fetcher, so it is as polite (User-Agent, robots.txt, size cap, redirects) as a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from prospect.config import GatherSettings
from prospect.errors import CalendarError
from prospect.text import squash

FEED_SCHEMES = ("http://", "https://", "webcal://")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CALENDAR_MAX_BYTES = 50 * 1024 * 1024  # a calendar with years of history outgrows a page's cap


@dataclass(frozen=True)
class Person:
    """An organiser or attendee as the calendar names them."""

    email: str  # lower-case, without "mailto:"; "" when the calendar gives none
    name: str | None = None
    cutype: str = "individual"  # individual | group | resource | room | unknown
    declined: bool = False


@dataclass
class CalendarEvent:
    """One timed occurrence of a meeting, its times in the user's zone."""

    uid: str
    recurrence_id: str  # "" for a single event, the occurrence's start (UTC ISO) otherwise
    start: datetime
    end: datetime | None
    title: str
    location: str | None = None
    organiser: Person | None = None
    attendees: list[Person] = field(default_factory=list)
    cancelled: bool = False


@dataclass
class DayEvents:
    """The meetings of one day, by start time, and what was left out."""

    day: date
    meetings: list[CalendarEvent]
    cancelled: list[CalendarEvent]
    all_day: int = 0


def read_source(source: str, settings: GatherSettings | None = None) -> bytes:
    """The bytes of a calendar: a local file, or an http(s)/webcal feed fetched politely."""
    if source.lower().startswith(FEED_SCHEMES):
        return _fetch(source, settings or GatherSettings.from_env())
    path = Path(source).expanduser()
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CalendarError(f"cannot read the calendar {source}: "
                            f"{exc.strerror or exc}") from None


def _fetch(url: str, settings: GatherSettings) -> bytes:
    import asyncio

    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://"):]
    result = asyncio.run(_get(url, settings))
    if result.status != "ok" or result.body is None:
        raise CalendarError(f"cannot fetch the calendar {url}: "
                            f"{result.error or result.status}")
    return result.body


async def _get(url: str, settings: GatherSettings) -> Any:
    import httpx

    from prospect.gather.fetch import Fetcher, accepts_any
    from prospect.gather.limits import HostLimiter

    headers = {"User-Agent": settings.user_agent, "Accept": "text/calendar, */*;q=0.1"}
    async with httpx.AsyncClient(headers=headers, timeout=settings.timeout,
                                 follow_redirects=False) as client:
        fetcher = Fetcher(client, settings, HostLimiter(1, 1, settings.delay))
        return await fetcher.fetch(url, accept=accepts_any, max_bytes=CALENDAR_MAX_BYTES)


def parse(data: bytes, label: str = "calendar") -> Any:
    """An icalendar Calendar; CalendarError with the reason when the bytes are not one."""
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the file's fault
        raise CalendarError(f"{label} is not a readable iCalendar file: {_reason(exc)}") from None
    if getattr(cal, "name", "") != "VCALENDAR":
        raise CalendarError(f"{label} is not an iCalendar file (no VCALENDAR)")
    return cal


def _text(value: Any) -> str:
    """Calendar text as one clean line: no control characters (a database refuses NUL)."""
    return squash(_CONTROL.sub(" ", str(value or "")))


def _reason(exc: Exception) -> str:
    return squash(str(exc))[:200] or type(exc).__name__


def events_on(data: bytes, day: date, tz: tzinfo, label: str = "calendar") -> DayEvents:
    """The timed meetings starting on `day` (local), repeating ones expanded."""
    import recurring_ical_events

    cal = parse(data, label)
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start + timedelta(days=1)
    method_cancel = str(cal.get("METHOD") or "").upper() == "CANCEL"
    try:
        # the library stamps every occurrence with a RECURRENCE-ID; only a repeating
        # meeting's (or a moved occurrence's) identifies anything
        repeating = {str(c.get("UID") or "") for c in cal.walk("VEVENT")
                     if any(c.get(k) is not None for k in ("RRULE", "RDATE", "RECURRENCE-ID"))}
        found = list(recurring_ical_events.of(cal).between(start, end))
        out = DayEvents(day, [], [])
        for ev in found:
            if not isinstance(ev.decoded("DTSTART"), datetime):
                out.all_day += 1
                continue
            event = _event(ev, tz, method_cancel, repeating)
            if event.start.date() != day:
                continue  # began the day before
            (out.cancelled if event.cancelled else out.meetings).append(event)
    except CalendarError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken property anywhere is the file's fault
        raise CalendarError(f"{label} has an event that cannot be read: {_reason(exc)}") from None
    out.meetings.sort(key=lambda e: (e.start, e.title, e.uid))
    return out


def _local(value: Any, tz: tzinfo) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):  # a date: midnight
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:  # floating time: the user's own
        value = value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _event(ev: Any, tz: tzinfo, method_cancel: bool, repeating: set[str]) -> CalendarEvent:
    uid = _text(ev.get("UID"))
    start = _local(ev.decoded("DTSTART"), tz)
    assert start is not None
    end = _local(ev.decoded("DTEND"), tz) if ev.get("DTEND") is not None else None
    if end is None and ev.get("DURATION") is not None:
        end = start + ev.decoded("DURATION")
    rid = ""
    if ev.get("RECURRENCE-ID") is not None and str(ev.get("UID") or "") in repeating:
        rid_at = _local(ev.decoded("RECURRENCE-ID"), tz)
        rid = rid_at.astimezone(UTC).isoformat() if rid_at else ""
    title = _text(ev.get("SUMMARY"))
    if not uid:  # no UID breaks the RFC; the start and title still name it
        uid = f"no-uid:{start.astimezone(UTC).isoformat()}:{title}"
    organiser = _person(ev.get("ORGANIZER"))
    raw = ev.get("ATTENDEE") or []
    attendees = [p for p in (_person(a) for a in (raw if isinstance(raw, list) else [raw])) if p]
    status = str(ev.get("STATUS") or "").upper()
    location = _text(ev.get("LOCATION")) or None
    return CalendarEvent(uid, rid, start, end, title, location, organiser, attendees,
                         cancelled=status == "CANCELLED" or method_cancel)


def _person(value: Any) -> Person | None:
    if value is None:
        return None
    address = _text(value)
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:"):]
    params = getattr(value, "params", {}) or {}
    name = _text(params.get("CN")).strip("\"'") or None
    email = address.strip().lower() if "@" in address else ""
    if not email and not name:
        return None
    cutype = str(params.get("CUTYPE") or "individual").lower()
    declined = str(params.get("PARTSTAT") or "").upper() == "DECLINED"
    return Person(email, name, cutype, declined)
