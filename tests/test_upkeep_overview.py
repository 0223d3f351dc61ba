"""Every prospect at a glance: the overview's columns agree with `changes`, sort and page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session
from upkeep_support import brief, days_ago, fact, person, source, web_note

from prospect.errors import InvalidValue
from prospect.store.models import Brief, Meeting, MeetingAttendee, utcnow
from prospect.upkeep.changes import changes
from prospect.upkeep.overview import overview


def _meeting(session: Session, uid: str, start_in_days: float, title: str,
             *attendees: int) -> None:
    m = Meeting(uid=uid, start=utcnow() + timedelta(days=start_in_days), title=title)
    session.add(m)
    session.flush()
    for pid in attendees:
        session.add(MeetingAttendee(meeting_id=m.id, prospect_id=pid, email=f"{pid}@x.test"))
    session.commit()


def test_changes_count_matches_the_changes_list(session: Session) -> None:
    ana = person(session)
    src = source(session, ana, "https://acme.example/ana")
    web_note(session, ana, src, "We want to open two new routes.", first=days_ago(10))
    brief(session, ana, days_ago(5))
    web_note(session, ana, src, "Delays worry us.", kind="risk", first=days_ago(2))
    web_note(session, ana, src, "Old goal.", first=days_ago(9), gone=days_ago(1))
    fact(session, ana, src, "job_title", "COO", seen=days_ago(9), gone=days_ago(1))
    fact(session, ana, src, "job_title", "CEO", seen=days_ago(1))
    fact(session, ana, src, "location", "Lima", seen=days_ago(1))
    bob = person(session, "Bob Stone", "Stone Ltd")
    web_note(session, bob, source(session, bob, "https://stone.example/"), "Grow.",
             first=days_ago(3))
    rows = {r.slug: r for r in overview(session).rows}
    for p in (ana, bob):
        assert rows[p.slug].changes == len(changes(session, p)), p.slug
    assert rows[ana.slug].changes == 4  # new risk, gone goal, title changed, location added


def test_each_prospect_counts_changes_from_its_own_last_brief(session: Session) -> None:
    ana, bob = person(session), person(session, "Bob Stone", "Stone Ltd")
    for p in (ana, bob):
        web_note(session, p, None, "Older news.", first=days_ago(20))
        web_note(session, p, None, "Newer news.", first=days_ago(5))
    brief(session, ana, days_ago(10))
    brief(session, bob, days_ago(1))  # not ana's: her newer note is still news
    rows = {r.slug: r.changes for r in overview(session).rows}
    assert rows == {p.slug: len(changes(session, p)) for p in (ana, bob)}
    assert rows == {ana.slug: 1, bob.slug: 0}


def test_a_preview_does_not_count_as_the_last_brief(session: Session) -> None:
    ana = person(session)
    web_note(session, ana, source(session, ana, "https://acme.example/ana"), "Grow.",
             first=days_ago(3))
    given = brief(session, ana, days_ago(2))
    session.add(Brief(prospect_id=ana.id, created_at=days_ago(1), given=False))  # type: ignore[arg-type]
    session.commit()
    row = overview(session).rows[0]
    assert row.last_brief is not None
    assert abs((row.last_brief - given.created_at.replace(tzinfo=row.last_brief.tzinfo))
               .total_seconds()) < 1


def test_next_meeting_is_the_soonest_one_ahead(session: Session) -> None:
    ana, bob = person(session), person(session, "Bob Stone", "Stone Ltd")
    _meeting(session, "past", -1, "Kick-off", ana.id)  # type: ignore[arg-type]
    _meeting(session, "later", 5, "Review", ana.id)  # type: ignore[arg-type]
    _meeting(session, "soon", 1, "Demo", ana.id, bob.id)  # type: ignore[arg-type]
    rows = {r.slug: r for r in overview(session).rows}
    assert rows[ana.slug].next_meeting_title == "Demo"
    assert rows[bob.slug].next_meeting_title == "Demo"
    ordered = overview(session, sort="next-meeting").rows
    assert [r.slug for r in ordered][:2] == sorted([ana.slug, bob.slug], key=lambda s: (
        rows[s].next_meeting, rows[s].id))


def test_sort_filter_and_pages(session: Session) -> None:
    names = ["Carla Díaz", "Ana Ruiz", "Bruno Paz", "Dora Lee"]
    made = [person(session, n, f"{n.split()[1]} SA") for n in names]
    web_note(session, made[2], None, "One.", first=days_ago(1))
    web_note(session, made[2], None, "Two.", first=days_ago(1))
    web_note(session, made[3], None, "Three.", first=days_ago(1))
    assert [r.name for r in overview(session).rows] == sorted(names)
    assert [r.name for r in overview(session, sort="changes").rows][:2] == ["Bruno Paz",
                                                                           "Dora Lee"]
    page = overview(session, offset=1, limit=2)
    assert page.total == 4 and [r.name for r in page.rows] == ["Bruno Paz", "Carla Díaz"]
    found = overview(session, query="paz")
    assert found.total == 1 and found.rows[0].name == "Bruno Paz"
    assert overview(session, query="nobody here").rows == []
    with pytest.raises(InvalidValue):
        overview(session, sort="age")
