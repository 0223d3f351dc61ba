"""Sentence splitting in English and Spanish, with quoted speech kept whole."""

from __future__ import annotations

from prospect.extract.sentences import guess_lang, split_sentences


def test_english_sentences_and_abbreviations():
    text = ("Mr. Smith joined Acme Inc. in 2019. He runs the U.S. business from Memphis! "
            "Dana A. Ford wrote the story.")
    assert split_sentences(text) == [
        "Mr. Smith joined Acme Inc. in 2019.", "He runs the U.S. business from Memphis!",
        "Dana A. Ford wrote the story."]


def test_spanish_quotes_stay_whole():
    text = ("«Queremos crecer. Necesitamos socios», dijo García. ¿Y los costos? "
            "La Sra. Pérez no respondió.")
    assert split_sentences(text) == [
        "«Queremos crecer. Necesitamos socios», dijo García.", "¿Y los costos?",
        "La Sra. Pérez no respondió."]


def test_a_quote_that_ends_a_sentence_keeps_its_closing_mark():
    text = '"We cannot hire our way there. Automation is the way." Smith then left the room.'
    assert split_sentences(text) == ['"We cannot hire our way there. Automation is the way."',
                                     "Smith then left the room."]
    curly = "“It works.” She smiled."
    assert split_sentences(curly) == ["“It works.”", "She smiled."]


def test_line_breaks_end_paragraphs_and_unclosed_quotes_do_not_swallow_text():
    assert split_sentences("Title line\nFirst sentence here.") == ["Title line",
                                                                   "First sentence here."]
    long_quote = '"' + "word " * 200 + ". Next one starts. " + "More text. " * 3
    assert len(split_sentences(long_quote)) > 1


def test_guess_lang():
    assert guess_lang("Ella quiere duplicar el volumen de la empresa") == "es"
    assert guess_lang("She wants to double the volume of the company") == "en"
    assert guess_lang("Pedro García", "en") == "en"


def test_spanish_plural_abbreviations_and_numbered_references_do_not_end_a_sentence():
    text = "La filial de EE. UU. cerró dos plantas, según el art. 5 del informe. El resto sigue."
    assert split_sentences(text) == [
        "La filial de EE. UU. cerró dos plantas, según el art. 5 del informe.", "El resto sigue."]


def test_no_at_the_end_of_a_spanish_sentence_ends_it():
    text = "Le preguntaron si subirían las tarifas y dijo que no. Luego habló de los costes."
    assert split_sentences(text) == [
        "Le preguntaron si subirían las tarifas y dijo que no.", "Luego habló de los costes."]
    assert split_sentences("He lives at No. 10 Downing Street. Nice.") == [
        "He lives at No. 10 Downing Street.", "Nice."]


def test_a_dialogue_dash_starts_the_answer():
    text = "—¿Qué le preocupa? —La falta de agua para regar. Es lo más grave."
    assert split_sentences(text) == [
        "—¿Qué le preocupa?", "—La falta de agua para regar.", "Es lo más grave."]
