"""Read the classification lexicons (TOML data files) and compile their patterns once.

The pattern language is documented at the top of `prospect/data/lexicon_en.toml`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from prospect.errors import InvalidValue
from prospect.text import fold, squash
from prospect.vocab import GOAL_CATEGORIES, LANGS, RISK_CATEGORIES

CUE_KINDS = ("bio", "achievement", "event", "interest")  # kinds found by [kinds.*] cues
WEIGHTS = {"weak": 0.5, "terms": 1.0, "strong": 2.0, "signals": 1.5}

_GAP = r"(?:\s+[^\s.,;:!?]+){0,5}?\s+"  # skips words, never a clause break
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_CONTRACTION = re.compile(r"(?<=\w)'(s|re|m|d|ll|ve)(?!\w)")
_ESCAPE_OR_TEXT = re.compile(r"\\.|[^\\]+")
_GROUP_REF = re.compile(r"@([a-z][a-z0-9_]*)")
_INFLECTED = re.compile(r"(?<!\\)\b([^\W\d_]+)~")
_LAST_PLAIN_WORD = re.compile(r"(?:^|(?<=\s))([^\W\d_]{4,})$")  # a literal word, 4+ letters
_GROUP_DEPTH = 4  # a group may name other groups, this many levels deep


def normalise(text: str) -> str:
    """The form every pattern is matched against: folded, hyphens as spaces, contractions split.

    "she's" becomes "she 's" so a pattern can start at "'s" on a word boundary.
    """
    t = fold(text).translate(_APOSTROPHES)
    t = _INNER_HYPHEN.sub(" ", t)
    t = _CONTRACTION.sub(r" '\1", t)
    return squash(t)


@dataclass(frozen=True)
class Tier:
    """The patterns of one weight in one section, joined in a single regex."""

    weight: float
    regex: re.Pattern[str]
    signal: bool = False


@dataclass(frozen=True)
class Section:
    """A named group of pattern tiers, e.g. the cues of a goal or the terms of `budget`."""

    name: str
    tiers: tuple[Tier, ...]
    scale: float = 1.0


@dataclass(frozen=True)
class Grammar:
    """What a lexicon's patterns may refer to: `@group` synonym sets and `word~` inflections."""

    groups: dict[str, tuple[str, ...]]
    rules: tuple[tuple[re.Pattern[str], str], ...] = ()
    plural: tuple[tuple[re.Pattern[str], str], ...] = ()

    def expand(self, pattern: str, where: str, plural: bool = True) -> str:
        """`pattern` with each `@group` written out as (a|b|c), each `word~` inflected and,
        when `plural`, a last plain word that also matches its plural ("plant" -> plants)."""
        for _ in range(_GROUP_DEPTH + 1):
            if "@" not in pattern:
                break
            pattern = _GROUP_REF.sub(lambda m: self._group(m.group(1), where), pattern)
        else:
            raise InvalidValue(f"{where}: groups nest more than {_GROUP_DEPTH} levels deep "
                               f"(or name each other) in {pattern!r}")
        if "~" in pattern:
            pattern = _INFLECTED.sub(lambda m: self.inflect(m.group(1)), pattern)
        if plural and self.plural:
            pattern = _LAST_PLAIN_WORD.sub(
                lambda m: self.inflect(m.group(1), self.plural), pattern.rstrip())
        return pattern

    def _group(self, name: str, where: str) -> str:
        if name not in self.groups:
            raise InvalidValue(f"{where}: unknown group @{name} (define it in [groups])")
        return "(" + "|".join(self.groups[name]) + ")"

    def inflect(self, word: str,
                rules: tuple[tuple[re.Pattern[str], str], ...] | None = None) -> str:
        """The regex for `word` and its regular forms: the first rule whose ending fits."""
        word = fold(word)
        for ending, forms in self.rules if rules is None else rules:
            if ending.search(word):
                return ending.sub(forms, word, count=1)
        return word


@dataclass(frozen=True)
class Shape:
    """A sentence shape that is not the speaker's own aim or worry (a question, a tutorial
    step, a story of what was done): where `marks` matches and `unless` does not, a goal or
    risk of a kind in `demotes` is none."""

    name: str
    marks: re.Pattern[str]
    unless: re.Pattern[str] | None
    demotes: frozenset[str]

    def fits(self, normalised: str) -> bool:
        return bool(self.marks.search(normalised)) and not (
            self.unless is not None and self.unless.search(normalised))


