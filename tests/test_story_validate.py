"""The story file: parsing, every validator error, the shipped example (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from story_support import TEST_STORY, write_story

from prospect.errors import StoryError
from prospect.store.models import GOAL_CATEGORIES, RISK_CATEGORIES
from prospect.story import (
    example_story_path,
    load_story_file,
    parse_story,
    write_example,
)


def _error(text: str, source: str = "story.toml") -> str:
    with pytest.raises(StoryError) as exc:
        parse_story(text, source)
    message = str(exc.value)
    assert "\n" not in message
    return message


def _replace(old: str, new: str, text: str = TEST_STORY) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth - 1]


def test_test_story_parses_into_typed_entries() -> None:
    story = parse_story(TEST_STORY)
    assert story.company.name == "Acme Ledger"
    assert story.company.website == "https://acme-ledger.example"
    assert [t.id for t in story.themes][:2] == ["warehouse-flow", "faster-close"]
    close = story.themes[1]
    assert close.serves == ["efficiency"]
    assert "cierre de mes" in close.keywords
    assert close.proof == ["Month-end close cut from 9 to 4 days"]
    assert {r.id for r in story.risk_reducers} >= {"integration-guarantee", "second-source"}
    assert next(t for t in story.tco if t.id == "onboarding").answers == ["adoption"]
    assert story.version is None


def test_example_story_loads_as_is_and_covers_every_category() -> None:
    story = load_story_file(example_story_path())
    served = {c for t in story.themes for c in t.serves}
    assert served == set(GOAL_CATEGORIES)
    answered = {c for e in story.tco + story.risk_reducers for c in e.answers}
    assert answered == set(RISK_CATEGORIES)
    assert {"delivery", "warranty", "support", "training", "integration"} <= {t.id for t in
                                                                            story.tco}
    assert {"pilot", "escrow", "certifications"} <= {r.id for r in story.risk_reducers}
    keywords = " ".join(k for t in story.themes for k in t.keywords)
    assert "cierre contable" in keywords and "automatización" in keywords  # Spanish too
    assert all(t.proof for t in story.themes)
    assert example_story_path().read_text(encoding="utf-8").lstrip().startswith("#")  # commented


def test_toml_syntax_error_names_file_and_line() -> None:
    lines = TEST_STORY.splitlines()
    lines[6] = 'title = "unterminated'  # line 7
    message = _error("\n".join(lines))
    assert message.startswith("story.toml, line 7: not valid TOML")


def test_unknown_category_names_value_entry_and_line() -> None:
    text = _replace('serves = ["customer"]\nkeywords = ["churn"',
                    'serves = ["custmer"]\nkeywords = ["churn"')
    message = _error(text)
    line = _line_of(text, '"custmer"')
    assert message.startswith(f"story.toml, line {line}: theme 'customer-retention': "
                              "unknown goal category 'custmer' in serves")
    assert "growth, efficiency" in message


def test_risk_category_in_a_theme_is_explained() -> None:
    message = _error(_replace('serves = ["compliance"]', 'serves = ["budget"]'))
    assert "theme 'audit-trail'" in message
    assert "'budget' is a risk category" in message


def test_unknown_risk_category_in_answers() -> None:
    message = _error(_replace('answers = ["vendor"]', 'answers = ["vendors"]'))
    assert "risk reducer 'second-source': unknown risk category 'vendors' in answers" in message


def test_duplicate_id_names_the_id() -> None:
    text = _replace('id = "faster-close"', 'id = "warehouse-flow"')
    message = _error(text)
    assert message.startswith(f"story.toml, line {_line_of(text, '[[themes]]', 2)}: ")
    assert "duplicate theme id 'warehouse-flow'" in message


def test_missing_field_names_field_and_entry() -> None:
    message = _error(_replace('title = "A certified second source and code escrow"\n', ""))
    assert "risk reducer 'second-source' is missing the field 'title'" in message
    message = _error(_replace('answers = ["adoption"]\n', ""))
    assert "tco item 'onboarding' is missing the field 'answers'" in message


def test_missing_id_names_the_entry_by_position() -> None:
    message = _error(_replace('id = "pilot"\n', ""))
    assert "risk reducer #5 is missing the field 'id'" in message


def test_company_problems() -> None:
    assert "plumb_line is missing" in _error(
        _replace('plumb_line = "Numbers you can trust, on time, without heroics."\n', ""))
    no_company = TEST_STORY.split("[[themes]]", 1)[1]
    assert "the [company] table is missing" in _error("[[themes]]" + no_company)


def test_unknown_field_and_table_are_named() -> None:
    text = _replace('keywords = ["portal"', 'keyword = ["portal"')
    message = _error(text)
    assert message.startswith(f"story.toml, line {_line_of(text, 'keyword = ')}: ")
    assert "unknown field 'keyword' in theme 'self-service-portal'" in message
    assert "unknown table 'theme'" in _error(TEST_STORY + '\n[[theme]]\nid = "x"\n')


def test_wrong_types_are_named() -> None:
    assert "theme 'faster-close' serves must be a list of texts" in _error(
        _replace('serves = ["efficiency"]\nkeywords = ["closing',
                 'serves = 3\nkeywords = ["closing'))
    assert "themes must be a list of tables" in _error(
        'themes = "x"\n[company]\nname = "A"\nplumb_line = "B"\n')
    single = ('[company]\nname = "A"\nplumb_line = "B"\n[[themes]]\nid = "x"\ntitle = "X"\n'
              'serves = ["growth"]\n[tco]\nid = "y"\ntitle = "Y"\nanswers = ["budget"]\n')
    assert _error(single) == ("story.toml, line 8: tco must be a list of tables: write each "
                              "one under [[tco]]")


def test_a_story_needs_a_theme() -> None:
    assert "at least one [[themes]] entry" in _error(
        '[company]\nname = "A"\nplumb_line = "B"\n')


def test_a_single_category_string_is_accepted() -> None:
    story = parse_story(_replace('serves = ["compliance"]', 'serves = "compliance"'))
    assert next(t for t in story.themes if t.id == "audit-trail").serves == ["compliance"]


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match="story file not found"):
        load_story_file(tmp_path / "nope.toml")
    with pytest.raises(StoryError, match="not a file"):
        load_story_file(tmp_path)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(TEST_STORY.replace("almacén", "almac\xe9n").encode("latin-1"))
    with pytest.raises(StoryError, match="is not UTF-8"):
        load_story_file(latin1)
    good = write_story(tmp_path)
    assert load_story_file(good).company.name == "Acme Ledger"
    bad = write_story(tmp_path, _replace('serves = ["compliance"]', 'serves = ["x"]'), "bad.toml")
    with pytest.raises(StoryError) as exc:
        load_story_file(bad)
    assert str(exc.value).startswith(f"{bad}, line ")


def test_write_example_never_overwrites(tmp_path: Path) -> None:
    target = write_example(tmp_path / "sub" / "story.toml")
    assert load_story_file(target).company.name
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(StoryError, match="already exists"):
        write_example(target)
    assert target.read_text(encoding="utf-8") == "mine"


def test_the_design_example_loads() -> None:
    # the minimal story of DESIGN.md: no website, no detail, no keywords on TCO items
    story = parse_story('''
[company]
name = "Brightline Freight"
plumb_line = "Freight that arrives when we say it will, so your plans hold."

[[themes]]
id = "on-time"
title = "Deliveries you can plan around"
story = "We publish our on-time rate every month."
serves = ["growth", "reliability"]
keywords = ["delivery", "lead time", "supply chain", "entrega", "cadena de suministro"]
proof = ["98.6% on time across 41,000 shipments in 2025"]

[[tco]]
id = "support"
title = "24/7 support in English and Spanish"
answers = ["operations", "adoption"]

[[risk_reducers]]
id = "pilot"
title = "90-day pilot with a no-penalty exit"
answers = ["switching", "budget", "personal"]
''')
    assert story.company.website == ""
    assert story.tco[0].detail == "" and story.tco[0].keywords == []
    assert story.risk_reducers[0].answers == ["switching", "budget", "personal"]
