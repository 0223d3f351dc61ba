"""Reading a day from an iCalendar file or feed: local times, repeating meetings, all-day and
cancelled events set apart, broken files and feeds as one clear error."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from gather_support import Reply
from meetings_support import DAY_ICS

from prospect.config import GatherSettings
from prospect.errors import CalendarError
from prospect.meetings.calendar import events_on, read_source

MADRID = ZoneInfo("Europe/Madrid")
DEC_9 = date(2026, 12, 9)


def _day(tz=MADRID, day=DEC_9):  # type: ignore[no-untyped-def]
    return events_on(DAY_ICS.read_bytes(), day, tz)


def test_the_day_has_three_timed_meetings_in_local_time() -> None:
    day = _day()
    assert [(m.start.strftime("%H:%M"), m.end.strftime("%H:%M"), m.title)  # type: ignore[union-attr]
            for m in day.meetings] == [
        ("09:00", "09:30", "Weekly check-in with Acme"),
        ("11:00", "11:45", "Intro call: Norte Freight"),
        ("16:00", "17:00", "Pilot scoping (New York)"),  # 10:00 in New York
    ]
    assert all(m.start.utcoffset() == MADRID.utcoffset(datetime(2026, 12, 9))
               for m in day.meetings)
    assert day.all_day == 1
    assert [c.title for c in day.cancelled] == ["Demo for Sur Cargo (cancelled)"]


def test_a_repeating_meeting_is_keyed_by_its_occurrence() -> None:
    weekly, intro, _ = _day().meetings
    assert weekly.uid == "weekly-acme@brightline.test"
    assert weekly.recurrence_id == "2026-12-09T08:00:00+00:00"
    assert intro.recurrence_id == ""
    next_week = _day(day=date(2026, 12, 16)).meetings
    assert [m.recurrence_id for m in next_week if m.uid == weekly.uid] == [
        "2026-12-16T08:00:00+00:00"]
    assert _day(day=date(2026, 12, 10)).meetings == []  # a Thursday: nothing


def test_attendees_keep_names_rooms_and_lower_case_mail() -> None:
    weekly = _day().meetings[0]
    assert weekly.organiser is not None and weekly.organiser.email == "sam@brightline.test"
    by_mail = {a.email: a for a in weekly.attendees}
    assert by_mail["ana.garcia@acme-logistica.test"].name == "Ana García Rojas"
    assert by_mail["atlantico@resource.calendar.google.com"].cutype == "room"
    assert weekly.location == "Room Atlántico"


def test_another_zone_moves_the_day() -> None:
    new_york = _day(ZoneInfo("America/New_York"))
    assert [(m.start.strftime("%H:%M"), m.title) for m in new_york.meetings] == [
        ("03:00", "Weekly check-in with Acme"), ("05:00", "Intro call: Norte Freight"),
        ("10:00", "Pilot scoping (New York)")]


@pytest.mark.parametrize("data", [b"this is not a calendar", b"", b"BEGIN:VEVENT\r\nEND:VEVENT\r\n",
                                  b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:notadate"
                                  b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"])
def test_a_broken_file_is_a_calendar_error(data: bytes) -> None:
    with pytest.raises(CalendarError, match="broken.ics"):
        events_on(data, DEC_9, MADRID, label="broken.ics")


def test_a_missing_file_is_a_calendar_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CalendarError, match="cannot read the calendar"):
        read_source(str(tmp_path / "nope.ics"))


def test_a_feed_is_fetched_politely(sites) -> None:  # type: ignore[no-untyped-def]
    site = sites({"/cal.ics": Reply(200, DAY_ICS.read_bytes(),
                                    {"Content-Type": "text/calendar; charset=utf-8"})})
    settings = GatherSettings(delay=0, contact="mailto:test@example.org")
    data = read_source(site.url("/cal.ics"), settings)
    assert data == DAY_ICS.read_bytes()
    assert site.paths() == ["/robots.txt", "/cal.ics"]
    assert site.seen[1].headers["user-agent"] == settings.user_agent
    assert "text/calendar" in site.seen[1].headers["accept"]
    with pytest.raises(CalendarError, match="cannot fetch the calendar .*HTTP 404"):
        read_source(site.url("/gone.ics"), settings)


def test_control_characters_never_reach_the_store() -> None:
    data = DAY_ICS.read_bytes().replace(b"SUMMARY:Intro call", b"SUMMARY:Intro\x00\x07 call")
    data = data.replace(b"CN=Bruno D", b"CN=Bru\x00no D")
    intro = _day_of(data).meetings[1]
    assert intro.title == "Intro call: Norte Freight"
    assert "\x00" not in "".join(a.name or "" for a in intro.attendees)


def _day_of(data: bytes):  # type: ignore[no-untyped-def]
    return events_on(data, DEC_9, MADRID)