@dataclass(frozen=True)
class Lexicon:
    """A parsed, compiled lexicon for one language."""

    lang: str
    stopwords: frozenset[str]
    negation: re.Pattern[str] | None
    window: int
    goal_cues: Section
    risk_cues: Section
    avoid_cues: Section
    kinds: dict[str, Section]
    goal: dict[str, Section]
    risk: dict[str, Section]
    scope_breaks: re.Pattern[str] | None = None
    negated_goal_avoids: float = 1.0
    reason: re.Pattern[str] | None = None  # opens a clause that gives a reason ("because")
    reason_weight: float = 1.0             # what a topic named in that clause counts for
    shapes: tuple[Shape, ...] = ()         # in file order: the first that fits is named
    # how the model and the rules are joined ([model], see classify._judge): a rules goal or
    # risk stands while the model gives that kind at least `veto`; the model alone claims a
    # goal or risk the rules missed from `adopt` up
    veto: float = 0.2
    adopt: float = 0.8


def translate_pattern(pattern: str, grammar: Grammar | None = None,
                      where: str = "pattern", plural: bool = True) -> str:
    """Turn one lexicon entry into a Python regex body (see the lexicon header).

    `grammar` resolves `@group` and `word~`; without one they are read literally.
    """
    if grammar is not None:
        pattern = grammar.expand(pattern, where, plural)
    # Fold only the literal text: lower-casing \W or \S would change their meaning.
    p = _ESCAPE_OR_TEXT.sub(
        lambda m: m.group(0) if m.group(0).startswith("\\") else fold(m.group(0)),
        squash(pattern))
    if "[" not in p:  # hyphens inside a character class are ranges, not word joints
        p = _INNER_HYPHEN.sub(" ", p)
    p = p.replace(" ... ", "\x00").replace(" ?", "\x01")
    p = re.sub(r"(?<!\\)\((?!\?)", "(?:", p)
    p = re.sub(r"(?<=[\w)\]])(?<!\\\w)\*", r"\\w*", p)  # a regex's own \w* stays
    p = p.replace(" ", r"\s+").replace("\x00", _GAP).replace("\x01", r"\s*")
    return p


def _first_set(items: list) -> set[str] | None:
    """The characters a parsed regex must start with, or None when that is open-ended."""
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):  # zero-width: look further
            continue
        if name == "LITERAL":
            return {chr(av)}
        if name == "SUBPATTERN":
            return _first_set(list(av[-1]))
        if name == "BRANCH":
            out: set[str] = set()
            for alt in av[1]:
                first = _first_set(list(alt))
                if first is None:
                    return None
                out |= first
            return out
        if name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] > 0:
            return _first_set(list(av[2]))
        return None
    return None


