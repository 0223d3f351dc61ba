"""The meeting pack: a cover with the day's agenda, then each attendee's one-page brief.

Everything is laid out by the brief's WeasyPrint stack (prospect.brief.pdf) and the pages of
every document are joined into one PDF by WeasyPrint itself (`Document.copy(pages)`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from prospect.brief.model import CITE, BriefModel, Meeting
from prospect.brief.render import format_date
from prospect.labels import labels
from prospect.text import clip, fold

MAX_TITLE = 120


@dataclass
class AgendaPerson:
    """An external attendee as the agenda shows them, with one line about them."""

    prospect_id: int
    slug: str
    name: str
    email: str
    new: bool
    role: str = ""
    line: str = ""
    brief: Path | None = None


@dataclass
class AgendaItem:
    """One meeting of the day: its local times, title, external people and colleagues."""

    meeting_id: int
    uid: str
    start: datetime
    end: datetime | None
    title: str
    location: str | None = None
    people: list[AgendaPerson] = field(default_factory=list)
    colleagues: list[str] = field(default_factory=list)

    def time(self) -> str:
        end = f"–{self.end.strftime('%H:%M')}" if self.end else ""
        return f"{self.start.strftime('%H:%M')}{end}"

    def for_brief(self) -> Meeting:
        """The `meeting` of a brief model: local times with their offset."""
        return Meeting(title=clip(self.title, MAX_TITLE), start=self.start.isoformat(),
                       end=self.end.isoformat() if self.end else None,
                       zone=self.start.tzname() or "")


def role_of(model: BriefModel) -> str:
    """"Title · Company": the profile's, else the newest facts gathered."""
    p = model.prospect
    facts = {f.get("field"): f.get("value") for f in reversed(p.facts)}
    title = p.title or facts.get("job_title")
    company = p.company or facts.get("organization")
    return " · ".join(str(v) for v in (title, company) if v)


def agenda_line(model: BriefModel) -> str:
    """One line on a person for the agenda: a job change, else their first goal found on the
    web or in a note, else who they are; citation markers dropped (the cover cites nothing)."""
    lab = labels(model.lang)
    job = next((n for n in model.new_since_last
                if n.change == "changed" and n.kind == "fact"), None)
    goal = next((g for g in model.goals if g.origin != "role"), None)
    if job is not None:
        text = f"{lab['change']['changed']}: {job.line(lab)}"
    elif goal is not None:
        label = lab["category"].get(goal.category or "", "")
        text = f"{label}: {goal.text}" if label else goal.text
    else:
        role = [fold(w) for w in role_of(model).split(" · ")]
        who = [CITE.sub("", w.to_json()).strip() for w in model.who]
        # the line saying "title at company" repeats what the agenda already shows
        text = next((w for w in who if not all(r in fold(w) for r in role)), "")
        if not text and not role_of(model):
            text = lab["who_empty"]
    return clip(" ".join(CITE.sub("", text).split()), 160)


def day_label(day: date, lang: str) -> str:
    lab = labels(lang)
    days = lab.get("days") or labels("en")["days"]
    return f"{days[day.weekday()]} {format_date(day, lang)}"


def cover_html(day: date, zone: str, items: list[AgendaItem], *, story: str = "",
               lang: str = "en", paper: str = "a4") -> str:
    """The agenda page as standalone HTML (the brief's stylesheet inlined)."""
    from prospect.brief.render import render_page

    meetings = [{"time": i.time(), "title": clip(i.title, MAX_TITLE),
                 "location": clip(i.location, 80) if i.location else "",
                 "people": [{"name": clip(p.name, 80), "role": clip(p.role, 110),
                             "line": p.line, "new": p.new} for p in i.people],
                 "colleagues": [clip(c, 60) for c in i.colleagues]} for i in items]
    return render_page("pack.html.j2", paper=paper, lang=lang, L=labels(lang),
                       day=day_label(day, lang), zone=zone, story=story, meetings=meetings)


def join(documents: list[Any], path: Path) -> int:
    """Write the pages of `documents`, in order, as one PDF; the number of pages."""
    from prospect.brief.pdf import write_pdf

    pages = [page for doc in documents for page in doc.pages]
    write_pdf(documents[0].copy(pages), path)
    return len(pages)
