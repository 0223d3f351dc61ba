"""The lexicon files: they load, name only valid categories, and bad files fail clearly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from prospect.analyse import lexicon as lx
from prospect.errors import InvalidValue
from prospect.resources import data_file
from prospect.store import models


@pytest.mark.parametrize("lang", ["en", "es"])
def test_bundled_lexicon_loads_and_names_valid_categories(lang: str) -> None:
    raw = tomllib.loads(data_file(f"lexicon_{lang}.toml").read_text(encoding="utf-8"))
    assert raw["lang"] == lang
    assert set(raw["goal"]) == set(models.GOAL_CATEGORIES)  # every category has terms
    assert set(raw["risk"]) == set(models.RISK_CATEGORIES)
    assert set(raw["kinds"]) <= set(models.NOTE_KINDS)
    lex = lx.get_lexicon(lang)
    assert lex.lang == lang and len(lex.stopwords) > 30
    assert lex.negation is not None
    for section in (lex.goal_cues, lex.risk_cues, *lex.goal.values(), *lex.risk.values()):
        assert section.tiers, section.name


@pytest.mark.parametrize("lang", ["en", "es"])
def test_header_documents_the_format(lang: str) -> None:
    head = data_file(f"lexicon_{lang}.toml").read_text(encoding="utf-8")[:3000]
    for needle in ("`*`", " ... ", "weak", "strong", "signals", "[negation]", "weight"):
        assert needle in head, needle


def test_lexicon_is_cached() -> None:
    assert lx.get_lexicon("en") is lx.get_lexicon("en")


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(InvalidValue, match="'fr'"):
        lx.get_lexicon("fr")


@pytest.mark.parametrize(("pattern", "text", "hit"), [
    ("expan*", "plans an expansion", "expansion"),
    ("expan*", "they expand", "expand"),
    ("expansión", "la expansion", "expansion"),       # pattern accents are folded too
    ("cut ... time", "cut the close time", "cut the close time"),
    ("cut ... time", "cut, then wait some time", None),  # a gap never crosses a comma
    ("lock-in", "vendor lock-in", "lock in"),
    ("lock in", "vendor lock-in", "lock in"),
    ("plants?", "two plants", "plants"),
    ("plan", "a planet", None),                       # whole words only
    ("can'?t afford", "we can’t afford it", "can't afford"),
    ("'s leading", "she’s leading it", "'s leading"),
    (r"by 20\d\d", "by 2026", "by 2026"),
    (r"necesita\w* \w+(ar|er|ir)", "necesitamos cumplir", "necesitamos cumplir"),
    ("(new|more) stores", "more stores", "more stores"),
    ("r ?& ?d", "r&d budget", "r&d"),
])
def test_pattern_language(pattern: str, text: str, hit: str | None) -> None:
    regex = lx._compile([pattern], "test")
    assert regex is not None
    m = regex.search(lx.normalise(text))
    assert (m.group(0) if m else None) == hit


def test_normalise_folds_accents_hyphens_and_contractions() -> None:
    assert lx.normalise("Está al FRENTE de la expansión") == "esta al frente de la expansion"
    assert lx.normalise("on-time  delivery") == "on time delivery"
    assert lx.normalise("She’s here") == "she 's here"


def test_first_character_grouping_keeps_every_alternative() -> None:
    entries = ["alpha", "alps", "a?b", "(is|are) done", "beta*", r"\d+ %", "#1"]
    regex = lx._compile(entries, "test")
    assert regex is not None
    for text in ("alpha", "alps", "b", "ab", "is done", "are done", "betamax", "42 %", "#1"):
        assert regex.fullmatch(text), text
    assert not regex.search("alphabet")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lexicon_en.toml"
    path.write_text('lang = "en"\n' + body, encoding="utf-8")
    return path


def test_a_user_lexicon_can_extend_the_rules(tmp_path: Path) -> None:
    path = _write(tmp_path, '[cues.goal]\nstrong = ["is keen on"]\n'
                            '[goal.growth]\nterms = ["franchis*"]\n'
                            '[risk.personal]\nweight = 2\nsignals = ["heads? will roll"]\n')
    lex = lx.load_lexicon(path)
    assert lex.goal_cues.tiers[0].regex.search("he is keen on it")
    assert lex.goal["growth"].tiers[0].regex.search("franchising")
    tier = lex.risk["personal"].tiers[0]
    assert tier.signal and tier.weight == lx.WEIGHTS["signals"] * 2


def test_groups_inflections_and_plurals_expand(tmp_path: Path) -> None:
    path = _write(tmp_path, '[groups]\nsite = ["plants?", "warehouses?"]\nbig = ["new", "@site"]\n'
                            '[inflection]\nrules = [["e", "(e|es|ed|ing)"], ["", "(|s|ed|ing)"]]\n'
                            'plural = [["", "s?"]]\n'
                            '[goal.growth]\nterms = ["open~ ... @big", "expand~"]\n'
                            '[goal.efficiency]\nterms = ["close the book"]\n')
    lex = lx.load_lexicon(path)
    growth = lex.goal["growth"].tiers[0].regex
    for text in ("she opened two plants", "opening new warehouses", "he expands", "expanding"):
        assert growth.search(text), text
    assert not growth.search("the opera house")
    efficiency = lex.goal["efficiency"].tiers[0].regex
    assert efficiency.search("close the book") and efficiency.search("close the books")
    assert not efficiency.search("close the bookshop")
    assert lx.translate_pattern("@site~") == lx.translate_pattern("@site~", None)  # literal


@pytest.mark.parametrize(("body", "message"), [
    ('[goal.grwth]\nterms = ["x"]\n', "unknown goal category 'grwth'"),
    ('[risk.growth]\nterms = ["x"]\n', "unknown risk category 'growth'"),
    ('[goal.growth]\nsignals = ["x"]\n', "unknown list 'signals'"),
    ('[goal.growth]\nmany = ["x"]\n', "unknown list 'many'"),
    ('[goal.growth]\nterms = "x"\n', "must be a list"),
    ('[goal.growth]\nterms = ["(unclosed"]\n', "pattern '(unclosed' is not valid"),
    ('[kinds.goal]\nterms = ["x"]\n', "unknown kind 'goal'"),
    ('[cues.maybe]\nterms = ["x"]\n', "[cues] may hold only"),
    ('[risk.budget]\nweight = -1\nterms = ["x"]\n', "weight must be a number"),
    ("[extra]\n", "unknown section 'extra'"),
    ('[goal.growth]\nterms = ["@nope plants"]\n', "unknown group @nope"),
    ('[groups]\na = ["@b"]\nb = ["@a"]\n[goal.growth]\nterms = ["@a"]\n', "nest more than"),
    ('[groups]\nBad = ["x"]\n', "group name 'Bad'"),
    ('[groups]\nempty = []\n', "[groups].empty must be a list"),
    ('[inflection]\nverbs = []\n', "[inflection] may hold only"),
    ('[inflection]\nrules = [["(", "x"]]\n', "ending '(' is not valid"),
    ('[inflection]\nrules = [["e"]]\n', "[ending, forms] pairs"),
    ('[negation]\nnegated_goal_avoids = 99\n', "negated_goal_avoids must be a number"),
    ('[clauses]\nreason_weight = 2\n', "reason_weight must be a number between 0 and 1"),
    ('[clauses]\nresult = ["so"]\n', "[clauses] may hold only"),
    ('[model]\nadopt = 1.5\n', "[model].adopt must be a number between 0 and 1"),
    ('[model]\nveto = 0.9\nadopt = 0.6\n', "[model].veto must be below adopt"),
    ('[model]\nthreshold = 0.5\n', "[model] may hold only"),
    ("stopwords = 3\n", "stopwords must be a list"),
])
def test_bad_lexicon_names_the_problem(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InvalidValue) as err:
        lx.load_lexicon(_write(tmp_path, body))
    assert message in str(err.value)
    assert "lexicon_en.toml" in str(err.value)


def test_model_cuts_default_and_read_from_the_lexicon(tmp_path: Path) -> None:
    plain = lx.load_lexicon(_write(tmp_path, ""))
    assert (plain.veto, plain.adopt) == (0.2, 0.8)
    tuned = lx.load_lexicon(_write(tmp_path, "[model]\nveto = 0.1\nadopt = 0.65\n"))
    assert (tuned.veto, tuned.adopt) == (0.1, 0.65)


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon_en.toml"
    bad.write_text("lang = \n", encoding="utf-8")
    with pytest.raises(InvalidValue, match="not valid TOML"):
        lx.load_lexicon(bad)
    with pytest.raises(InvalidValue, match="cannot read lexicon"):
        lx.load_lexicon(tmp_path / "missing.toml")
    with pytest.raises(InvalidValue, match="lang must be one of"):
        lx.parse_lexicon({"lang": "de"})


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_bundled_pattern_compiles_alone(lang: str) -> None:
    raw = tomllib.loads(data_file(f"lexicon_{lang}.toml").read_text(encoding="utf-8"))
    count = 0

    def walk(node: object) -> None:
        nonlocal count
        if isinstance(node, dict):
            for key, value in node.items():
                if key in lx.WEIGHTS:
                    for entry in value:
                        re.compile(lx.translate_pattern(entry))
                        count += 1
                else:
                    walk(value)

    walk(raw)
    assert count > 500
