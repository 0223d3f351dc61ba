"""Classify one sentence about a buyer into a note kind (goal, risk, bio…) and category.

`classify` asks the statistical model (`model.py`, trained by tools/train_classifier.py on
the project's own corpus) and gives the lexicon rules' verdict to it as features. An unsure
answer is `other`; a text of several sentences is split and its clearest goal or risk wins.

`classify_rules` keeps the transparent rules over `prospect/data/lexicon_{en,es}.toml`:
intent cues make a goal, concern cues or risk signals make a risk, a negation just before a
cue cancels it (its reach ends at a clause break or a contrast word such as "but"), and the
category is the topic with the most weight. `matched` says what fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from prospect.analyse.lexicon import Lexicon, Section, get_lexicon, normalise
from prospect.analyse.speech import speech
from prospect.text import fold
from prospect.vocab import LANGS

# A quoted statement: at least three words between matching quotation marks.
_QUOTED = re.compile(r"«[^»]*\w+\W+\w+\W+\w+[^»]*»|“[^”]*\w+\W+\w+\W+\w+[^”]*”"
                     r"|\"[^\"]*\w+\W+\w+\W+\w+[^\"]*\"|„[^“”]*\w+\W+\w+\W+\w+[^“”]*[“”]")
_CLAUSE_BREAK = re.compile(r"[.;:!?()]")
_WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]+")
_ES_ENDINGS = re.compile(r"(?:cion|ciones|dad|mente|as|os|ar|ir|ia|ario)$")
_EN_SHAPES = re.compile(r"(?:ing|ed|ly|ness|ship)$|th|w|sh|ck|ee|oo")
MAX_CHARS = 2000


@dataclass(frozen=True)
class Classification:
    """What a sentence is, how sure we are (0–1), and the lexicon matches behind it."""

    kind: str
    category: str | None
    confidence: float
    lang: str
    matched: list[str] = field(default_factory=list)


@dataclass
class _Hit:
    start: int
    end: int
    weight: float
    text: str
    signal: bool


def _hits(section: Section, text: str) -> list[_Hit]:
    return [_Hit(m.start(), m.end(), tier.weight, m.group(0), tier.signal)
            for tier in section.tiers for m in tier.regex.finditer(text)]


def _cue_hits(section: Section, text: str) -> list[_Hit]:
    """Cue matches where, if tiers overlap, only the heaviest counts (one negation each)."""
    found = sorted(_hits(section, text), key=lambda h: (-h.weight, h.start))
    kept: list[_Hit] = []
    for h in found:
        if all(h.end <= k.start or k.end <= h.start for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: h.start)


class _Negations:
    """Negation words in a sentence, each usable once, that cancel what follows closely."""

    def __init__(self, lex: Lexicon, text: str) -> None:
        self.text = text
        self.window = lex.window
        self.breaks = lex.scope_breaks
        self.spans = [m.span() for m in lex.negation.finditer(text)] if lex.negation else []
        self.used: set[int] = set()

    def closes(self, between: str) -> bool:
        """Whether the text between a negation and a cue ends the negation's reach."""
        return bool(_CLAUSE_BREAK.search(between)
                    or (self.breaks is not None and self.breaks.search(between)))

    def absorb(self, hits: list[_Hit]) -> None:
        """Negations inside a cue belong to it ("can't afford") and negate nothing else."""
        for i, (n_start, n_end) in enumerate(self.spans):
            if any(h.start <= n_start and n_end <= h.end for h in hits):
                self.used.add(i)

    def before(self, start: int, consume: bool = True) -> bool:
        for i in range(len(self.spans) - 1, -1, -1):
            n_start, n_end = self.spans[i]
            if n_end > start or i in self.used:
                continue
            between = self.text[n_end:start]
            if self.closes(between) or len(_WORD.findall(between)) > self.window:
                return False
            if consume:
                self.used.add(i)
            return True
        return False


