"""Stop words are data (prospect/data/stopwords.toml), read once and used as written there."""

from __future__ import annotations

import tomllib

from prospect.resources import data_file
from prospect.stopwords import stopwords
from prospect.text import fold


def test_every_list_comes_from_the_package_data_file() -> None:
    from prospect.analyse import tieback
    from prospect.extract import attribution, byline, names, sentences

    raw = tomllib.loads(data_file("stopwords.toml").read_text(encoding="utf-8"))
    assert set(raw) == {"theme_filler", "common_en", "common_es", "not_a_first_name",
                        "sentence_openers", "byline_end"}
    assert tieback.STOPWORDS == frozenset(raw["theme_filler"].split())
    assert sentences._EN == stopwords("common_en") and sentences._ES == stopwords("common_es")
    assert attribution.STOP_CAPS == {fold(w) for w in raw["not_a_first_name"].split()}
    assert names._SENTENCE_WORDS == stopwords("sentence_openers")
    assert byline._NAME_STOP == {fold(w) for w in raw["byline_end"].split()}


def test_the_lists_do_what_they_are_for() -> None:
    from prospect.analyse.tieback import words
    from prospect.extract.byline import person_prefix
    from prospect.extract.sentences import guess_lang

    assert words("The supply chain of our new stores") == ["supply", "chain", "stores"]
    assert guess_lang("Dijo que la empresa abrirá tres tiendas en el norte") == "es"
    assert guess_lang("He said that the company will open three stores") == "en"
    assert person_prefix("Jane Doe Updated 5:00 PM ET") == "Jane Doe"


def test_the_file_is_read_once() -> None:
    from prospect.stopwords import _lists

    assert _lists() is _lists()
