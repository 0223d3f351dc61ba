"""English goals and risks in the shapes of real pages: aims told as plans, missions and
reported speech; worries told as plain facts of pressure (what is falling, rising, short or
lost); and the model's own thresholds. tests/data/realshapes_en.tsv is a development set
written for this before the corpus was extended, never trained on: its floors sit a little
under what was measured when it was added (goal precision 0.97, recall 0.87; risk precision
0.91, recall 0.75)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospect.analyse.classify import classify, classify_rules
from prospect.analyse.lexicon import get_lexicon
from prospect.store.models import GOAL_CATEGORIES, NOTE_KINDS, RISK_CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
FLOORS = {"goal": {"precision": 0.9, "recall": 0.8}, "risk": {"precision": 0.85, "recall": 0.7}}


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text("utf-8").splitlines()]


def test_dev_set_is_valid_and_never_trained_on() -> None:
    rows = _rows(DATA / "realshapes_en.tsv")
    assert len(rows) >= 100
    for text, kind, cat in rows:
        assert kind in NOTE_KINDS, text
        allowed = GOAL_CATEGORIES if kind == "goal" else RISK_CATEGORIES \
            if kind == "risk" else ("",)
        assert cat in allowed, text
    texts = {r[0] for r in rows}
    assert len(texts) == len(rows)
    trained = [ROOT / "tools" / "classifier" / f"{name}_en.tsv"
               for name in ("corpus", "written", "genre")] + [DATA / "sentences_en.tsv"]
    for path in trained:
        assert not texts & {r[0] for r in _rows(path)}, path.name


def test_genre_sentences_are_valid_and_unrepeated() -> None:
    rows = _rows(ROOT / "tools" / "classifier" / "genre_en.tsv")
    assert all(len(r) == 3 for r in rows)
    for text, kind, cat in rows:
        assert kind in NOTE_KINDS, text
        assert (cat in GOAL_CATEGORIES) if kind == "goal" else \
            (cat in RISK_CATEGORIES) if kind == "risk" else cat == "", text
    assert len({r[0] for r in rows}) == len(rows)
    blind = {r[0] for r in _rows(DATA / "heldout_en.tsv")}
    assert not blind & {r[0] for r in rows}


def test_dev_set_goal_and_risk_floors() -> None:
    rows = _rows(DATA / "realshapes_en.tsv")
    got = [classify(text, "en").kind for text, _, _ in rows]
    for kind, floor in FLOORS.items():
        right = sum(g == kind and r[1] == kind for g, r in zip(got, rows, strict=True))
        shown = sum(g == kind for g in got)
        wanted = sum(r[1] == kind for r in rows)
        print(f"\nrealshapes_en {kind}: precision {right}/{shown} recall {right}/{wanted}")
        assert right / shown >= floor["precision"], kind
        assert right / wanted >= floor["recall"], kind


@pytest.mark.parametrize("text", [
    "Bookings at the lodge have been dwindling since the road closed.",
    "Subscriptions keep shrinking, and the magazine's advertisers are leaving with them.",
    "The print shop is losing money on every small order it takes.",
    "Our two nurses are stretched thin across three villages.",
    "The council faces mounting pressure to close the pool.",
    "A decade of cheap imports has eroded the mill's order book.",
    "Not every supplier in the cluster will survive the new tariffs.",
    "The firm is struggling to find welders willing to work nights.",
])
def test_pressure_told_as_a_fact_is_a_risk_cue(text: str) -> None:
    assert classify_rules(text, "en").kind == "risk"


@pytest.mark.parametrize("text", [
    "Crime in the district has fallen for five years.",
    "Our costs fell by a tenth after the move.",
    "The school's enrolment has grown every year since it opened.",
    "She spread the jam thin and handed me the slice.",
    "Prices at the farmers' market have dropped for the summer sale.",
])
def test_good_news_and_other_senses_are_no_pressure_cue(text: str) -> None:
    assert classify_rules(text, "en").kind != "risk"


def test_the_lexicons_model_cuts_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    """classify() uses the `adopt` and `veto` of the language's lexicon [model] section."""
    import dataclasses

    from prospect.analyse import classify as classify_module

    shipped = get_lexicon("en")
    assert (shipped.veto, shipped.adopt) == (0.2, 0.7)
    aims = ["We plan to open three more branches in the north next year.",
            "The bakery hopes to supply every café in town by the spring."]
    assert all(classify(t, "en").kind == "goal" for t in aims)
    never = dataclasses.replace(shipped, adopt=1.01, veto=1.01)  # no probability reaches them
    monkeypatch.setattr(classify_module, "get_lexicon", lambda lang: never)
    for text in aims:
        c = classify(text, "en")
        assert c.kind == "other" and c.matched[0].startswith("unsure: goal"), c.matched