def _best(scores: dict[str, float]) -> tuple[str | None, float, float]:
    """The top category, its score and the runner-up's score (lexicon order breaks ties)."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])  # sort is stable: order kept
    if not ranked or ranked[0][1] <= 0:
        return None, 0.0, 0.0
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0], ranked[0][1], second


def _confidence(cue: float, topic: float, second: float, has_category: bool) -> float:
    c = 0.4 + 0.1 * min(cue, 4.0) + 0.06 * min(topic, 4.0)
    if not has_category:
        c -= 0.15
    elif topic - second < 1.0:
        c -= 0.1  # two topics nearly tied: the category is a coin toss
    return round(max(0.2, min(c, 0.95)), 2)


def detect_lang(text: str) -> str:
    """'es' or 'en' from stop words (and Spanish-only marks); 'en' when unsure."""
    words = _LETTERS.findall(fold(text))  # fold once: folding keeps letters letters
    en, es = get_lexicon("en").stopwords, get_lexicon("es").stopwords
    en_score: float = sum(map(en.__contains__, words))
    es_score: float = sum(map(es.__contains__, words))
    if any(ch in text for ch in "ñÑ¿¡"):
        es_score += 1
    if any(ch in text for ch in "áéíóúÁÉÍÓÚ"):
        es_score += 0.5
    if es_score == en_score:  # short text without stop words: look at word endings
        es_score += sum(bool(_ES_ENDINGS.search(w)) for w in words)
        en_score += sum(bool(_EN_SHAPES.search(w)) for w in words)
    return "es" if es_score > en_score else "en"


@dataclass
class _Evidence:
    """What the cues and topics of one sentence add up to."""

    goal_cue: float = 0.0
    risk_cue: float = 0.0
    avoid: float = 0.0
    signals: float = 0.0
    negated_ends: list[int] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)


def _score_cues(lex: Lexicon, t: str, neg: _Negations) -> _Evidence:
    ev = _Evidence()
    goal_hits, risk_hits = _cue_hits(lex.goal_cues, t), _cue_hits(lex.risk_cues, t)
    neg.absorb(risk_hits)  # the "no" of "no podemos permitirnos" belongs to that cue
    # In sentence order, so a negation cancels the cue nearest after it, whatever its type.
    for is_goal, h in sorted([(True, h) for h in goal_hits] + [(False, h) for h in risk_hits],
                             key=lambda pair: pair[1].start):
        negated = neg.before(h.start)
        if is_goal and negated:
            # "doesn't want to X": avoiding X, a risk if X is a risk topic; the lexicon says
            # how much a negated intent counts ("no plans to X" is no avoidance at all).
            ev.avoid += lex.negated_goal_avoids
            ev.matched.append(f"negated goal cue: {h.text}")
        elif is_goal:
            ev.goal_cue += h.weight
            ev.matched.append(f"goal cue: {h.text}")
        elif negated:
            ev.negated_ends.append(h.end)  # "not worried about X": X is no risk signal
            ev.matched.append(f"negated risk cue: {h.text}")
        else:
            ev.risk_cue += h.weight
            ev.matched.append(f"risk cue: {h.text}")
    for h in _cue_hits(lex.avoid_cues, t):
        ev.avoid += h.weight
        ev.matched.append(f"avoid cue: {h.text}")
    return ev


def _reason_start(lex: Lexicon, t: str) -> int:
    """Where a clause giving the reason begins ("…, because…"), else the end of the text."""
    m = lex.reason.search(t, 1) if lex.reason is not None else None
    return m.start() if m else len(t)


def _score_topics(sections: dict[str, Section], t: str, neg: _Negations | None,
                  ev: _Evidence, reason_at: int | None = None, reason_weight: float = 1.0
                  ) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Weight of each category's terms; risk signals (when `neg` is given) also count.

    A topic named from `reason_at` on, in a clause that only explains ("she wants to leave
    her single supplier because one outage stops deliveries"), counts `reason_weight` of its
    weight: what the person wants or fears is named before it.
    """
    scores: dict[str, float] = {}
    found: dict[str, list[str]] = {}
    cut = len(t) if reason_at is None else reason_at
    for cat, section in sections.items():
        scores[cat], found[cat] = 0.0, []
        for h in _hits(section, t):
            if h.signal and neg is not None:
                if neg.before(h.start, consume=False) or any(
                        end <= h.start and not neg.closes(t[end:h.start])
                        for end in ev.negated_ends):
                    ev.matched.append(f"negated {cat} signal: {h.text}")
                    continue
                ev.signals += 1.0
            scores[cat] += h.weight if h.start < cut else h.weight * reason_weight
            found[cat].append(h.text)
    return scores, found


# A risk that rests on risk signals alone (no concern cue) gives way to an event,
# achievement, interest or bio cued at least this strongly: "a webinar on reducing
# downtime", "he helped cut downtime by 30%" report a topic, not a worry.
SIGNALS_YIELD_TO_KIND = 2.0


