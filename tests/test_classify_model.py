"""The statistical classifier: the shipped model is the training script's output, it runs
without scikit-learn or NumPy, it handles the issue's hard negatives, and it holds its floors
on the blind sets and on the HELDOUT half of the real pages (bench/realpages.py)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from prospect.analyse.classify import classify, classify_rules, split_text
from prospect.analyse.model import features, get_model

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "realpages"

# Floors a little under the figures bench/classify.py printed when the model was shipped.
FLOOR_BLIND = {"en": {"kind": 0.86, "category": 0.77}, "es": {"kind": 0.80, "category": 0.70}}


def _train_module():
    spec = importlib.util.spec_from_file_location("train_classifier",
                                                  ROOT / "tools" / "train_classifier.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_shipped_model_is_what_the_training_script_makes(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="retraining needs the `train` or `test` extra")
    train = _train_module()
    for lang in ("en", "es"):
        made = json.loads(train.write(train.train(lang), tmp_path).read_text("utf-8"))
        shipped = json.loads((ROOT / "prospect" / "data" / f"classifier_{lang}.json")
                             .read_text("utf-8"))
        assert {k: v for k, v in made.items() if k not in ("weights", "bias")} == \
            {k: v for k, v in shipped.items() if k not in ("weights", "bias")}
        # Weights are rounded to 4 decimals and pruned under PRUNE: allow one rounding step,
        # and a weight at the pruning edge on one side only.
        step = 10 ** -train.DIGITS + 1e-9
        assert made["bias"] == pytest.approx(shipped["bias"], abs=step)
        for feature in made["weights"].keys() | shipped["weights"].keys():
            a = dict(map(tuple, made["weights"].get(feature, [])))
            b = dict(map(tuple, shipped["weights"].get(feature, [])))
            for i in a.keys() | b.keys():
                if i in a and i in b:
                    assert a[i] == pytest.approx(b[i], abs=step), feature
                else:
                    assert abs(a.get(i, b.get(i, 0.0))) <= train.PRUNE + step, feature


def test_corpus_is_large_varied_and_apart_from_the_blind_sets() -> None:
    from prospect.store.models import GOAL_CATEGORIES, NOTE_KINDS, RISK_CATEGORIES

    for lang in ("en", "es"):
        rows = [line.split("\t") for line in (ROOT / "tools" / "classifier" /
                                              f"corpus_{lang}.tsv").read_text("utf-8")
                .splitlines()]
        assert len(rows) >= 1500
        assert all(len(r) == 3 for r in rows)
        texts = [r[0] for r in rows]
        assert len(set(texts)) == len(texts)
        assert {r[1] for r in rows} == set(NOTE_KINDS) - {"quote"} | {"quote"}
        for cat in GOAL_CATEGORIES:
            assert sum(r[1] == "goal" and r[2] == cat for r in rows) >= 30, (lang, cat)
        for cat in RISK_CATEGORIES:
            assert sum(r[1] == "risk" and r[2] == cat for r in rows) >= 30, (lang, cat)
        blind = {line.split("\t")[0] for line in (DATA / f"heldout_{lang}.tsv")
                 .read_text("utf-8").splitlines()}
        assert not blind & set(texts), "a blind sentence is in the training corpus"
        # many structures, not one template: distinct first two words among goal rows
        openings = {" ".join(r[0].split()[:2]) for r in rows if r[1] == "goal"}
        assert len(openings) >= 100, len(openings)


def test_written_sentences_are_valid_varied_and_apart_from_the_blind_sets() -> None:
    """tools/classifier/written_{lang}.tsv: free sentences (not templated) trained with the
    corpus; valid labels, no repeats, none of the blind sets' or the examples' sentences."""
    from prospect.store.models import GOAL_CATEGORIES, NOTE_KINDS, RISK_CATEGORIES

    examples = {text for text, _ in HARD_NEGATIVES}
    for lang in ("en", "es"):
        rows = [line.split("\t") for line in (ROOT / "tools" / "classifier" /
                                              f"written_{lang}.tsv").read_text("utf-8")
                .splitlines()]
        assert len(rows) >= 600, (lang, len(rows))
        assert all(len(r) == 3 for r in rows)
        for text, kind, cat in rows:
            assert kind in NOTE_KINDS, text
            allowed = GOAL_CATEGORIES if kind == "goal" else RISK_CATEGORIES \
                if kind == "risk" else ("",)
            assert cat in allowed, text
        texts = [r[0] for r in rows]
        assert len(set(texts)) == len(texts)
        for cat in GOAL_CATEGORIES:
            assert sum(r[1] == "goal" and r[2] == cat for r in rows) >= 15, (lang, cat)
        for cat in RISK_CATEGORIES:
            assert sum(r[1] == "risk" and r[2] == cat for r in rows) >= 15, (lang, cat)
        blind = {line.split("\t")[0] for line in (DATA / f"heldout_{lang}.tsv")
                 .read_text("utf-8").splitlines()}
        assert not blind & set(texts), "a blind sentence is in the written sentences"
        assert not examples & set(texts), "a hard negative of this file is trained on"
        openings = {" ".join(r[0].split()[:2]) for r in rows if r[1] in ("goal", "risk")}
        assert len(openings) >= 200, len(openings)


def test_inference_needs_neither_scikit_learn_nor_numpy(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('numpy', 'sklearn', 'scipy'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from prospect.analyse.classify import classify\n"
        "c = classify('We want to open ten stores in Peru next year.', 'en')\n"
        "print(c.kind, c.category)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True)
    assert out.stdout.split() == ["goal", "growth"]


def test_wheel_ships_the_models(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    from hatchling.builders.wheel import WheelBuilder

    built = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    names = set(zipfile.ZipFile(built[0]).namelist())
    assert {"prospect/data/classifier_en.json", "prospect/data/classifier_es.json"} <= names


def test_model_file_is_small_and_names_valid_labels() -> None:
    from prospect.store.models import GOAL_CATEGORIES, NOTE_KINDS, RISK_CATEGORIES

    allowed = {k for k in NOTE_KINDS if k not in ("goal", "risk")}
    allowed |= {f"goal:{c}" for c in GOAL_CATEGORIES} | {f"risk:{c}" for c in RISK_CATEGORIES}
    for lang in ("en", "es"):
        assert (ROOT / "prospect" / "data" / f"classifier_{lang}.json").stat().st_size < 3e6
        model = get_model(lang)
        assert set(model.labels) <= allowed
        assert len(model.bias) == len(model.labels)


def test_features_are_folded_words_bigrams_and_char_ngrams() -> None:
    feats = features("Quiere ABRIR tiendas", ("goal",))
    assert "w:abrir" in feats and "b:quiere abrir" in feats and "b:^ quiere" in feats
    assert " ab" in feats and "x:goal" in feats
    assert features("in 2026") == features("in 1999")  # digits are one shape


@pytest.mark.parametrize("lang", ["en", "es"])
def test_prediction_reads_exactly_the_weighed_features(lang: str) -> None:
    # the fast path builds only the features that carry a weight; it must be the same set
    model = get_model(lang)
    rows = (ROOT / "tests" / "data" / f"heldout_{lang}.tsv").read_text("utf-8").splitlines()
    for text in [r.split("\t")[0] for r in rows[1:]] + ["Ün «día» 2026, ¿sí? I'm here."]:
        extra = ("goal", "goal:growth")
        want = {f for f in features(text, extra) if f in model.weights}
        assert model._weighed(text, extra) == want, text
        assert model._weighed(text, extra) == model._weighed(text, extra)  # from the cache


@pytest.mark.parametrize("lang", ["en", "es"])
def test_prediction_is_the_softmax_of_the_shipped_weights(lang: str) -> None:
    """The dense rows the model sums give what the file's (label, weight) pairs say."""
    import math

    data = json.loads((ROOT / "prospect" / "data" / f"classifier_{lang}.json")
                      .read_text("utf-8"))
    model = get_model(lang)
    rows = (ROOT / "tests" / "data" / f"heldout_{lang}.tsv").read_text("utf-8").splitlines()
    for text in [r.split("\t")[0] for r in rows[1:80]]:
        seen = model._weighed(text, ())
        scores = list(data["bias"])
        for f in seen:
            for i, w in data["weights"].get(f, []):
                scores[int(i)] += w
        top = max(scores)
        total = sum(math.exp(x - top) for x in scores)
        want = {lab: math.exp(x - top) / total for lab, x in zip(data["labels"], scores,
                                                                  strict=True)}
        got = model.predict(text)
        assert len(got.ranked) == len(want)
        for lab, prob in got.ranked:
            assert prob == pytest.approx(want[lab], abs=1e-9), (text, lab)
        best = max(want, key=want.__getitem__)
        assert got.ranked[0][0] == best
        pushed = sorted(((w, f) for f in seen for i, w in data["weights"].get(f, [])
                         if data["labels"][int(i)] == best and w > 0), reverse=True)
        assert got.top_features == [f for _, f in pushed[:3]]


