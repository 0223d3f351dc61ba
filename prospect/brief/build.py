"""Build the brief model (DESIGN.md): who, goals and risks tied to the story, price, sources.

Goals and risks come from notes (evidence) and, where the web says nothing about a category,
from the role playbook (labelled as inferred). The result is a typed `BriefModel`,
deterministic and within every limit, so a renderer can shrink it to a page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from prospect.brief.model import (
    Answer,
    BriefLimits,
    BriefModel,
    Change,
    Item,
    Line,
    Profile,
    SourceRef,
    StoryRef,
)
from prospect.text import clip

if TYPE_CHECKING:
    from sqlmodel import Session

    from prospect.analyse.tieback import Match, TieBack
    from prospect.store.models import Note, Prospect, Source
    from prospect.story import Story

MAX_CITES_PER_ITEM = 2
_PHRASES = {
    "en": {"role": "Inferred from role ({role}): {category}", "at": "{title} at {company}",
           "value": "Lead with value: {what}.", "value_plumb": "Lead with value: {what}",
           "tco": "Compare the total cost, not the price: {what}.",
           "safe": "Make the decision safe rather than cheaper: {what}."},
    "es": {"role": "Inferido del cargo ({role}): {category}", "at": "{title} en {company}",
           "value": "Empiece por el valor: {what}.", "value_plumb": "Empiece por el valor: {what}",
           "tco": "Compare el costo total, no el precio: {what}.",
           "safe": "Haga que la decisión sea segura, no más barata: {what}."},
}


@dataclass
class _Cited:
    """A shown part of the brief while its sources are numbered: the source ids it cites."""

    part: Item | Change | Line
    src: list[int]
    note_id: int | None = None  # a "who" line's note
    had: bool = False  # cited something, before the cap on sources


def _day(value: Any) -> str | None:
    return value.date().isoformat() if value is not None else None


# -- evidence and role items ---------------------------------------------------------------------

def _note_sources(session: Session, notes: list[Note]) -> dict[int, list[int]]:
    """note id -> the sources it was seen on (first source first)."""
    from sqlmodel import col, select

    from prospect.store.models import NoteSource

    out: dict[int, list[int]] = defaultdict(list)
    for n in notes:
        if n.source_id is not None:
            out[n.id].append(n.source_id)  # type: ignore[index]
    ids = [n.id for n in notes]
    if ids:
        rows = session.exec(select(NoteSource).where(col(NoteSource.note_id).in_(ids))
                            .order_by(col(NoteSource.id))).all()
        for ns in rows:
            if ns.source_id not in out[ns.note_id]:
                out[ns.note_id].append(ns.source_id)
    return out


USER_ORIGINS = ("manual", "paste", "import")


def _rank_key(note: Note) -> tuple[Any, ...]:
    """Pinned notes first, then the user's own notes (newest first), then web notes by
    confidence (recency breaks ties)."""
    conf = note.confidence if note.confidence is not None else 0.5
    own = note.origin in USER_ORIGINS
    return (not note.pinned, not own, 0.0 if own else -round(conf, 2),
            -note.last_seen_at.toordinal(), -(note.id or 0) if own else note.id or 0)


def _overlaps(a: Note, b: Note) -> bool:
    ka, kb = a.text_key or "", b.text_key or ""
    return bool(ka and kb) and (ka in kb or kb in ka)


def _evidence_items(notes: list[Note], kind: str, cites: dict[int, list[int]], tie: TieBack,
                    lang: str, limits: BriefLimits) -> list[_Cited]:
    from prospect.analyse.questions import question_for

    chosen: list[Note] = []
    categories: set[str | None] = set()
    for n in sorted((n for n in notes if n.kind == kind), key=_rank_key):
        if any(_overlaps(n, m) for m in chosen):
            continue  # a headline or paste repeating a sentence already shown
        if not n.pinned and n.origin not in USER_ORIGINS and n.category in categories:
            continue  # one web note per category, so the story's answers vary
        chosen.append(n)
        categories.add(n.category)
    items = []
    for n in chosen:
        match = tie.for_goal if kind == "goal" else tie.for_risk
        text = clip(n.text, limits.max_evidence_chars)
        item = Item(text=text, evidence=text, category=n.category, origin=n.origin,
                    answered_by=_answers(match(n.category, n.text, limits.max_answers), limits),
                    question=question_for(kind, n.category, lang),
                    seen_at=_day(n.last_seen_at), confidence=n.confidence, note_id=n.id,
                    pinned=bool(n.pinned))
        items.append(_Cited(item, cites.get(n.id, [])[:MAX_CITES_PER_ITEM]))  # type: ignore[arg-type]
    return items


def _answers(matches: list[Match], limits: BriefLimits) -> list[Answer]:
    answers = [Answer.from_json(m.as_dict()) for m in matches[: limits.max_answers]]
    for a in answers:
        a.proof = clip(a.proof, limits.max_evidence_chars)
    return answers


def _role_items(kind: str, guessed: dict[str, Any], covered: set[str | None], tie: TieBack,
                lang: str, limits: BriefLimits) -> list[_Cited]:
    from prospect.analyse.questions import question_for
    from prospect.labels import category_label

    items = []
    for category, role in guessed.items():
        if category in covered:
            continue
        label = category_label(category, lang)
        # the category's names (EN, ES) and the role's words stand in for the missing sentence
        query = " ".join([category_label(category, "en"), category_label(category, "es"),
                          *role.hints])
        match = tie.for_goal if kind == "goal" else tie.for_risk
        text = _PHRASES[lang]["role"].format(role=role.label(lang), category=label)
        items.append(_Cited(Item(
            text=clip(text, limits.max_evidence_chars), category=category, origin="role",
            role=role.label(lang),
            answered_by=_answers(match(category, query, limits.max_answers), limits),
            question=question_for(kind, category, lang)), []))
        break  # at most one guess per section, and only where nothing was found
    return items


def _titles(prospect: Prospect, facts: list[Any]) -> list[str]:
    titles = [prospect.title or ""]
    titles += [f.value for f in sorted(facts, key=lambda f: (-f.seen_at.toordinal(), f.id))
               if f.field == "job_title"]
    return [t for t in titles if t.strip()]


# -- who, price, citations -----------------------------------------------------------------------

def _who(prospect: Prospect, facts: list[Any], bios: list[Note], cites: dict[int, list[int]],
         lang: str) -> list[tuple[str, list[int], int | None]]:
    """Candidate lines (text, source ids, note id), best first."""
    by_field: dict[str, Any] = {}
    for f in sorted(facts, key=lambda f: (-f.seen_at.toordinal(), -(f.id or 0))):
        by_field.setdefault(f.field, f)
    lines: list[tuple[str, list[int], int | None]] = []
    title_f, org_f = by_field.get("job_title"), by_field.get("organization")
    title = prospect.title or (title_f.value if title_f else "")
    company = prospect.company or (org_f.value if org_f else "")
    src = [f.source_id for f, used in ((title_f, not prospect.title),
                                       (org_f, not prospect.company))
           if f is not None and used and f.source_id is not None]
    if title and company:
        head = _PHRASES[lang]["at"].format(title=title, company=company)
    else:
        head = title or company
    if prospect.location and head:
        head = f"{head} · {prospect.location}"
    if head:
        lines.append((head, list(dict.fromkeys(src)), None))
    desc = by_field.get("description")
    for n in sorted(bios, key=_rank_key):
        lines.append((n.text, cites.get(n.id, [])[:MAX_CITES_PER_ITEM], n.id))  # type: ignore[arg-type]
    if desc is not None:
        lines.insert(1 if head else 0,
                     (desc.value, [desc.source_id] if desc.source_id else [], None))
    return lines[:3]


def _price(story: Story | None, goals: list[Item], risks: list[Item], lang: str,
           limits: BriefLimits) -> list[str]:
    """How to talk about price: value first, total cost, a safer yes; never a discount."""
    if story is None:
        return []  # the template's own line says: value and total cost, not discounts
    ph = _PHRASES[lang]
    theme = next((a for g in goals for a in g.answered_by if a.kind == "theme"), None)
    if theme:
        what = f"{theme.title} ({theme.proof})" if theme.proof else theme.title
        lines = [ph["value"].format(what=what)]
    else:
        lines = [ph["value_plumb"].format(what=story.company.plumb_line)]
    tco_ids = [a.id for r in risks for a in r.answered_by if a.kind == "tco"]
    tco = [t for t in story.tco if t.id in tco_ids] or list(story.tco)
    tco = sorted(tco, key=lambda t: tco_ids.index(t.id) if t.id in tco_ids else len(tco_ids))
    if tco:
        lines.append(ph["tco"].format(what="; ".join(t.title for t in tco[:3])))
    # a reducer that answers a budget worry speaks to price best; then any shown, then any
    shown = [(r.category, a) for r in risks for a in r.answered_by if a.kind == "risk_reducer"]
    reducer = next((a.title for c, a in shown if c == "budget"),
                   shown[0][1].title if shown else None)
    if reducer is None and story.risk_reducers:
        reducer = next((r.title for r in story.risk_reducers if "budget" in r.answers),
                       story.risk_reducers[0].title)
    if reducer:
        lines.append(ph["safe"].format(what=reducer))
    return [clip(line, max(limits.max_evidence_chars, 80)) for line in lines[: limits.max_price]]


def _number_sources(entries: list[_Cited], keep: int) -> list[tuple[int, int]]:
    """Turn each entry's source ids into its part's `citations` (numbers); [(n, source id)].

    Numbers follow the order of first citation. Every entry's first source is served before
    anyone's second, so extra sources never crowd out whole items; sources past `keep` go.
    """
    primary = {e.src[0] for e in entries if e.src}
    spare = max(keep - len(primary), 0)
    extra: set[int] = set()
    numbers: dict[int, int] = {}
    for e in entries:
        chosen = e.src[:1]
        for sid in e.src[1:]:
            if sid in primary or sid in extra or spare > 0:
                if sid not in primary and sid not in extra:
                    extra.add(sid)
                    spare -= 1
                chosen.append(sid)
        cited = [numbers.setdefault(sid, len(numbers) + 1) for sid in chosen]
        # an entry whose every source is past the cap is dropped by _drop_uncited
        e.had = bool(cited)
        e.part.citations = list(dict.fromkeys(n for n in cited if n <= keep))
    return sorted((n, sid) for sid, n in numbers.items() if n <= keep)


def _drop_uncited(entries: list[_Cited]) -> list[_Cited]:
    return [e for e in entries if not e.had or e.part.citations]


# -- the builder ---------------------------------------------------------------------------------

def build_brief(session: Session, prospect: Prospect, *, lang: str | None = None,
                limits: BriefLimits | None = None, today: date | None = None) -> BriefModel:
    """The brief model of `prospect` against the active story (without one: no tie-back)."""
    from sqlmodel import col, select

    from prospect.analyse.playbook import guess
    from prospect.analyse.tieback import TieBack
    from prospect.store import repo
    from prospect.store.models import Fact
    from prospect.story import NO_STORY, Company, Story, active_story
    from prospect.upkeep.changes import last_brief_at, new_since_last

    limits = limits or BriefLimits()
    found = active_story(session)
    story, sv = found if found is not None else (None, None)
    lang = repo.check_lang(lang or prospect.lang or "en")
    # without a story nothing is tied back; goals, risks and questions still show
    if story is not None:
        story = story.for_lang(lang)  # the story's texts in the brief's language where given
    tie = TieBack(story or Story(Company("", ""), [], [], []))
    notes = list(repo.list_notes(session, prospect.id))  # type: ignore[arg-type]
    facts = list(session.exec(select(Fact).where(Fact.prospect_id == prospect.id,
                                                 col(Fact.gone_at).is_(None))).all())
    cites = _note_sources(session, notes)
    sources: dict[int, Source] = {s.id: s for s in repo.list_sources(session, prospect.id)}  # type: ignore[arg-type, misc]

    role = guess(_titles(prospect, facts))
    sections: dict[str, list[_Cited]] = {}
    for kind, guessed, cap in (("goal", role.goals, limits.max_goals),
                               ("risk", role.risks, limits.max_risks)):
        items = _evidence_items(notes, kind, cites, tie, lang, limits)
        if not items:  # a role's usual concern stands in only where nothing was found
            items = _role_items(kind, guessed, set(), tie, lang, limits)
        pinned = sum(1 for i in items if isinstance(i.part, Item) and i.part.pinned)
        sections[kind] = items[: max(cap, pinned, 0)]

    who_lines: list[_Cited] = []
    budget = limits.max_who_chars
    candidates = _who(prospect, facts, [n for n in notes if n.kind == "bio"], cites, lang)
    for i, (text, src, note_id) in enumerate(candidates):
        # the lines left share what is left; " [n]" markers count in a line's length
        room = budget // (len(candidates) - i) - 5 * len(src)
        text = clip(text, room)
        if room < 20 or not text:
            break
        who_lines.append(_Cited(Line(text), src, note_id=note_id))
        budget -= len(text) + 5 * len(src) + 1
    by_url = {s.url: sid for sid, s in sources.items()}
    new = [_Cited(Change(change=c.change, kind=c.kind, field=c.field, old=c.old, new=c.new,
                         text="" if c.field else clip(c.text, limits.max_evidence_chars),
                         room=limits.max_evidence_chars),
                  [by_url[c.source_url]] if c.source_url in by_url else [])
           for c in new_since_last(session, prospect)[: max(limits.max_new, 0)]]
    shown = [who_lines, sections["goal"], sections["risk"], new]
    for part in shown:
        for e in part:  # a link to a page this prospect no longer has cannot be cited
            e.src = [sid for sid in e.src if sid in sources]
    numbered = _number_sources([e for part in shown for e in part], max(limits.max_sources, 0))
    who_lines, goal_parts, risk_parts, new = (_drop_uncited(part) for part in shown)
    goals = [e.part for e in goal_parts if isinstance(e.part, Item)]
    risks = [e.part for e in risk_parts if isinstance(e.part, Item)]
    return BriefModel(
        prospect=Profile.from_json(repo.prospect_dict(session, prospect, with_notes=False)),
        story=(StoryRef(story.company.name, story.company.plumb_line, story.company.website,
                        sv.id)
               if story is not None and sv is not None else
               StoryRef(loaded=False, hint=NO_STORY)),
        lang=lang,
        date=(today or date.today()).isoformat(),
        who=[e.part for e in who_lines if isinstance(e.part, Line)],
        goals=goals,
        risks=risks,
        new_since_last=[e.part for e in new if isinstance(e.part, Change)],
        first_brief=last_brief_at(session, prospect) is None,
        price=_price(story, goals, risks, lang, limits),
        sources=[SourceRef(n, sources[sid].url, sources[sid].title,
                           _day(sources[sid].last_fetched_at or sources[sid].created_at))
                 for n, sid in numbered],
        note_ids=[i.note_id for i in goals + risks if i.note_id is not None]
        + [e.note_id for e in who_lines if e.note_id is not None],
    )