def _other_kind(lex: Lexicon, t: str, neg: _Negations | None = None
                ) -> tuple[str, float, list[str], float]:
    """The best of event, achievement, interest and bio (or 'other'), and its score.

    With `neg`, a cue right after a negation does not count ("nobody received training").
    """
    best_kind, best_score, best_hits = "other", 0.0, []
    for kind in ("event", "achievement", "interest", "bio"):  # ties: the more specific kind
        section = lex.kinds.get(kind)
        hits = _hits(section, t) if section else []
        if neg is not None:
            hits = [h for h in hits if not neg.before(h.start, consume=False)]
        score = sum(h.weight for h in hits)
        if score > best_score:
            best_kind, best_score, best_hits = kind, score, [h.text for h in hits]
    if best_score < 1.0:
        return "other", 0.3, [], best_score
    conf = round(min(0.35 + 0.1 * min(best_score, 5.0), 0.85), 2)
    return best_kind, conf, [f"{best_kind}: {w}" for w in best_hits], best_score


def classify_rules(text: str, lang: str | None = None) -> Classification:
    """Classify one sentence by the lexicon rules alone; `lang` is detected when missing.

    Only the first MAX_CHARS characters are read: a longer "sentence" is not one, and the
    cap keeps untrusted web text from costing more than a few milliseconds.
    """
    text = text[:MAX_CHARS]
    lang = (lang or "").strip().lower()[:2]
    if lang not in LANGS:
        lang = detect_lang(text)
    lex = get_lexicon(lang)
    t = normalise(text)
    neg = _Negations(lex, t)
    ev = _score_cues(lex, t, neg)
    reason_at = _reason_start(lex, t)
    goal_topics, goal_found = _score_topics(lex.goal, t, None, ev, reason_at, lex.reason_weight)
    risk_topics, risk_found = _score_topics(lex.risk, t, neg, ev, reason_at, lex.reason_weight)
    g_cat, g_top, g_second = _best(goal_topics)
    r_cat, r_top, r_second = _best(risk_topics)

    # Avoiding something is a risk only when a risk topic is clearly named.
    avoided = ev.avoid if r_top >= 1.5 else 0.0
    risk_score = ev.risk_cue + ev.signals + avoided
    risk_ok = risk_score >= 1.0 and (r_cat is not None or ev.risk_cue >= 2.0)
    goal_ok = ev.goal_cue >= 1.0 and (g_cat is not None or ev.goal_cue >= 2.0)
    # With a firm intent cue and no concern, a named problem is what the goal fixes
    # ("eliminate unplanned downtime"), not a risk.
    fixes_problem = ev.goal_cue >= 2.0 and ev.risk_cue + avoided == 0
    matched = ev.matched

    if risk_ok and (not goal_ok or (not fixes_problem and risk_score >= ev.goal_cue)):
        if ev.risk_cue + avoided == 0 and not goal_ok and not _QUOTED.search(text):
            kind, conf, kind_matched, score = _other_kind(lex, t, _Negations(lex, t))
            if score >= SIGNALS_YIELD_TO_KIND:
                return Classification(kind, None, conf, lang,
                                      [*matched, "risk signals only", *kind_matched])
        matched += [f"risk/{r_cat}: {w}" for w in risk_found.get(r_cat or "", [])]
        conf = _confidence(risk_score, r_top, r_second, r_cat is not None)
        return Classification("risk", r_cat, conf, lang, matched)
    if goal_ok:
        matched += [f"goal/{g_cat}: {w}" for w in goal_found.get(g_cat or "", [])]
        conf = _confidence(ev.goal_cue, g_top, g_second, g_cat is not None)
        return Classification("goal", g_cat, conf, lang, matched)
    if _QUOTED.search(text):
        return Classification("quote", None, 0.7, lang, [*matched, "quotation marks"])
    kind, conf, kind_matched, _ = _other_kind(lex, t)
    return Classification(kind, None, conf, lang, matched + kind_matched)


def _lang(text: str, lang: str | None) -> str:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGS else detect_lang(text)


def rules_verdict(text: str, lang: str) -> tuple[str, ...]:
    """The lexicon rules' answer as model features: ('goal', 'goal:growth'), ('bio',)…"""
    return _verdict(classify_rules(text, lang))


def _verdict(c: Classification) -> tuple[str, ...]:
    if c.kind in ("goal", "risk"):
        return (c.kind, f"{c.kind}:{c.category}") if c.category else (c.kind,)
    return (c.kind,)


# Sentence ends inside a text: terminal punctuation (and a closing quote), a space, then
# something that starts a sentence. Short capitalised words before the dot are
# abbreviations ("Mr.", "Dr.", "Sr.", "U.S.") and do not end a sentence.
_SPLIT = re.compile(r"(?<=[.!?…])([\"”»’']?)\s+(?=[\"“«¿¡‘']?[A-ZÁÉÍÓÚÑ0-9])")
_ABBREV = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z](?:\.[A-Z])*|\b(?:etc|vs|approx|núm|pág))\.$")
MAX_PARTS = 8