HARD_NEGATIVES = [
    ("I don't use Facebook.", "en"),
    ("She spends too much time in meetings, her colleagues joke.", "en"),
    ("ATF has gone on to become an important building block of the platform.", "en"),
    ("The first thing we need to do is to calculate the mean of the column.", "en"),
    ("Last year she opened twelve new stores in Ohio.", "en"),
    ("The bank reported a data breach affecting thousands of clients on Monday.", "en"),
    ("Are there any plans to sell the product online?", "en"),
    ("Analysts want the company to cut costs faster.", "en"),
    ("No uso Facebook.", "es"),
    ("Lo primero que tenemos que hacer es calcular la media de la columna.", "es"),
    ("El año pasado la empresa abrió doce tiendas en Jalisco.", "es"),
]


@pytest.mark.parametrize(("text", "lang"), HARD_NEGATIVES)
def test_hard_negatives_are_not_goals_or_risks(text: str, lang: str) -> None:
    got = classify(text, lang)
    assert got.kind not in ("goal", "risk"), got.matched


def test_food_safety_is_compliance_not_it_security() -> None:
    for text, lang in (("Her priority is food safety in every kitchen of the chain.", "en"),
                       ("Quiere reforzar la seguridad alimentaria en todas sus plantas.", "es")):
        got = classify(text, lang)
        assert (got.kind, got.category) == ("goal", "compliance"), got.matched


