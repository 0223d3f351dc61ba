"""Accent folding: the fast paths give what the plain definition gives."""

from __future__ import annotations

import unicodedata

import pytest

from prospect.text import fold, slugify


def _reference(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("ß", "ss").replace("ø", "o").replace("ł", "l").casefold()


@pytest.mark.parametrize("text", [
    "García", "ANA GARCÍA ROJAS", "naïve café", "Łukasz Żółć", "Straße", "Søren", "ﬁnance²",
    "I’ve spent four years building Segment, and we’ve grown to serve thousands of customers.",
    "«Queremos cerrar el mes en tres días», explicó la directora financiera de Cerro Azul Foods.",
    "Αλέξης Παπαδόπουλος και η ομάδα του ανοίγουν νέα γραφεία στην Αθήνα φέτος.",
    "שָׁלוֹם and नमस्ते next to a long run of plain ASCII words to pass forty characters",
    "e\u0301 decomposed already, a long sentence with combining marks in ASCII runs\u0308",
    "", "plain ascii",
])
def test_fold_matches_the_definition(text: str) -> None:
    assert fold(text) == _reference(text)


def test_fold_and_slug() -> None:
    assert fold("Ana García Rojas") == "ana garcia rojas"
    assert slugify("Ana García Rojas") == "ana-garcia-rojas"