def _guard(body: str) -> str:
    """Prefix `body` with a lookahead on its possible first characters, when known."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # private, hence the fallback

        first = _first_set(list(_parser.parse(body)))
    except Exception:
        return body
    if not first or len(first) > 12:
        return body
    return "(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])" + body


def _factor(bodies: list[str]) -> str:
    """Join regex bodies, grouping those that start with the same literal character.

    Python's regex engine tries every alternative at every word start; grouping by the
    first character (and guarding the rest by theirs) lets it skip most of them at once.
    """
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for body in bodies:
        first = body[:1]
        if (first.isalnum() or first in "'#") and body[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(first, []).append(body[1:])
        else:
            rest.append(_guard(body))
    factored = [re.escape(c) + "(?:" + "|".join(tails) + ")" for c, tails in groups.items()]
    return "|".join(factored + rest)


def _compile(entries: object, where: str, grammar: Grammar | None = None,
             plural: bool = True) -> re.Pattern[str] | None:
    if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip()
                                                for e in entries):
        raise InvalidValue(f"{where} must be a list of non-empty strings")
    if not entries:
        return None
    bodies = [translate_pattern(e, grammar, where, plural) for e in entries]
    try:
        # (?!'t): "won" must not match inside "won't", nor "can" inside "can't".
        return re.compile(r"(?<!\w)(?:" + _factor(bodies) + r")(?!\w)(?!'t)")
    except re.error:
        pass
    for entry, body in zip(entries, bodies, strict=True):  # find the culprit to name it
        try:
            re.compile(body)
        except re.error as exc:
            raise InvalidValue(f"{where}: pattern {entry!r} is not valid ({exc})") from None
    raise InvalidValue(f"{where}: the patterns cannot be combined into one expression")


def _section(name: str, table: object, where: str, grammar: Grammar,
             allow_signals: bool = False) -> Section:
    if not isinstance(table, dict):
        raise InvalidValue(f"{where} must be a table of pattern lists")
    tiers = []
    scale = table.get("weight", 1.0)
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0 < scale <= 10:
        raise InvalidValue(f"{where}: weight must be a number between 0 and 10, got {scale!r}")
    for key, entries in table.items():
        if key == "weight":
            continue
        if key not in WEIGHTS or (key == "signals" and not allow_signals):
            allowed = ", ".join(k for k in WEIGHTS if allow_signals or k != "signals")
            raise InvalidValue(f"{where}: unknown list {key!r} (use {allowed} or weight)")
        regex = _compile(entries, f"{where}.{key}", grammar)
        if regex is not None:
            tiers.append(Tier(WEIGHTS[key] * scale, regex, signal=key == "signals"))
    return Section(name, tuple(tiers), float(scale))


def _categories(data: dict, kind: str, allowed: tuple[str, ...], where: str,
                grammar: Grammar) -> dict[str, Section]:
    table = data.get(kind, {})
    if not isinstance(table, dict):
        raise InvalidValue(f"{where}: [{kind}] must hold one table per category")
    out = {}
    for cat, body in table.items():
        if cat not in allowed:
            raise InvalidValue(f"{where}: unknown {kind} category {cat!r} "
                               f"(use {', '.join(allowed)})")
        out[cat] = _section(cat, body, f"{where} [{kind}.{cat}]", grammar,
                            allow_signals=kind == "risk")
    return out


def _grammar(data: dict, where: str) -> Grammar:
    groups = data.get("groups", {})
    if not isinstance(groups, dict):
        raise InvalidValue(f"{where}: [groups] must hold one list of alternatives per name")
    for name, alts in groups.items():
        if not _GROUP_REF.fullmatch("@" + name):
            raise InvalidValue(f"{where}: group name {name!r} must be lower-case letters, "
                               "digits or _")
        if not isinstance(alts, list) or not alts or not all(isinstance(a, str) and a.strip()
                                                             for a in alts):
            raise InvalidValue(f"{where}: [groups].{name} must be a list of non-empty strings")
    table = data.get("inflection", {})
    if not isinstance(table, dict) or set(table) - {"rules", "plural"}:
        raise InvalidValue(f"{where}: [inflection] may hold only `rules` and `plural`")
    return Grammar({k: tuple(v) for k, v in groups.items()},
                   _inflection_rules(table.get("rules", []), f"{where} [inflection].rules"),
                   _inflection_rules(table.get("plural", []), f"{where} [inflection].plural"))


def _inflection_rules(raw: object, where: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    if not isinstance(raw, list) or not all(
            isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) for x in r)
            for r in raw):
        raise InvalidValue(f"{where} must be a list of [ending, forms] pairs")
    rules = []
    for ending, forms in raw:
        try:
            rules.append((re.compile(f"(?:{ending})$"), forms))
        except re.error as exc:
            raise InvalidValue(f"{where}: ending {ending!r} is not valid ({exc})") from None
    return tuple(rules)


_SHAPE_KEYS = {"marks", "unless", "demotes"}


def _shapes(data: dict, where: str, grammar: Grammar) -> tuple[Shape, ...]:
    table = data.get("shapes", {})
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise InvalidValue(f"{where}: [shapes] must hold one table per shape")
    out = []
    for name, body in table.items():
        at = f"{where} [shapes.{name}]"
        if set(body) - _SHAPE_KEYS or "marks" not in body:
            raise InvalidValue(f"{at} needs `marks` and may hold only "
                               f"{', '.join(sorted(_SHAPE_KEYS))}")
        demotes = body.get("demotes", [])
        if not isinstance(demotes, list) or not demotes or set(demotes) - {"goal", "risk"}:
            raise InvalidValue(f"{at}.demotes must list goal and/or risk")
        marks = _compile(body["marks"], f"{at}.marks", grammar, plural=False)
        if marks is None:
            raise InvalidValue(f"{at}.marks must not be empty")
        unless = _compile(body.get("unless", []), f"{at}.unless", grammar, plural=False)
        out.append(Shape(name, marks, unless, frozenset(demotes)))
    return tuple(out)


def parse_lexicon(data: dict, where: str = "lexicon") -> Lexicon:
    """Validate and compile an already-parsed lexicon; `where` names it in error messages."""
    known = {"lang", "stopwords", "groups", "inflection", "negation", "clauses", "cues", "kinds",
             "goal", "risk", "shapes", "model"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidValue(f"{where}: unknown section {unknown[0]!r}")
    lang = data.get("lang")
    if lang not in LANGS:
        raise InvalidValue(f"{where}: lang must be one of {', '.join(LANGS)}, got {lang!r}")
    stop = data.get("stopwords", [])
    if not isinstance(stop, list) or not all(isinstance(w, str) for w in stop):
        raise InvalidValue(f"{where}: stopwords must be a list of words")
    neg = data.get("negation", {})
    if not isinstance(neg, dict) or not isinstance(neg.get("window", 2), int):
        raise InvalidValue(f"{where}: [negation] needs `terms` (list) and `window` (integer)")
    avoids = neg.get("negated_goal_avoids", 1.0)
    if isinstance(avoids, bool) or not isinstance(avoids, int | float) or not 0 <= avoids <= 10:
        raise InvalidValue(f"{where}: [negation].negated_goal_avoids must be a number "
                           f"between 0 and 10, got {avoids!r}")
    grammar = _grammar(data, where)
    clauses = data.get("clauses", {})
    if not isinstance(clauses, dict) or set(clauses) - {"reason", "reason_weight"}:
        raise InvalidValue(f"{where}: [clauses] may hold only `reason` and `reason_weight`")
    reason_weight = clauses.get("reason_weight", 1.0)
    if isinstance(reason_weight, bool) or not isinstance(reason_weight, int | float) \
            or not 0 <= reason_weight <= 1:
        raise InvalidValue(f"{where}: [clauses].reason_weight must be a number between 0 and 1, "
                           f"got {reason_weight!r}")
    veto, adopt = _model_cuts(data.get("model", {}), where)
    cues = data.get("cues", {})
    if not isinstance(cues, dict) or set(cues) - {"goal", "risk", "avoid"}:
        raise InvalidValue(f"{where}: [cues] may hold only goal, risk and avoid")
    kinds = data.get("kinds", {})
    if not isinstance(kinds, dict):
        raise InvalidValue(f"{where}: [kinds] must hold one table per kind")
    for k in kinds:
        if k not in CUE_KINDS:
            raise InvalidValue(f"{where}: unknown kind {k!r} in [kinds] "
                               f"(use {', '.join(CUE_KINDS)})")
    return Lexicon(
        lang=lang,
        stopwords=frozenset(fold(w) for w in stop),
        negation=_compile(neg.get("terms", []), f"{where} [negation].terms", grammar,
                          plural=False),
        window=neg.get("window", 2),
        goal_cues=_section("goal", cues.get("goal", {}), f"{where} [cues.goal]", grammar),
        risk_cues=_section("risk", cues.get("risk", {}), f"{where} [cues.risk]", grammar),
        avoid_cues=_section("avoid", cues.get("avoid", {}), f"{where} [cues.avoid]", grammar),
        kinds={k: _section(k, v, f"{where} [kinds.{k}]", grammar) for k, v in kinds.items()},
        goal=_categories(data, "goal", GOAL_CATEGORIES, where, grammar),
        risk=_categories(data, "risk", RISK_CATEGORIES, where, grammar),
        scope_breaks=_compile(neg.get("scope_breaks", []), f"{where} [negation].scope_breaks",
                              grammar, plural=False),
        negated_goal_avoids=float(avoids),
        reason=_compile(clauses.get("reason", []), f"{where} [clauses].reason", grammar,
                        plural=False),
        reason_weight=float(reason_weight),
        shapes=_shapes(data, where, grammar),
        veto=veto,
        adopt=adopt,
    )


def _model_cuts(model: object, where: str) -> tuple[float, float]:
    """[model] `veto` and `adopt`: probabilities, veto below adopt (defaults 0.2 and 0.8)."""
    if not isinstance(model, dict) or set(model) - {"veto", "adopt"}:
        raise InvalidValue(f"{where}: [model] may hold only `veto` and `adopt`")
    cuts = []
    for key, default in (("veto", Lexicon.veto), ("adopt", Lexicon.adopt)):
        v = model.get(key, default)
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1:
            raise InvalidValue(f"{where}: [model].{key} must be a number between 0 and 1, "
                               f"got {v!r}")
        cuts.append(float(v))
    if cuts[0] >= cuts[1]:
        raise InvalidValue(f"{where}: [model].veto must be below adopt")
    return cuts[0], cuts[1]


def load_lexicon(path: Path) -> Lexicon:
    """Read and compile a lexicon file; a clear `InvalidValue` names any problem in it."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise InvalidValue(f"cannot read lexicon {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidValue(f"lexicon {path.name} is not valid TOML: {exc}") from None
    return parse_lexicon(data, path.name)


@cache
def get_lexicon(lang: str) -> Lexicon:
    """The bundled lexicon for `lang` ('en' or 'es'), parsed once per process."""
    from prospect.resources import data_file

    if lang not in LANGS:
        raise InvalidValue(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    lex = load_lexicon(data_file(f"lexicon_{lang}.toml"))
    if lex.lang != lang:
        raise InvalidValue(f"lexicon_{lang}.toml declares lang = {lex.lang!r}")
    return lex
