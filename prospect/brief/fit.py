"""Make the PDF brief exactly one page: trim the model step by step and re-render until it fits.

The model arrives ranked (best items first). Each step of `LADDER` keeps fewer items and
shorter evidence; whether a step fits is decided by laying out the real PDF, never guessed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prospect.brief.model import CITE, BriefLimits, BriefModel, Change, Item, Line, same_words
from prospect.text import clip

# Most generous first. Hard caps on every field (see `_cap`) keep even the last step bounded.
LADDER: tuple[BriefLimits, ...] = (
    BriefLimits(),
    BriefLimits(4, 4, 170, 10, 3, 280, 2, 3),
    BriefLimits(4, 4, 130, 8, 3, 240, 1, 3),
    BriefLimits(3, 3, 120, 8, 2, 220, 1, 2),
    BriefLimits(3, 3, 90, 6, 2, 180, 1, 2),
    BriefLimits(3, 2, 70, 6, 1, 160, 1, 2),
    BriefLimits(2, 2, 60, 5, 1, 140, 1, 2),
    BriefLimits(2, 2, 0, 4, 1, 120, 1, 1),
)


def _cap(m: BriefModel) -> None:
    """The PDF's hard bounds on every field, whatever the web gave us (a 5,000-character name
    must not win); they hold at every step of the ladder."""
    p = m.prospect
    p.name = clip(p.name, 80)
    p.title, p.company = clip(p.title, 110) or p.title, clip(p.company, 80) or p.company
    p.location = clip(p.location, 60) or p.location
    m.story.plumb_line = clip(m.story.plumb_line, 220) or m.story.plumb_line
    m.story.company = clip(m.story.company, 60) or m.story.company
    for item in m.goals + m.risks:
        item.text, item.question = clip(item.text, 150), clip(item.question, 150)
        for a in item.answered_by:
            a.title, a.proof = clip(a.title, 80), clip(a.proof, 100)
    for n in m.new_since_last:
        n.text, n.room = clip(n.text, 130), min(n.room, 130)
    for s in m.sources:
        s.title = clip(s.title, 80)


def _used(m: BriefModel) -> set[int]:
    used: set[int] = set()
    for part in _cited(m):
        used.update(part.citations)
    for text in _texts(m):
        used.update(int(n) for n in CITE.findall(text))
    return used


def _cited(m: BriefModel) -> list[Item | Change | Line]:
    return [*m.goals, *m.risks, *m.new_since_last, *m.who]


def _texts(m: BriefModel) -> list[str]:
    """Text that may carry "[n]" markers of its own."""
    texts = [w.text for w in m.who] + list(m.price)
    for item in m.goals + m.risks:
        texts += [item.text, item.evidence or ""]
    return texts + [n.text for n in m.new_since_last]


def _renumber(m: BriefModel, limit: int) -> None:
    """Keep the cited sources (then uncited ones) up to `limit`, numbered 1..k, citations too."""
    used = _used(m)
    cited = [s for s in m.sources if s.n in used]
    keep = cited[:limit] + [s for s in m.sources if s.n not in used][: limit - len(cited)]
    keep.sort(key=m.sources.index)
    mapping = {s.n: i + 1 for i, s in enumerate(keep)}

    def sub(text: str) -> str:
        return CITE.sub(lambda x: f"[{mapping[int(x.group(1))]}]"
                        if int(x.group(1)) in mapping else "", text)

    for part in _cited(m):
        part.citations = [mapping[n] for n in part.citations if n in mapping]
    for item in m.goals + m.risks:
        item.text = sub(item.text)
        item.evidence = sub(item.evidence) if item.evidence else item.evidence
    for n in m.new_since_last:
        n.text = sub(n.text)
    for w in m.who:
        w.text = sub(w.text)
    m.price = [sub(line) for line in m.price]
    for s in keep:
        s.n = mapping[s.n]
    m.sources = keep


def trim(model: BriefModel, limits: BriefLimits) -> BriefModel:
    """A copy of `model` showing at most what `limits` allow (ranking order kept)."""
    m = copy.deepcopy(model)
    m.goals = m.goals[: limits.max_goals]
    m.risks = m.risks[: limits.max_risks]
    m.new_since_last = m.new_since_last[: limits.max_new]
    _cap(m)
    for item in m.goals + m.risks:
        item.answered_by = item.answered_by[: limits.max_answers]
        ev = item.evidence or ""
        if same_words(item.text, ev):
            # shown once as a quote (Item.shown_text): the quote must shrink as evidence does
            item.text = clip(item.text, max(limits.max_evidence_chars, 90))
        item.evidence = clip(ev, limits.max_evidence_chars) if limits.max_evidence_chars else ""
    m.who = [Line.from_json(text) for text in _clip_lines([w.to_json() for w in m.who],
                                                          limits.max_who_chars)]
    m.price = [clip(line, 200) for line in m.price if line][: limits.max_price]
    _renumber(m, limits.max_sources)
    return m


def _clip_lines(lines: list[str], budget: int) -> list[str]:
    """Lines of prose within `budget` characters in all, never leaving half a "[12" behind."""
    out = []
    for line in lines:
        if budget < 20:
            break
        text = re.sub(r"\[\d*…$", "…", clip(line, budget))
        out.append(text)
        budget -= len(text) + 1
    return out


@dataclass
class Laid:
    """The laid-out PDF document of one step of the ladder, and how it got there."""

    document: Any
    step: int
    renders: int
    first_pages: int
    clipped: bool = False


@dataclass
class Fitted:
    """The model as shown, its HTML and its laid-out PDF document, and how it got there."""

    model: BriefModel
    html: str
    document: Any
    step: int
    renders: int
    first_pages: int
    clipped: bool = False


def rungs(model: BriefModel, *, lang: str | None = None, paper: str = "a4",
          start: BriefLimits | None = None) -> list[tuple[BriefModel, str]]:
    """Every step of the ladder as (the model as shown, its HTML), most generous first.

    Rendering HTML needs only jinja; laying it out needs WeasyPrint. Kept apart, the two can
    run in different processes (see `prospect.brief.worker`).
    """
    from prospect.brief.render import render

    ladder = list(LADDER)
    if start is not None and start != ladder[0]:
        ladder.insert(0, start)
    shown = [trim(model, limits) for limits in ladder]
    return [(m, render(m, "html", lang=lang, paper=paper)) for m in shown]


def fit_pages(pages: Sequence[str]) -> Laid:
    """Lay out the most generous of `pages` (the HTML of each step) that fits on one page."""
    from prospect.brief.pdf import render_document

    tried: dict[int, Any] = {}

    def attempt(i: int) -> bool:
        tried[i] = render_document(pages[i])
        return len(tried[i].pages) == 1

    if attempt(0):
        return Laid(tried[0], step=0, renders=1, first_pages=1)
    first_pages = len(tried[0].pages)
    # fitting is monotonic along the ladder: binary search for the most generous step that fits
    lo, hi, best = 1, len(pages) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if attempt(mid):
            best, hi = mid, mid - 1
        else:
            lo = mid + 1
    if best is not None:
        return Laid(tried[best], step=best, renders=len(tried), first_pages=first_pages)
    # nothing fits (absurd data): keep the first page of the smallest step, never two pages
    last = len(pages) - 1
    if last not in tried:
        attempt(last)
    doc = tried[last]
    return Laid(doc.copy(doc.pages[:1]), step=last, renders=len(tried),
                first_pages=first_pages, clipped=True)


def fit_rungs(steps: Sequence[tuple[BriefModel, str]]) -> Fitted:
    """Lay out the most generous of `steps` (from `rungs`) that fits on one page."""
    laid = fit_pages([html for _shown, html in steps])
    shown, html = steps[laid.step]
    return Fitted(shown, html, laid.document, laid.step, laid.renders, laid.first_pages,
                  laid.clipped)


def fit_one_page(model: BriefModel, *, lang: str | None = None, paper: str = "a4",
                 start: BriefLimits | None = None) -> Fitted:
    """Render `model` to a one-page PDF document, trimming as little as possible."""
    return fit_rungs(rungs(model, lang=lang, paper=paper, start=start))
