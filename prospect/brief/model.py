"""The brief model (DESIGN.md): typed parts, one `to_json()` that is the `brief --format json`
contract, and `from_json()` to read that shape back (a recorded brief, a hand-written model).

Every format renders a `BriefModel`; templates read its attributes and localise every label
with the language's table (`prospect.labels`), so nothing here is re-defaulted when rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as _field  # a Change has a `field` attribute of its own
from datetime import date
from typing import Any

from prospect.labels import fact_change_text
from prospect.text import clip
from prospect.vocab import known_lang

CITE = re.compile(r"\[(\d{1,3})\]")
_OUR_CITES = re.compile(r"((?:\s\[\d{1,3}\])+)$")


_OPENING_QUOTES = "\"“«„‘'"

@dataclass(frozen=True)
class BriefLimits:
    """How much a brief shows; the fitter lowers these until the PDF is one page."""

    max_goals: int = 4
    max_risks: int = 4
    max_evidence_chars: int = 220
    max_sources: int = 10
    max_new: int = 4
    max_who_chars: int = 320
    max_answers: int = 2
    max_price: int = 3


def same_words(a: str, b: str) -> bool:
    """Whether two texts are the same sentence, one perhaps cut shorter ("…") than the other."""
    def norm(t: str) -> str:
        return " ".join(CITE.sub("", t).replace("…", " ").strip(" \"“”«»'").split())

    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) or a == b


def _ints(values: Any) -> list[int]:
    out = []
    for v in values or []:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            continue
    return out


def _str(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass
class Answer:
    """A story entry (theme, TCO item or risk reducer) that answers a goal or a risk."""

    kind: str  # theme | tco | risk_reducer
    id: str
    title: str
    proof: str = ""
    why: Any = None  # what matched: {category, terms}

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "title": self.title, "proof": self.proof,
                "why": self.why}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Answer:
        proof = raw.get("proof")
        if isinstance(proof, list | tuple):
            proof = proof[0] if proof else ""
        return cls(kind=raw.get("kind") or "theme", id=_str(raw.get("id")),
                   title=_str(raw.get("title")), proof=_str(proof), why=raw.get("why"))


@dataclass
class Item:
    """A goal or a perceived risk: the web's (or the user's) words, or the role's guess."""

    text: str
    category: str | None
    origin: str  # web | manual | paste | import | role
    evidence: str | None = None
    role: str | None = None  # the role a guess comes from (origin "role")
    answered_by: list[Answer] = _field(default_factory=list)
    question: str = ""
    seen_at: str | None = None
    confidence: float | None = None
    note_id: int | None = None
    pinned: bool = False
    citations: list[int] = _field(default_factory=list)

    @property
    def quoted(self) -> bool:
        """The builder quotes a web sentence as its own text: shown once, as a quote."""
        return same_words(self.text, self.evidence or "")

    @property
    def shown_text(self) -> str:
        return max(self.text, self.evidence or "", key=len) if self.quoted else self.text

    @property
    def marks(self) -> bool:
        """Whether a quote needs quotation marks around it: not when the sentence opens with
        its own ("“My first thoughts…,” she said."), which would print two."""
        return self.quoted and self.shown_text.lstrip()[:1] not in _OPENING_QUOTES

    @property
    def shown_evidence(self) -> str:
        return "" if self.quoted else self.evidence or ""

    def heading(self, labels: dict[str, Any]) -> str:
        """The category's name; none for a role's guess, whose text already names it."""
        if self.origin == "role":
            return ""
        category = self.category or ""
        return str(labels["category"].get(category, category.capitalize()))

    def inferred(self, labels: dict[str, Any]) -> bool:
        """A role's guess whose text does not already say "inferred from role"."""
        return self.origin == "role" and labels["inferred"].casefold() \
            not in self.text.casefold()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "evidence": self.evidence,
                               "category": self.category, "origin": self.origin}
        if self.role is not None:
            out["role"] = self.role
        return out | {"answered_by": [a.to_json() for a in self.answered_by],
                      "question": self.question, "seen_at": self.seen_at,
                      "confidence": self.confidence, "note_id": self.note_id,
                      "pinned": self.pinned, "citations": list(self.citations)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Item:
        return cls(text=_str(raw.get("text")), evidence=raw.get("evidence"),
                   category=raw.get("category"), origin=raw.get("origin") or "web",
                   role=raw.get("role"),
                   answered_by=[Answer.from_json(a) for a in raw.get("answered_by") or []],
                   question=_str(raw.get("question")), seen_at=raw.get("seen_at"),
                   confidence=raw.get("confidence"), note_id=raw.get("note_id"),
                   pinned=bool(raw.get("pinned")), citations=_ints(raw.get("citations")))


@dataclass
class Change:
    """Something new since the last brief: a note's words, or a fact's field, old and new
    value (the template names the field in the brief's language)."""

    change: str  # added | changed | gone
    kind: str | None
    text: str = ""  # a note's words; a fact's change is worded by `line`
    field: str | None = None
    old: str | None = None
    new: str | None = None
    citations: list[int] = _field(default_factory=list)
    room: int = 220  # characters a fact's line may take (not part of the JSON)

    def line(self, labels: dict[str, Any]) -> str:
        """What the brief prints after the change's label: "Cargo: CEO → CFO"."""
        if not self.field:
            return self.text
        return clip(fact_change_text(self.field, self.change, self.old, self.new,
                                     words=labels), self.room)

    def to_json(self, labels: dict[str, Any]) -> dict[str, Any]:
        return {"change": self.change, "kind": self.kind, "text": self.line(labels),
                "field": self.field, "old": self.old, "new": self.new,
                "citations": list(self.citations)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Change:
        fact = bool(raw.get("field"))
        return cls(change=raw.get("change") or "added", kind=raw.get("kind"),
                   text="" if fact else _str(raw.get("text")), field=raw.get("field"),
                   old=raw.get("old"), new=raw.get("new"), citations=_ints(raw.get("citations")))


@dataclass
class Line:
    """A line of "who they are" and the sources it cites."""

    text: str
    citations: list[int] = _field(default_factory=list)

    def to_json(self) -> str:
        return self.text + "".join(f" [{n}]" for n in self.citations)

    @classmethod
    def from_json(cls, line: str) -> Line:
        """A line with the " [n]" markers the builder appended split off."""
        m = _OUR_CITES.search(line)
        if not m:
            return cls(line)
        return cls(line[: m.start()].rstrip(), _ints(CITE.findall(m.group(1))))


@dataclass
class SourceRef:
    """A numbered source of the brief and the day it was seen."""

    n: int
    url: str
    title: str | None = None
    seen_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "url": self.url, "title": self.title, "seen_at": self.seen_at}

    @classmethod
    def from_json(cls, raw: dict[str, Any], n: int) -> SourceRef:
        return cls(n=int(raw.get("n") or n), url=_str(raw.get("url")), title=raw.get("title"),
                   seen_at=raw.get("seen_at"))


@dataclass
class Profile:
    """The prospect as `show --json` gives it, without notes."""

    name: str
    id: int | None = None
    slug: str | None = None
    company: str | None = None
    title: str | None = None
    lang: str | None = None
    location: str | None = None
    email: str | None = None
    company_domain: str | None = None
    facts: list[dict[str, Any]] = _field(default_factory=list)  # {field, value, source_url}
    sources: list[dict[str, Any]] = _field(default_factory=list)

    @property
    def links(self) -> list[dict[str, str]]:
        """Up to four links for the header: the e-mail, then web pages (only http(s) ones
        get an href: a `javascript:` address stays text)."""
        links: list[dict[str, str]] = []
        if self.email:
            links.append({"text": self.email, "href": ""})
        seen = set()
        for f in self.facts:
            if f.get("field") in ("url", "same_as") and f.get("value"):
                value = str(f["value"]).strip()
                if value in seen:
                    continue
                seen.add(value)
                safe = value.lower().startswith(("http://", "https://"))
                links.append({"text": re.sub(r"^https?://(www\.)?", "", value).rstrip("/"),
                              "href": value if safe else ""})
        return links[:4]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "slug": self.slug, "name": self.name, "company": self.company,
                "title": self.title, "lang": self.lang, "location": self.location,
                "email": self.email, "company_domain": self.company_domain,
                "facts": self.facts, "sources": self.sources}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Profile:
        return cls(name=_str(raw.get("name")), id=raw.get("id"), slug=raw.get("slug"),
                   company=raw.get("company"), title=raw.get("title"), lang=raw.get("lang"),
                   location=raw.get("location"), email=raw.get("email"),
                   company_domain=raw.get("company_domain"),
                   facts=list(raw.get("facts") or []), sources=list(raw.get("sources") or []))


