"""Name matching: accents, case, middle names and second surnames; initials never match."""

from __future__ import annotations

import pytest

from prospect.extract.names import PersonMatcher, name_matches, split_names
from prospect.text import fold


@pytest.mark.parametrize("candidate", [
    "Ana García Rojas", "ANA GARCÍA ROJAS", "ana garcia rojas", "Ana García", "Ana Rojas",
    "García Rojas, Ana", "Ana María García Rojas", "Dra. Ana García",
])
def test_names_of_the_same_person_match(candidate):
    assert name_matches(candidate, "Ana García Rojas")


@pytest.mark.parametrize("candidate", [
    "Pedro García", "Ana López", "A. García", "García", "Ana", "Carla Rojas",
    "Ana López García", "",
])
def test_other_people_do_not_match(candidate):
    assert not name_matches(candidate, "Ana García Rojas")


def test_middle_initials_and_hyphens():
    assert name_matches("Dana A. Ford", "Dana Ford")
    assert name_matches("Calvin French Owen", "Calvin French-Owen")
    assert not name_matches("Tom Watkins", "Tom Preston-Werner")


def test_single_word_names_match_only_themselves():
    assert name_matches("illojuan", "IlloJuan")
    assert not name_matches("IlloJuan Fan Club", "IlloJuan")


def test_bylines_split_into_names():
    names = split_names("Dana A. Ford, James S.A. Corey, Chien-Ming Wang, and Tom Watkins, CNN")
    assert names[:4] == ["Dana A. Ford", "James S.A. Corey", "Chien-Ming Wang", "Tom Watkins"]
    assert split_names("Por Marta Ruiz y Luis Pérez") == ["Marta Ruiz", "Luis Pérez"]


def _mention(name: str, sentence: str):
    words = sentence.replace(",", " ").replace(".", " ").split()
    return PersonMatcher(name).mention([fold(w) for w in words], words)


def test_mentions_in_running_text():
    assert _mention("Ana García Rojas", "Ayer habló Ana García en Monterrey")[0] == "name"
    assert _mention("Ana García Rojas", "dijo García a la prensa")[0] == "surname"
    assert _mention("Ana García Rojas", "Pedro García dijo que no") is None
    assert _mention("Tom Preston-Werner", "Tom is a co-founder of GitHub")[0] == "given"
    assert _mention("Tom Preston-Werner", "Tom Watkins wrote the story") is None
