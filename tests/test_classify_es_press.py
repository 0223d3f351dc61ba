"""Spanish goals and risks in the press register: reported aims, demands and complaints of
officials, managers and coaches, and the news prose around them that is neither.

tools/classifier/dev_es.tsv holds sentences written for measuring only (never trained on): its
floors sit a little under what the model gave when they were set (goal/risk precision 0.95,
recall 0.84; the model before the press rows of genre_es.tsv gave 0.91 and 0.64). Its last
45 rows were written after the first press rows were trained, and never tuned on.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from prospect.analyse.classify import classify
from prospect.analyse.lexicon import Lexicon, get_lexicon
from prospect.store.models import GOAL_CATEGORIES, NOTE_KINDS, RISK_CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
CLASSIFIER = ROOT / "tools" / "classifier"
FLOOR_DEV = {"precision": 0.9, "recall": 0.78}


def _rows(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        cols = line.split("\t")
        assert len(cols) == 3, f"{path.name} line {n}: expected text, kind, category"
        rows.append((cols[0], cols[1], cols[2]))
    return rows


def _training_texts() -> set[str]:
    spec = importlib.util.spec_from_file_location("train_classifier",
                                                  ROOT / "tools" / "train_classifier.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {text for text, _, _ in module.training_rows("es")}


@pytest.mark.parametrize("name", ["genre_es.tsv", "dev_es.tsv"])
def test_rows_have_valid_labels_and_no_repeats(name: str) -> None:
    rows = _rows(CLASSIFIER / name)
    texts = [t for t, _, _ in rows]
    assert len(set(texts)) == len(texts), "repeated sentence"
    for text, kind, cat in rows:
        assert text == text.strip() and kind in NOTE_KINDS, text
        allowed = {"goal": GOAL_CATEGORIES, "risk": RISK_CATEGORIES}.get(kind, ("",))
        assert cat in allowed, text


def test_dev_sentences_are_never_trained_on_and_apart_from_the_blind_set() -> None:
    dev = {t for t, _, _ in _rows(CLASSIFIER / "dev_es.tsv")}
    assert len(dev) >= 200
    assert not dev & _training_texts()
    blind = {line.split("\t")[0] for line in
             (ROOT / "tests" / "data" / "heldout_es.tsv").read_text("utf-8").splitlines()}
    assert not dev & blind


def test_dev_sentences_goal_and_risk_floors() -> None:
    said = right = wanted = found = 0
    for text, kind, _ in _rows(CLASSIFIER / "dev_es.tsv"):
        got = classify(text, "es").kind
        if got in ("goal", "risk"):
            said += 1
            right += got == kind
        if kind in ("goal", "risk"):
            wanted += 1
            found += got == kind
    precision, recall = right / said, found / wanted
    print(f"\nes dev sentences: goal/risk precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= FLOOR_DEV["precision"]
    assert recall >= FLOOR_DEV["recall"]


# Written for this test, in none of the files above.
PRESS_GOALS = [
    "La concejala pidió al Ejecutivo municipal que instale semáforos en los cruces cercanos a "
    "las escuelas.",
    "El director de la terminal explicó que se quiere ampliar el patio de contenedores para "
    "recibir barcos más grandes.",
    "Según la gerente, lo que busca la cooperativa es vender la miel directamente en Europa.",
]
PRESS_RISKS = [
    "La directora del museo lamentó que el edificio tenga goteras en tres salas desde hace "
    "meses.",
    "El presidente de la liga de fútbol se quejó de la falta de fondos para pagar a los "
    "árbitros.",
    "El gerente de la fábrica denunció que los robos de mercadería en la ruta se duplicaron "
    "este año.",
]
PRESS_NEITHER = [
    "El ministro presentó el balance de su gestión en un acto en el salón de los pasos "
    "perdidos.",
    "La seguridad ciudadana será uno de los ejes del debate entre los candidatos del jueves.",
    "Los interesados deberán llevar el documento y una foto a la oficina del registro.",
    "La oposición acusa al alcalde de querer vender el estadio municipal a un grupo inversor.",
    "El delantero hizo trabajos de recuperación y el viernes se sabrá si llega al partido.",
]


@pytest.mark.parametrize("text", PRESS_GOALS)
def test_reported_aims_and_demands_are_goals(text: str) -> None:
    assert classify(text, "es").kind == "goal"


@pytest.mark.parametrize("text", PRESS_RISKS)
def test_reported_complaints_and_problems_are_risks(text: str) -> None:
    assert classify(text, "es").kind == "risk"


@pytest.mark.parametrize("text", PRESS_NEITHER)
def test_news_prose_around_them_is_neither(text: str) -> None:
    assert classify(text, "es").kind not in ("goal", "risk")


def test_spanish_sets_its_own_model_cut_in_its_lexicon() -> None:
    es = get_lexicon("es")
    assert es.veto < es.adopt < Lexicon.adopt  # under the default cut
