"""A reported sentence is classified by what was said, not by its frame."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prospect.analyse.classify import classify
from prospect.analyse.speech import speech


@pytest.mark.parametrize(("text", "said"), [
    ('"We want to open ten stores in Peru next year," Ana Ruiz said in a statement.',
     "We want to open ten stores in Peru next year"),
    ("“No descartamos cerrar la planta si el gas sigue subiendo”, advirtió Ruiz, quien "
     "habló en Lima.", "No descartamos cerrar la planta si el gas sigue subiendo"),
    ("Olivar's chief executive Ana Ruiz said a software glitch led to widespread delays.",
     "a software glitch led to widespread delays."),
    ("Según la ministra, el país necesita más puertos.", "el país necesita más puertos."),
    ("Rents keep rising in every city we serve, Ruiz told reporters on Monday.",
     "Rents keep rising in every city we serve"),
    # words that open the sentence, then a frame longer than they are
    ("“We lost two big clients this year and it hurt our revenue badly,” Lee, the firm's "
     "founder and chief executive, said on Monday at a trade conference in Austin.",
     "We lost two big clients this year and it hurt our revenue badly"),
    ("A juicio de la gerente, el mayor escollo son los plazos de la aduana.",
     "el mayor escollo son los plazos de la aduana."),
    ("En opinión del rector, faltan laboratorios en todas las facultades.",
     "faltan laboratorios en todas las facultades."),
    ("Para la consejera delegada, lo urgente es bajar la deuda.", "lo urgente es bajar la deuda."),
    ("El martes, la directora de la planta, Ana Ruiz, dijo a este diario que la huelga les "
     "cuesta dos turnos al día.", "la huelga les cuesta dos turnos al día."),
    ("The chief executive told reporters that the company will open two plants in Peru.",
     "the company will open two plants in Peru."),
    ("Ruiz tells investors on every call that margins will recover next year.",
     "margins will recover next year."),
])
def test_the_frame_goes_and_the_words_stay(text: str, said: str) -> None:
    assert speech(text) == said


@pytest.mark.parametrize("text", [
    "We want to grow in Peru.",
    "She said no.",  # too little left to be a statement
    "The fair drew more than 5,000 visitors.",
    "Mr. Ruiz, our sales director, joined in May.",
    "Para 2027, la cadena tendrá cuarenta tiendas en el norte.",
    "Para que el plan funcione, la planta necesita otro turno.",
])
def test_a_sentence_without_a_frame_is_left_alone(text: str) -> None:
    assert speech(text) in (text, text.rstrip("."))


def test_a_framed_goal_is_read_as_the_goal_it_quotes() -> None:
    said = '"We want to open ten new stores in Peru next year," Ana Ruiz said.'
    c = classify(said, "en")
    assert (c.kind, c.category) == ("goal", "growth")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_speech_is_part_of_the_text_and_never_raises(text: str) -> None:
    said = speech(text)
    assert len(said) <= len(text)
    assert all(part in text for part in said.split())


@pytest.mark.parametrize("text", [
    "When we moved offices, we were told that the new network would be ready in a week.",
    "Cuando llegué, me dijeron que la planta cerraría en verano.",
])
def test_what_somebody_told_them_is_not_read_as_their_own_words(text: str) -> None:
    # "we were told that X": X is somebody else's claim, not what the speaker says
    assert not speech(text).startswith(("the new network", "la planta"))


def test_only_whom_something_was_told_to_comes_before_that() -> None:
    # "said the firm that…": a relative clause, not a frame "said X that…"
    text = "She said the firm that bought the mill will keep its staff."
    assert speech(text) == "the firm that bought the mill will keep its staff."
