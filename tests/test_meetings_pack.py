"""The pack's parts: the agenda line on each person, the meeting a brief shows (escaped in
every format), and the cover laid out with the brief's stack."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from prospect.brief.model import BriefModel
from prospect.brief.render import render
from prospect.meetings.pack import AgendaItem, AgendaPerson, agenda_line, cover_html

MADRID = ZoneInfo("Europe/Madrid")
HOSTILE = "<script>alert(1)</script> **bold** [x](http://evil.example)"


def _model(**extra):  # type: ignore[no-untyped-def]
    return BriefModel.from_json({"lang": "en", "prospect": {"name": "Ana García", "title": "COO",
                                       "company": "Acme", "facts": []},
            "story": {"company": "Brightline", "plumb_line": "On time."}, "who": [],
            "goals": [], "risks": [], "new_since_last": [], "price": [], "sources": [],
            **extra})


def test_agenda_line_prefers_a_job_change_then_a_goal_then_who() -> None:
    role_goal = {"origin": "role", "text": "Inferred from role", "category": "efficiency"}
    web_goal = {"origin": "web", "text": "Cut late deliveries [1]", "category": "reliability"}
    assert agenda_line(_model(who=["COO at Acme"], goals=[role_goal])) == ""
    assert agenda_line(_model(who=["COO at Acme", "Leads logistics [2]"])) == "Leads logistics"
    assert agenda_line(_model(goals=[role_goal, web_goal])) == \
        "Reliability: Cut late deliveries"
    change = {"change": "changed", "kind": "fact", "text": "Job title: VP → COO"}
    assert agenda_line(_model(goals=[web_goal], new_since_last=[change])) == \
        "Changed: Job title: VP → COO"
    nobody = _model(prospect={"name": "Tom"})
    assert agenda_line(nobody).startswith("Nothing public found yet")


def test_a_brief_shows_its_meeting_escaped_in_every_format() -> None:
    start = datetime(2026, 12, 9, 11, 0, tzinfo=MADRID)
    meeting = {"title": HOSTILE, "start": start.isoformat(),
               "end": start.replace(minute=45).isoformat(), "zone": "CET"}
    html = render(_model(meeting=meeting), "html")
    assert "9 Dec 2026, 11:00–11:45 CET" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    md = render(_model(meeting=meeting), "md")
    assert "9 Dec 2026, 11:00–11:45 CET" in md and "<script>" not in md
    assert "\\*\\*bold\\*\\*" in md
    txt = render(_model(meeting=meeting), "txt")
    assert "Meeting: 9 Dec 2026, 11:00–11:45 CET" in txt
    # without a meeting, nothing is said about one
    assert "Meeting" not in render(_model(), "txt").split("\n", 3)[2]
    assert 'class="meeting"' not in render(_model(), "html")


def test_the_cover_lists_the_agenda_escaped() -> None:
    start = datetime(2026, 12, 9, 9, 0, tzinfo=MADRID)
    item = AgendaItem(1, "u", start, start.replace(minute=30), HOSTILE, "Room 1",
                      [AgendaPerson(1, "ana", "Ana <b>García</b>", "ana@x.test", True,
                                    "COO · Acme", "Cut late deliveries")], ["Sam Seller"])
    html = cover_html(date(2026, 12, 9), "Europe/Madrid", [item])
    assert "Wednesday 9 Dec 2026" in html and "09:00–09:30" in html
    assert "<script>alert" not in html and "<b>García" not in html
    assert "Ana &lt;b&gt;García&lt;/b&gt;" in html and "Sam Seller" in html
    es = cover_html(date(2026, 12, 9), "Europe/Madrid", [item], lang="es")
    assert "miércoles 9 dic 2026" in es
