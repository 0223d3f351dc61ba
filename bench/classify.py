"""Sentence classifier figures: the model against the old lexicon rules, and its speed.

Prints, for EN and ES and for the TUNING and HELDOUT halves of ../shared/fixtures/realpages
(the split in bench/realpages.py), sentence-level goal and risk precision and recall and
category accuracy; kind accuracy on tests/data/heldout_*.tsv; and µs per sentence (median).
Run: PYTHONPATH=. python3 bench/classify.py [--show tuning]  (--show lists the misses of
the TUNING half; the HELDOUT half is only ever scored).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import realpages  # noqa: E402

from prospect.analyse.classify import (  # noqa: E402
    Classification,
    classify,
    classify_rules,
    rules_verdict,
)
from prospect.analyse.model import get_model  # noqa: E402

GOAL_RISK = ("goal", "risk")


def labelled_sentences(half: str) -> list[tuple[str, str, dict[str, str | None]]]:
    """(text, lang, {expected kind: category}) per distinct sentence; {} = not goal/risk."""
    out = []
    for page in realpages.pages(half):
        expected: dict[str, dict[str, str | None]] = {}
        for key, kind in (("goals", "goal"), ("risks", "risk")):
            for item in page.get(key) or []:
                expected.setdefault(item["text"], {})[kind] = item.get("category")
        for key in ("not_goal_or_risk", "about", "others"):
            for item in page.get(key) or []:
                text = item["text"] if isinstance(item, dict) else item
                expected.setdefault(text, {})
        out.extend((text, page["lang"], kinds) for text, kinds in expected.items())
    return out


def score_pages(rows, fn: Callable[[str, str], Classification]) -> dict[str, float]:
    said = right = 0
    found = {"goal": [0, 0], "risk": [0, 0]}
    cat_n = cat_ok = 0
    for text, lang, expected in rows:
        got = fn(text, lang)
        for kind in GOAL_RISK:
            if kind in expected:
                found[kind][1] += 1
                found[kind][0] += got.kind == kind
        if got.kind in GOAL_RISK:
            said += 1
            right += got.kind in expected
            if got.kind in expected and expected[got.kind]:
                cat_n += 1
                cat_ok += got.category == expected[got.kind]
    any_n = sum(1 for _, _, e in rows if e)
    any_ok = sum(1 for t, lg, e in rows if e and fn(t, lg).kind in e)
    return {"n": len(rows), "said": said, "precision": right / said if said else 1.0,
            "recall": any_ok / any_n if any_n else 1.0,
            "goal_recall": found["goal"][0] / max(found["goal"][1], 1),
            "risk_recall": found["risk"][0] / max(found["risk"][1], 1),
            "category": cat_ok / cat_n if cat_n else 1.0, "cat_n": cat_n}


def read_tsv(lang: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (ROOT / "tests" / "data" / f"heldout_{lang}.tsv").read_text("utf-8").splitlines():
        text, kind, cat = line.split("\t")
        if (text, kind, cat) != ("text", "kind", "category"):
            rows.append((text, kind, cat))
    return rows


def score_tsv(rows, lang: str, fn) -> tuple[float, float]:
    kind_ok = both_ok = n_gr = 0
    for text, kind, cat in rows:
        got = fn(text, lang)
        kind_ok += got.kind == kind
        if kind in GOAL_RISK:
            n_gr += 1
            both_ok += got.kind == kind and (got.category or "") == cat
    return kind_ok / len(rows), both_ok / max(n_gr, 1)


def timing(texts: list[tuple[str, str]]) -> tuple[float, float]:
    model_us, whole_us = [], []
    for text, lang in texts:
        model = get_model(lang)
        extra = rules_verdict(text, lang)
        t0 = time.perf_counter()
        model.predict(text, extra)
        t1 = time.perf_counter()
        classify(text, lang)
        t2 = time.perf_counter()
        model_us.append((t1 - t0) * 1e6)
        whole_us.append((t2 - t1) * 1e6)
    return statistics.median(model_us), statistics.median(whole_us)


def show_misses(rows) -> None:
    for text, lang, expected in rows:
        got = classify(text, lang)
        wrong = (got.kind in GOAL_RISK) != bool(expected) or (
            got.kind in GOAL_RISK and got.kind not in expected)
        if wrong:
            print(f"  [{lang}] want {expected or '-'} got {got.kind}/{got.category} "
                  f"{got.confidence:.2f}: {text[:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=["tuning"], help="list the misses of the TUNING half")
    parser.add_argument("--tuning-only", action="store_true", help="score the TUNING half only")
    args = parser.parse_args()
    fns = {"model": classify, "rules": classify_rules}
    texts: list[tuple[str, str]] = []
    if realpages.available():
        print("realpages, sentence level (goal+risk precision / recall, goal recall, "
              "risk recall, category accuracy where labelled):")
        for half in ("tuning",) if args.tuning_only else ("tuning", "heldout"):
            rows = labelled_sentences(half)
            texts += [(t, lg) for t, lg, _ in rows]
            for lang in ("en", "es"):
                sub = [r for r in rows if r[1] == lang]
                for name, fn in fns.items():
                    s = score_pages(sub, fn)
                    print(f"  {half:7} {lang} {name:5} n={s['n']:3} said={s['said']:3} "
                          f"precision {s['precision']:.2f} recall {s['recall']:.2f} "
                          f"(goal {s['goal_recall']:.2f}, risk {s['risk_recall']:.2f}) "
                          f"category {s['category']:.2f} of {s['cat_n']}")
        if args.show:
            show_misses(labelled_sentences(args.show))
    else:
        print(f"realpages not found at {realpages.REALPAGES}: page figures skipped")
    print("tests/data/heldout_*.tsv (kind accuracy, kind+category on goal/risk rows):")
    for lang in ("en", "es"):
        rows = read_tsv(lang)
        texts += [(t, lang) for t, _, _ in rows]
        for name, fn in fns.items():
            kind, both = score_tsv(rows, lang, fn)
            print(f"  {lang} {name:5} kind {kind:.2f}  kind+category {both:.2f}")
    model_us, whole_us = timing(texts)
    print(f"speed over {len(texts)} sentences (median): model {model_us:.0f} µs, "
          f"whole classify() {whole_us:.0f} µs per sentence")


if __name__ == "__main__":
    main()
