"""The tie-back: which story theme answers a goal, which TCO item or risk reducer a risk.

Deterministic and explainable: an entry must serve (or answer) the note's category, then
entries are ranked by BM25 over their own text (title, keywords, story, proof), accent- and
case-insensitive, English and Spanish, with a light suffix stemmer. Each match says why: the
category and the terms the note shares with the entry.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from prospect.stopwords import stopwords
from prospect.story import Story
from prospect.text import fold

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_RAW_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

STOPWORDS = stopwords("theme_filler")

# plural-bearing endings first; else the plural goes, then one suffix (longest first)
_PLURAL_SUFFIXES = ("amientos", "imientos", "aciones", "iciones", "ations", "ciones", "idades")
_SUFFIXES = ("amiento", "imiento", "acion", "icion", "ation", "mente", "ment", "cion", "idad",
             "ness", "ing", "ion", "ity", "ate", "ed", "er", "o", "a", "e")
STEM_LEN = 7
_FIELD_WEIGHTS = {"title": 2.0, "keywords": 2.0, "text": 1.0}
_K1, _B = 1.2, 0.75
PHRASE_BONUS = 1.0
MAX_TERMS = 6


def stem(token: str) -> str:
    """A crude EN/ES stem: 'integración', 'integration', 'integrations' -> 'integr'."""
    token = fold(token)
    if len(token) <= 3 or token.isdigit():
        return token
    for suffix in _PLURAL_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)][:STEM_LEN]
    if token.endswith("ies") and len(token) > 4:
        token = token[:-3] + "y"
    elif token.endswith("s") and not token.endswith("ss") and len(token) > 4:
        token = token[:-1]
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            token = token[: -len(suffix)]
            break
    return token[:STEM_LEN]


def words(text: str) -> list[str]:
    """Folded words of `text` without stop words, in order."""
    return [w for w, _ in _pairs(text)]


def _pairs(text: str) -> list[tuple[str, str]]:
    """(folded word, word as written in lower case) for the content words of `text`."""
    out = []
    for raw in _RAW_WORD.findall(text.lower()):
        for w in _WORD.findall(fold(raw)):
            if w not in STOPWORDS and len(w) > 1:
                out.append((w, raw if fold(raw) == w else w))
    return out


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


@dataclass
class Match:
    """One story entry that answers a note, and why."""

    kind: str  # theme | tco | risk_reducer
    id: str
    title: str
    proof: str
    category: str | None
    terms: list[str]
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "title": self.title, "proof": self.proof,
                "why": {"category": self.category, "terms": list(self.terms)}}


@dataclass
class _Entry:
    kind: str
    id: str
    title: str
    proof: str
    categories: list[str]
    keywords: list[str]
    order: int
    tf: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    length: float = 0.0
    kw_stems: list[list[str]] = field(default_factory=list)


def _entries(story: Story) -> list[_Entry]:
    out: list[_Entry] = []
    for t in story.themes:
        out.append(_Entry("theme", t.id, t.title, t.proof[0] if t.proof else "", t.serves,
                          t.keywords, len(out)))
        _fill(out[-1], t.title, t.keywords, " ".join([t.story, *t.proof]))
    # reducers before TCO items: at equal overlap a reducer is the more direct answer to a fear
    for r in story.risk_reducers:
        out.append(_Entry("risk_reducer", r.id, r.title, r.detail, r.answers, r.keywords,
                          len(out)))
        _fill(out[-1], r.title, r.keywords, r.detail)
    for c in story.tco:
        out.append(_Entry("tco", c.id, c.title, c.detail, c.answers, c.keywords, len(out)))
        _fill(out[-1], c.title, c.keywords, c.detail)
    return out


def _fill(entry: _Entry, title: str, keywords: list[str], text: str) -> None:
    for name, value in (("title", title), ("keywords", " ".join(keywords)), ("text", text)):
        for s in stems(value):
            entry.tf[s] += _FIELD_WEIGHTS[name]
    entry.length = sum(entry.tf.values())
    entry.kw_stems = [stems(kw) for kw in keywords]  # once per story, not once per note


class TieBack:
    """Matches notes to one story; build once per brief, ask many times."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.entries = _entries(story)
        n = len(self.entries)
        df: Counter[str] = Counter()
        for e in self.entries:
            df.update(e.tf.keys())
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.avg_len = (sum(e.length for e in self.entries) / n) if n else 1.0

    def _score(self, entry: _Entry, pairs: list[tuple[str, str]], note_stems: list[str],
               joined: str) -> tuple[float, list[str]]:
        score = 0.0
        for s in dict.fromkeys(note_stems):
            tf = entry.tf.get(s, 0.0)
            if tf:
                norm = tf + _K1 * (1 - _B + _B * entry.length / (self.avg_len or 1.0))
                score += self.idf[s] * tf * (_K1 + 1) / norm
        terms: list[str] = []
        covered: set[str] = set()
        # phrases are reported as the story writes them, single words as the note does
        for kw, kw_stems in zip(entry.keywords, entry.kw_stems, strict=True):
            if len(kw_stems) > 1 and f" {' '.join(kw_stems)} " in joined:
                score += PHRASE_BONUS
                if not set(kw_stems) <= covered:
                    terms.append(kw)
                covered.update(kw_stems)
        for (_, written), s in zip(pairs, note_stems, strict=True):
            if s in entry.tf and s not in covered:
                terms.append(written)
                covered.add(s)
        return score, terms[:MAX_TERMS]

    def _rank(self, kinds: tuple[str, ...], category: str | None, text: str) -> list[Match]:
        pairs = _pairs(text)  # the note is read once, whatever the number of entries
        note_stems = [stem(w) for w, _ in pairs]
        joined = f" {' '.join(note_stems)} "
        found: list[tuple[float, int, Match]] = []
        for e in self.entries:
            if e.kind not in kinds or (category is not None and category not in e.categories):
                continue
            score, terms = self._score(e, pairs, note_stems, joined)
            if category is None and score <= 0:
                continue  # without a category only real overlap counts
            found.append((score, e.order, Match(e.kind, e.id, e.title, e.proof, category,
                                                terms, round(score, 4))))
        found.sort(key=lambda x: (-x[0], x[1]))
        return [m for _, _, m in found]

    def for_goal(self, category: str | None, text: str, limit: int = 2) -> list[Match]:
        """Themes that serve the goal's category, best overlap first; a close second is kept."""
        ranked = self._rank(("theme",), category, text)
        if not ranked:
            return []
        best = ranked[0]
        rest = [m for m in ranked[1:] if m.score > 0 and m.score >= 0.6 * best.score]
        return [best, *rest][:limit]

    def for_risk(self, category: str | None, text: str, limit: int = 2) -> list[Match]:
        """The best risk reducer and the best TCO item that answer the risk's category."""
        ranked = self._rank(("risk_reducer", "tco"), category, text)
        picked: list[Match] = []
        kinds: set[str] = set()
        for m in ranked:
            if m.kind not in kinds:
                picked.append(m)
                kinds.add(m.kind)
        return picked[:limit]