@dataclass
class StoryRef:
    """Which company story the brief was tied to (none loaded: a hint says how to load one)."""

    company: str | None = None
    plumb_line: str | None = None
    website: str | None = None
    version: int | None = None
    loaded: bool = True
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"company": self.company, "plumb_line": self.plumb_line,
               "website": self.website, "version": self.version, "loaded": self.loaded}
        return out if self.hint is None else out | {"hint": self.hint}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> StoryRef:
        return cls(company=raw.get("company"), plumb_line=raw.get("plumb_line"),
                   website=raw.get("website"), version=raw.get("version"),
                   loaded=raw.get("loaded", True) is not False, hint=raw.get("hint"))


@dataclass
class Meeting:
    """The meeting a brief is for (meeting packs): local start and end, ISO, and the zone."""

    start: str
    end: str | None = None
    zone: str = ""
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "start": self.start, "end": self.end, "zone": self.zone}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Meeting | None:
        if not raw or not raw.get("start"):
            return None
        return cls(start=str(raw["start"]), end=raw.get("end"), zone=_str(raw.get("zone")),
                   title=_str(raw.get("title")))


@dataclass
class BriefModel:
    """The one thing every format renders."""

    prospect: Profile
    story: StoryRef
    lang: str
    date: str  # ISO day the brief was prepared
    who: list[Line] = _field(default_factory=list)
    goals: list[Item] = _field(default_factory=list)
    risks: list[Item] = _field(default_factory=list)
    new_since_last: list[Change] = _field(default_factory=list)
    first_brief: bool = False
    price: list[str] = _field(default_factory=list)
    sources: list[SourceRef] = _field(default_factory=list)
    note_ids: list[int] = _field(default_factory=list)
    meeting: Meeting | None = None
    given: bool | None = None  # written to a file or sent (set when produced)

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md shape of `brief --format json`."""
        from prospect.labels import labels

        words = labels(self.lang)
        out: dict[str, Any] = {
            "prospect": self.prospect.to_json(), "story": self.story.to_json(),
            "lang": self.lang, "date": self.date, "who": [w.to_json() for w in self.who],
            "goals": [g.to_json() for g in self.goals],
            "risks": [r.to_json() for r in self.risks],
            "new_since_last": [n.to_json(words) for n in self.new_since_last],
            "first_brief": self.first_brief, "price": list(self.price),
            "sources": [s.to_json() for s in self.sources], "note_ids": list(self.note_ids)}
        if self.meeting is not None:
            out["meeting"] = self.meeting.to_json()
        if self.given is not None:
            out["given"] = self.given
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> BriefModel:
        """Read the JSON shape back; what a hand-written model leaves out gets its default."""
        who = raw.get("who") or []
        price = raw.get("price") or []
        prospect = Profile.from_json(raw.get("prospect") or {})
        return cls(
            prospect=prospect, story=StoryRef.from_json(raw.get("story") or {}),
            lang=known_lang(raw.get("lang") or prospect.lang) or "en",
            date=_str(raw.get("date")) or date.today().isoformat(),
            who=[Line.from_json(w) for w in _lines(who)],
            goals=[Item.from_json(g) for g in raw.get("goals") or []],
            risks=[Item.from_json(r) for r in raw.get("risks") or []],
            new_since_last=[Change.from_json(n) for n in raw.get("new_since_last") or []],
            first_brief=bool(raw.get("first_brief")), price=_lines(price),
            sources=[SourceRef.from_json(s, i + 1) for i, s in enumerate(raw.get("sources")
                                                                         or [])],
            note_ids=_ints(raw.get("note_ids")), meeting=Meeting.from_json(raw.get("meeting")
                                                                           or {}),
            given=raw.get("given"))


def _lines(value: Any) -> list[str]:
    """A list of lines; a single string is split at its line breaks."""
    if isinstance(value, str):
        return [p for p in (s.strip() for s in value.split("\n")) if p]
    return [" ".join(str(v).split()) for v in value if v]
