"""Issue 17.6 and 17.7: hostile story files; issue 15: a story in two languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from story_support import TEST_STORY

from prospect.errors import StoryError
from prospect.story import MAX_ENTRIES, example_story_path, parse_story

THEME = """
[[themes]]
id = "t{i}"
title = "Theme {i}"
serves = ["growth"]
keywords = ["word{i}"]
"""
HEAD = '[company]\nname = "Acme"\nplumb_line = "We help."\n'


def test_a_story_of_8000_themes_is_refused_with_a_clear_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text(HEAD + "".join(THEME.format(i=i) for i in range(8000)), encoding="utf-8")
    assert path.stat().st_size < 1_000_000  # under the size cap: the count must stop it
    r = cli("story", "load", str(path))
    assert r.exit_code == 1
    assert f"at most {MAX_ENTRIES}" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_a_story_at_the_cap_loads_and_points_errors_at_the_right_entry() -> None:
    themes = [THEME.format(i=i) for i in range(MAX_ENTRIES)]
    story = parse_story(HEAD + "".join(themes))
    assert len(story.themes) == MAX_ENTRIES
    themes[-1] = themes[-1].replace('"growth"', '"grwth"')
    with pytest.raises(StoryError) as err:
        parse_story(HEAD + "".join(themes))
    # the line of the bad value in the last entry, found without rescanning per entry
    lines = (HEAD + "".join(themes)).splitlines()
    expected = next(i for i, line in enumerate(lines) if "grwth" in line) + 1
    assert f"line {expected}:" in str(err.value)


@pytest.mark.parametrize("nested", ["a = " + "[" * 200_000 + "]" * 200_000,
                                    "a = " + "{b=" * 150_000 + "1" + "}" * 150_000],
                         ids=["arrays", "tables"])
def test_deeply_nested_toml_is_a_clear_error(cli, tmp_path: Path, nested: str) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(nested, encoding="utf-8")
    r = cli("story", "load", str(path))
    assert r.exit_code == 1, r.output
    assert "nested too deeply" in r.output or "not valid TOML" in r.output
    assert "Traceback" not in r.output and "RecursionError" not in r.output


_EXAMPLE = example_story_path().read_text(encoding="utf-8")


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """The example story (or the test one) with a few random cuts, insertions and swaps."""
    text = draw(st.sampled_from([_EXAMPLE, TEST_STORY]))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        what = draw(st.sampled_from(["cut", "insert", "dup"]))
        if what == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif what == "insert":
            text = text[:at] + draw(st.text(alphabet='[]{}="\',.#\n\\ aeu019xé\x00\ud800',
                                            max_size=12)) + text[at:]
        else:
            text = text[:at] + text[max(at - 30, 0):at] + text[at:]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_mutated() | st.text(max_size=200))
def test_no_generated_story_text_raises_anything_but_a_story_error(text: str) -> None:
    try:
        story = parse_story(text, "fuzz.toml")
    except StoryError as exc:
        assert str(exc).startswith("fuzz.toml") and "\n" not in str(exc)
    else:
        assert story.themes and story.company.name


BILINGUAL = """\
[company]
name = "Acme Ledger"
plumb_line = {en = "Numbers you can trust.", es = "Números en los que puede confiar."}

[[themes]]
id = "faster-close"
title = {en = "Close the books in days", es = "Cierre contable en días"}
story = {en = "Reconciliations run every night.", es = "Las conciliaciones corren cada noche."}
serves = ["efficiency"]
keywords = {en = ["closing the books", "month-end close"], es = ["cierre contable"]}
proof = {en = ["Close cut from 9 to 4 days"], es = ["Cierre de 9 a 4 días"]}

[[themes]]
id = "growth"
title = {en = "Grow without hiring"}
serves = ["growth"]
keywords = ["growth", "crecimiento"]
proof = ["2.3x volume"]

[[risk_reducers]]
id = "pilot"
title = {en = "90-day pilot", es = "Piloto de 90 días"}
answers = ["budget", "switching"]
"""


def test_a_bilingual_story_gives_each_language_its_text_and_falls_back() -> None:
    story = parse_story(BILINGUAL)
    es, en = story.for_lang("es"), story.for_lang("en")
    assert es.company.plumb_line == "Números en los que puede confiar."
    assert en.company.plumb_line == "Numbers you can trust."
    assert es.themes[0].title == "Cierre contable en días"
    assert es.themes[0].proof == ["Cierre de 9 a 4 días"]
    assert es.themes[1].title == "Grow without hiring"  # no Spanish text: the English one
    # keywords match notes in either language, whatever the brief's language
    assert {"cierre contable", "month-end close"} <= set(es.themes[0].keywords)
    assert es.risk_reducers[0].title == "Piloto de 90 días"
    # the stored shape of `story show --json` stays plain
    assert story.to_dict()["themes"][0]["title"] == "Close the books in days"


def test_the_validator_names_entries_lacking_a_translation() -> None:
    warnings = parse_story(BILINGUAL).warnings
    assert any("theme 'growth'" in w and "title (no es)" in w for w in warnings), warnings
    assert any("theme 'growth'" in w and "proof (one text" in w for w in warnings), warnings
    assert not any("faster-close" in w for w in warnings)
    assert parse_story(TEST_STORY).warnings == []  # one language: nothing to translate


def test_a_story_in_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(StoryError, match="unknown language 'fr'"):
        parse_story(BILINGUAL.replace('es = "Piloto', 'fr = "Piloto'))


def test_story_load_prints_translation_warnings(cli, tmp_path: Path) -> None:
    path = tmp_path / "bi.toml"
    path.write_text(BILINGUAL, encoding="utf-8")
    r = cli("story", "load", str(path))
    assert r.exit_code == 0, r.output
    assert "Warning: theme 'growth' lacks a translation" in r.output


def test_a_spanish_brief_uses_the_spanish_story(cli, tmp_path: Path) -> None:
    path = tmp_path / "bi.toml"
    path.write_text(BILINGUAL, encoding="utf-8")
    assert cli("story", "load", str(path)).exit_code == 0
    assert cli("add", "Ana García", "--title", "CFO", "--lang", "es").exit_code == 0
    assert cli("note", "add", "ana-garcia", "Quiere acelerar el cierre contable de cada mes.",
               "--kind", "goal", "--category", "efficiency").exit_code == 0
    es = cli("brief", "ana-garcia", "--format", "md")
    assert es.exit_code == 0, es.output
    assert "Cierre contable en días" in es.stdout and "Números en los que puede" in es.stdout
    en = cli("brief", "ana-garcia", "--format", "md", "--lang", "en")
    assert "Close the books in days" in en.stdout and "Numbers you can trust" in en.stdout
