"""Train the sentence classifier and write prospect/data/classifier_{en,es}.json.

Training text: tools/classifier/corpus_{lang}.tsv (generated from the fragments in
parts_{lang}.py by make_corpus.py), tools/classifier/written_{lang}.tsv (free sentences written
one by one for the project, not templated: missions, plans, worries and problems in the shapes
of news, interviews, blogs and bios, reported forms, and hard negatives; a file that does not
exist is skipped), tools/classifier/genre_{lang}.tsv (more free sentences in the genres and
voices of pages written by others: aims and worries stated indirectly or reported, and hard
negatives that carry trigger words without being the speaker's aim or worry, such as past
narrative, advice, product descriptions, news background and other senses of the words; also
skipped when missing), plus the rows of tests/data/sentences_{lang}.tsv except their last 25 (kept
back as held-out rows by tests/test_classify_accuracy.py). tests/data/heldout_*.tsv are never
read here.

Deterministic: the same files give the same JSON (lbfgs has no random state; rows keep file
order). Needs scikit-learn (`pip install -e '.[train]'`); the installed tool does not.
Run: python3 tools/train_classifier.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prospect.analyse.classify import rules_verdict  # noqa: E402
from prospect.analyse.model import FORMAT, features  # noqa: E402

HELD_OUT_ROWS = 25  # tests/test_classify_accuracy.py HELD_OUT
MIN_DF = 2          # a feature must occur in this many training sentences
C = 4.0             # inverse regularisation strength
PRUNE = 0.02        # weights smaller than this (after centring) are dropped
DIGITS = 4          # decimals kept in the JSON
# lbfgs stops when no gradient entry exceeds TOL. At 1e-6 the answer was up to 0.02 from the
# optimum, enough for two machines (their floating-point sums in other orders) to ship
# different weights from the same corpus; at 1e-8 they agree to the 4 decimals kept.
TOL = 1e-8
USE_LEXICON = True  # the lexicon rules' verdict as extra features
NORMALISE = False   # divide each row by the square root of its feature count
# a feature's value in training by its group: words and word pairs count more than the char
# n-grams inside words, which learn topics ("gro" of growth) more than intentions. The
# weights are written multiplied by the value, so inference still sums binary features.
# Chosen on the TUNING half of the real pages (bench/classify.py, bench/extract.py).
CHAR_VALUE = 0.6
WORD_VALUE = 1.4
# Per language: every LEXICON_DROPOUT-th training row is seen without the lexicon verdict
# (0 or absent: never), so the model also learns the words of an aim or a worry that no cue
# names instead of copying the rules. Chosen by cross-validation over the written and genre
# sentences and checked on the TUNING half (bench/extract.py). How sure the model must be to
# overrule the rules is the lexicon's [model] section (prospect/data/lexicon_*.toml).
LEXICON_DROPOUT = {"en": 2}


def read_rows(path: Path, drop_last: int = 0) -> list[tuple[str, str, str]]:
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        cols = line.split("\t")
        if len(cols) != 3:
            raise SystemExit(f"{path.name} line {n}: expected text, kind, category")
        rows.append((cols[0], cols[1], cols[2]))
    return rows[:len(rows) - drop_last] if drop_last else rows


def training_rows(lang: str) -> list[tuple[str, str, str]]:
    corpus = read_rows(ROOT / "tools" / "classifier" / f"corpus_{lang}.tsv")
    written_path = ROOT / "tools" / "classifier" / f"written_{lang}.tsv"
    written = read_rows(written_path) if written_path.is_file() else []
    genre_path = ROOT / "tools" / "classifier" / f"genre_{lang}.tsv"
    genre = read_rows(genre_path) if genre_path.is_file() else []
    tuned = read_rows(ROOT / "tests" / "data" / f"sentences_{lang}.tsv", HELD_OUT_ROWS)
    return corpus + written + genre + tuned


def label(kind: str, category: str) -> str:
    return f"{kind}:{category}" if kind in ("goal", "risk") and category else kind


def value(feature: str) -> float:
    """A feature's value in training (see CHAR_VALUE): lexicon verdicts 1, words and word
    pairs WORD_VALUE, char n-grams CHAR_VALUE."""
    if feature.startswith("x:"):
        return 1.0
    return WORD_VALUE if feature.startswith(("w:", "b:")) else CHAR_VALUE


def sentence_features(text: str, lang: str) -> list[str]:
    return features(text, rules_verdict(text, lang) if USE_LEXICON else ())


def train(lang: str) -> dict:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows = training_rows(lang)
    every = LEXICON_DROPOUT.get(lang, 0)
    feats = [sorted({f for f in sentence_features(t, lang)
                     if not (every and n % every == every - 1 and f.startswith("x:"))})
             for n, (t, _, _) in enumerate(rows)]
    df: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            df[f] = df.get(f, 0) + 1
    vocab = sorted(f for f, n in df.items() if n >= MIN_DF)
    index = {f: i for i, f in enumerate(vocab)}
    indptr, indices, values = [0], [], []
    for fs in feats:
        kept = [f for f in fs if f in index]
        indices.extend(index[f] for f in kept)
        norm = 1.0 / math.sqrt(len(fs)) if NORMALISE else 1.0
        values.extend(norm * value(f) for f in kept)
        indptr.append(len(indices))
    x = csr_matrix((values, indices, indptr), shape=(len(rows), len(vocab)))
    y = [label(k, c) for _, k, c in rows]
    clf = LogisticRegression(C=C, max_iter=3000, tol=TOL)
    clf.fit(x, y)
    labels = [str(lab) for lab in clf.classes_]
    coef = clf.coef_
    weights: dict[str, list[list[float]]] = {}
    for j, f in enumerate(vocab):
        column = [float(v) * value(f) for v in coef[:, j]]  # inference sums binary features
        centre = statistics.median(column)  # softmax ignores a shift shared by all labels
        pairs = [[i, round(v - centre, DIGITS)] for i, v in enumerate(column)
                 if abs(v - centre) >= PRUNE]
        if pairs:
            weights[f] = pairs
    return {"format": FORMAT, "lang": lang, "labels": labels,
            "bias": [round(float(b), DIGITS) for b in clf.intercept_],
            "lexicon_features": USE_LEXICON, "normalise": NORMALISE, "rows": len(rows),
            **({"lexicon_dropout": every} if every else {}),
            "weights": weights}


def write(model: dict, out: Path) -> Path:
    path = out / f"classifier_{model['lang']}.json"
    path.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True,
                               separators=(",", ":")) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "prospect" / "data")
    parser.add_argument("--lang", choices=["en", "es"], action="append")
    args = parser.parse_args()
    for lang in args.lang or ["en", "es"]:
        model = train(lang)
        path = write(model, args.out)
        print(f"{path}: {model['rows']} rows, {len(model['weights'])} features, "
              f"{path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
