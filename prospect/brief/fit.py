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

from prospect.brief.model import BriefLimits
from prospect.brief.render import CITE, same_words
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


def _cap(model: dict[str, Any]) -> None:
    """Bound every field, whatever the web gave us (a 5,000-character name must not win)."""
    p = model.setdefault("prospect", {})
    for key, n in (("name", 80), ("title", 110), ("company", 80), ("location", 60)):
        if p.get(key):
            p[key] = clip(p[key], n)
    story = model.setdefault("story", {})
    if story.get("plumb_line"):
        story["plumb_line"] = clip(story["plumb_line"], 220)
    if story.get("company"):
        story["company"] = clip(story["company"], 60)
    for item in (model.get("goals") or []) + (model.get("risks") or []):
        item["text"] = clip(item.get("text"), 150)
        item["question"] = clip(item.get("question"), 150)
        for a in item.get("answered_by") or []:
            a["title"] = clip(a.get("title"), 80)
            proof = a.get("proof")
            a["proof"] = clip(proof[0] if isinstance(proof, list) and proof else
                              proof if isinstance(proof, str) else "", 100)
    for n in model.get("new_since_last") or []:
        n["text"] = clip(n.get("text"), 130)
    for s in model.get("sources") or []:
        s["title"] = clip(s.get("title"), 80)


def _used(model: dict[str, Any]) -> set[int]:
    used: set[int] = set()
    for item in model["goals"] + model["risks"] + model["new_since_last"]:
        used.update(int(n) for n in item.get("citations") or [] if str(n).isdigit())
    for text in _texts(model):
        used.update(int(n) for n in CITE.findall(text))
    return used


def _texts(model: dict[str, Any]) -> list[str]:
    who = model.get("who") or []
    price = model.get("price") or []
    texts = [who] if isinstance(who, str) else list(who)
    texts += [price] if isinstance(price, str) else list(price)
    for item in model["goals"] + model["risks"] + model["new_since_last"]:
        texts += [item.get("text") or "", item.get("evidence") or ""]
    return texts


def _renumber(model: dict[str, Any], limit: int) -> None:
    """Keep the cited sources (then uncited ones) up to `limit`, numbered 1..k, citations too."""
    used = _used(model)
    sources = model.get("sources") or []
    cited = [s for s in sources if s.get("n") in used]
    keep = cited[:limit] + [s for s in sources if s.get("n") not in used][: limit - len(cited)]
    keep.sort(key=lambda s: sources.index(s))
    mapping = {s["n"]: i + 1 for i, s in enumerate(keep)}

    def sub(text: str) -> str:
        return CITE.sub(lambda m: f"[{mapping[int(m.group(1))]}]"
                        if int(m.group(1)) in mapping else "", text)

    for item in model["goals"] + model["risks"] + model["new_since_last"]:
        item["citations"] = [mapping[n] for n in item.get("citations") or [] if n in mapping]
        for key in ("text", "evidence"):
            if item.get(key):
                item[key] = sub(item[key])
    for key in ("who", "price"):
        value = model.get(key)
        if isinstance(value, str):
            model[key] = sub(value)
        elif value:
            model[key] = [sub(v) for v in value]
    model["sources"] = [{**s, "n": mapping[s["n"]]} for s in keep]


def trim(model: dict[str, Any], limits: BriefLimits) -> dict[str, Any]:
    """A copy of `model` showing at most what `limits` allow (ranking order kept)."""
    m = copy.deepcopy(model)
    m["goals"] = list(m.get("goals") or [])[: limits.max_goals]
    m["risks"] = list(m.get("risks") or [])[: limits.max_risks]
    m["new_since_last"] = list(m.get("new_since_last") or [])[: limits.max_new]
    _cap(m)
    for item in m["goals"] + m["risks"]:
        item["answered_by"] = list(item.get("answered_by") or [])[: limits.max_answers]
        ev = item.get("evidence") or ""
        if same_words(item.get("text") or "", ev):
            # shown once as a quote (see render.view): the quote must shrink as evidence does
            item["text"] = clip(item["text"], max(limits.max_evidence_chars, 90))
        item["evidence"] = clip(ev, limits.max_evidence_chars) if limits.max_evidence_chars else ""
    who = m.get("who")
    m["who"] = _clip_lines([who] if isinstance(who, str) else list(who or []),
                           limits.max_who_chars)
    price = m.get("price")
    lines = [price] if isinstance(price, str) else list(price or [])
    m["price"] = [clip(line, 200) for line in lines if line][: limits.max_price]
    _renumber(m, limits.max_sources)
    return m


def _clip_lines(lines: list[str], budget: int) -> list[str]:
    """Lines of prose within `budget` characters in all, never leaving half a "[12" behind."""
    out = []
    for line in lines:
        if budget < 20:
            break
        text = re.sub(r"\[\d*…$", "…", clip(str(line), budget))
        out.append(text)
        budget -= len(text) + 1
    return out


@dataclass
class Fitted:
    """The model as shown, its laid-out PDF document and how it got there."""

    model: dict[str, Any]
    html: str
    document: Any
    step: int
    renders: int
    first_pages: int
    clipped: bool = False


def rungs(model: dict[str, Any], *, lang: str | None = None, paper: str = "a4",
          start: BriefLimits | None = None) -> list[tuple[dict[str, Any], str]]:
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


def fit_rungs(steps: Sequence[tuple[dict[str, Any], str]]) -> Fitted:
    """Lay out the most generous of `steps` (from `rungs`) that fits on one page."""
    from prospect.brief.pdf import render_document

    tried: dict[int, tuple[dict[str, Any], str, Any]] = {}

    def attempt(i: int) -> bool:
        shown, html = steps[i]
        tried[i] = (shown, html, render_document(html))
        return len(tried[i][2].pages) == 1

    if attempt(0):
        return Fitted(*tried[0], step=0, renders=1, first_pages=1)
    first_pages = len(tried[0][2].pages)
    # fitting is monotonic along the ladder: binary search for the most generous step that fits
    lo, hi, best = 1, len(steps) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if attempt(mid):
            best, hi = mid, mid - 1
        else:
            lo = mid + 1
    if best is not None:
        return Fitted(*tried[best], step=best, renders=len(tried), first_pages=first_pages)
    # nothing fits (absurd data): keep the first page of the smallest step, never two pages
    last = len(steps) - 1
    if last not in tried:
        attempt(last)
    shown, html, doc = tried[last]
    return Fitted(shown, html, doc.copy(doc.pages[:1]), step=last, renders=len(tried),
                  first_pages=first_pages, clipped=True)


def fit_one_page(model: dict[str, Any], *, lang: str | None = None, paper: str = "a4",
                 start: BriefLimits | None = None) -> Fitted:
    """Render `model` to a one-page PDF document, trimming as little as possible."""
    return fit_rungs(rungs(model, lang=lang, paper=paper, start=start))