def test_spending_too_much_time_is_not_a_budget_risk() -> None:
    got = classify("He spends too much time chasing approvals by email.", "en")
    assert got.category != "budget", got.matched


def test_an_achievement_is_not_a_goal_but_the_plan_is() -> None:
    done = classify("Under her leadership the bank digitised every paper form.", "en")
    plan = classify("She wants to digitise every paper form by spring.", "en")
    assert done.kind != "goal" and plan.kind == "goal", (done.matched, plan.matched)


def test_unsure_answers_are_other_with_the_reason() -> None:
    got = classify("Cost.", "en")
    assert got.kind in ("other", "bio", "event", "interest", "quote", "achievement")
    assert 0.05 <= got.confidence <= 0.95


def test_matched_says_what_the_model_and_the_rules_saw() -> None:
    got = classify("We can't afford another budget overrun like last year's.", "en")
    assert (got.kind, got.category) == ("risk", "budget")
    assert got.matched[0].startswith("model risk:budget")
    assert any(m.startswith("rules: risk") for m in got.matched)
    assert any(m.startswith("feature: ") for m in got.matched)


def test_split_text_cuts_inside_a_quote_but_not_at_abbreviations() -> None:
    text = ("\u201cWe had some issues. We want to cut churn by a third next year,\u201d "
            "Mr. Mayer said. He joined in 2018.")
    assert split_text(text) == ["\u201cWe had some issues.",
                                "We want to cut churn by a third next year,\u201d Mr. Mayer said.",
                                "He joined in 2018."]
    assert split_text("Una sola frase sin punto final") == ["Una sola frase sin punto final"]


def test_a_multi_sentence_quote_is_classified_by_its_clearest_sentence() -> None:
    text = ("\u201cIt was a busy year for all of us. Our goal is to open twenty stores in "
            "Chile by 2027. The team did great,\u201d she said.")
    got = classify(text, "en")
    assert (got.kind, got.category) == ("goal", "growth"), got.matched
    assert got.matched[0].startswith("3 sentences")
    assert classify("It was a busy year. The team did great.", "en").kind not in (
        "goal", "risk")


def _blind(lang: str) -> list[tuple[str, str, str]]:
    rows = [tuple(line.split("\t")) for line in (DATA / f"heldout_{lang}.tsv")
            .read_text("utf-8").splitlines()]
    return [r for r in rows if r != ("text", "kind", "category")]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind_set_floors_of_the_model(lang: str) -> None:
    rows = _blind(lang)
    kind_ok = both_ok = n_gr = 0
    for text, kind, cat in rows:
        got = classify(text, lang)
        kind_ok += got.kind == kind
        if kind in ("goal", "risk"):
            n_gr += 1
            both_ok += got.kind == kind and (got.category or "") == cat
    kind_acc, both_acc = kind_ok / len(rows), both_ok / n_gr
    print(f"\n{lang} blind set, model: kind {kind_acc:.2f}, kind+category {both_acc:.2f}")
    assert kind_acc >= FLOOR_BLIND[lang]["kind"]
    assert both_acc >= FLOOR_BLIND[lang]["category"]


def _realpages():
    if not (REALPAGES / "labels.json").is_file():
        pytest.skip(f"real pages not found at {REALPAGES}")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import realpages  # the one TUNING/HELDOUT split
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return realpages


# Floors on the HELDOUT half (sentence level, EN and ES together), a little under what was
# measured when the model was shipped (precision 0.50, recall 0.37; the rules alone 0.55
# precision). They are far from the targets (0.85, 0.70): see bench/README.md.
FLOOR_REAL = {"precision": 0.45, "recall": 0.33}


def _score(rows, fn) -> tuple[float, float]:
    said = right = found = wanted = 0
    for text, lang, expected in rows:
        got = fn(text, lang)
        if got.kind in ("goal", "risk"):
            said += 1
            right += got.kind in expected
        if expected:
            wanted += 1
            found += got.kind in expected
    return right / max(said, 1), found / max(wanted, 1)


def test_realpages_heldout_goal_and_risk_floors() -> None:
    realpages = _realpages()
    rows = []
    for page in realpages.pages("heldout"):
        expected: dict[str, set[str]] = {}
        for key, kind in (("goals", "goal"), ("risks", "risk")):
            for item in page.get(key) or []:
                expected.setdefault(item["text"], set()).add(kind)
        for key in ("not_goal_or_risk", "about", "others"):
            for item in page.get(key) or []:
                expected.setdefault(item["text"] if isinstance(item, dict) else item, set())
        rows += [(t, page["lang"], e) for t, e in expected.items()]
    precision, recall = _score(rows, classify)
    rules_precision, _ = _score(rows, classify_rules)
    print(f"\nrealpages HELDOUT: precision {precision:.2f} recall {recall:.2f} "
          f"(rules precision {rules_precision:.2f})")
    assert precision >= FLOOR_REAL["precision"]
    assert recall >= FLOOR_REAL["recall"]