def split_text(text: str) -> list[str]:
    """The sentences of a note text; a quote of several sentences is cut inside the quote."""
    parts: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        head = text[start:m.start(1)]
        if _ABBREV.search(head):
            continue
        parts.append(text[start:m.end(1)].strip())
        start = m.end()
    parts.append(text[start:].strip())
    return [p for p in parts if _WORD.search(p)]


def _one(text: str, lang: str) -> Classification:
    """One sentence; a reported one is read for what was said ("…," Noem said -> "…")."""
    said = speech(text)
    if said != text:
        c = _judge(said, lang)
        if c.kind in ("goal", "risk"):
            return replace(c, matched=[f"said: {said[:80]}", *c.matched])
    return _judge(text, lang)


def _judge(text: str, lang: str) -> Classification:
    from prospect.analyse.model import get_model

    rules = classify_rules(text, lang)
    lex = get_lexicon(lang)
    model = get_model(lang)
    pred = model.predict(text, _verdict(rules) if model.lexicon_features else ())
    kinds: dict[str, float] = {}
    for lab, p in pred.ranked:
        k = lab.split(":", 1)[0]
        kinds[k] = kinds.get(k, 0.0) + p
    best = max(kinds, key=kinds.__getitem__)
    matched = [f"model {lab}: {p:.2f}" for lab, p in pred.ranked[:2]]
    matched += [f"feature: {f.strip()}" for f in pred.top_features]
    matched += [f"rules: {rules.kind}" + (f"/{rules.category}" if rules.category else ""),
                *rules.matched]
    # How the model and the rules are joined (the lexicon's [model] cuts): a goal or risk
    # found by the rules stands only while the model gives that kind at least `veto`; the
    # model alone claims a goal or risk the rules missed only from `adopt` up. Anything else
    # unsure keeps the rules' other kinds or `other`.
    if best in ("goal", "risk") and kinds[best] >= lex.adopt:
        kind = best
    elif rules.kind in ("goal", "risk") and kinds.get(rules.kind, 0.0) >= lex.veto:
        kind = rules.kind
    elif rules.kind in ("goal", "risk") or best in ("goal", "risk"):
        unsure = rules.kind if rules.kind in ("goal", "risk") else best
        return Classification("other", None, _sure(kinds.get("other", 0.0)), lang,
                              [f"unsure: {unsure} {kinds.get(unsure, 0.0):.2f}", *matched])
    else:
        kind = rules.kind  # bio, event, quote…: the rules' cues, the model's probability
    shape = _shape(text, lang, kind) if kind in ("goal", "risk") else None
    if shape is not None:  # a question, a tutorial step, a story…: not their aim or worry
        other = rules.kind if rules.kind not in ("goal", "risk") else "other"
        return Classification(other, None, _sure(kinds.get(other, 0.0)), lang,
                              [f"shape {shape}: not their own {kind}", *matched])
    category = None
    if kind in ("goal", "risk"):
        category = next((lab.split(":", 1)[1] for lab, _ in pred.ranked
                         if lab.startswith(kind + ":")), rules.category)
    return Classification(kind, category, _sure(kinds.get(kind, 0.0)), lang, matched)


def _shape(text: str, lang: str, kind: str) -> str | None:
    """The name of the lexicon shape that says `text` is not the speaker's own `kind`."""
    shapes = [s for s in get_lexicon(lang).shapes if kind in s.demotes]
    if not shapes:
        return None
    t = normalise(text)
    return next((s.name for s in shapes if s.fits(t)), None)


def _sure(p: float) -> float:
    """The model's probability as a confidence, never quite 0 or 1 (it is a model)."""
    return round(min(max(p, 0.05), 0.95), 2)


def classify(text: str, lang: str | None = None) -> Classification:
    """Classify a note text; `lang` ('en'/'es') is detected when missing or unknown.

    A text of several sentences (a quote, a pasted paragraph) is split: the most probable
    goal or risk among its sentences wins, else the whole text is classified as one. Only
    the first MAX_CHARS characters are read.
    """
    text = text[:MAX_CHARS]
    lang = _lang(text, lang)
    parts = split_text(text)
    if len(parts) > 1:
        found = [c for c in (_one(p, lang) for p in parts[:MAX_PARTS])
                 if c.kind in ("goal", "risk")]
        if found:
            best = max(found, key=lambda c: c.confidence)
            return Classification(best.kind, best.category, best.confidence, lang,
                                  [f"{len(parts)} sentences: the clearest {best.kind} wins",
                                   *best.matched])
    return _one(text, lang)
