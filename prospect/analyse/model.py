"""The statistical sentence classifier: features, and a linear model read from package data.

`tools/train_classifier.py` fits a multinomial logistic regression over the features below
and writes `prospect/data/classifier_{en,es}.json`; this module scores a sentence with those
weights in pure Python (no NumPy, no scikit-learn, no network). Labels are joint: a kind
alone (`bio`, `other`…) or `goal:<category>` / `risk:<category>`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache

from prospect.analyse.lexicon import LANGS, normalise
from prospect.errors import InvalidValue

FORMAT = 1  # bump when the features or the file layout change
GRAM_CACHE = 50_000  # words whose weighed char n-grams a model keeps
_TOKEN = re.compile(r"\w+|[?¿!¡\"«»“”:]")
_DIGITS = re.compile(r"\d")


def tokens(text: str) -> list[str]:
    """Folded words (digits as 0) and the punctuation that tells a question or a quote."""
    return _TOKEN.findall(_DIGITS.sub("0", normalise(text)))


def features(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The features of one sentence: word unigrams and bigrams, char 3-5-grams of words.

    `extra` adds named features (the lexicon rules' verdict), prefixed `x:`.
    """
    toks = tokens(text)
    out = [f"w:{t}" for t in toks]
    prev = "^"
    for t in toks:
        out.append(f"b:{prev} {t}")
        prev = t
    out.append(f"b:{prev} $")
    for t in toks:
        if not t[0].isalnum():
            continue
        padded = f" {t} "
        n = len(padded)
        for size in (3, 4, 5):
            for i in range(n - size + 1):
                out.append(padded[i:i + size])
    out.extend(f"x:{e}" for e in extra)
    return out


@dataclass(frozen=True)
class Prediction:
    """Probabilities of every joint label, best first, and the features that pushed the top."""

    ranked: list[tuple[str, float]]
    top_features: list[str]

    def kind_probability(self, kind: str) -> float:
        return sum(p for label, p in self.ranked if label.split(":", 1)[0] == kind)


class Model:
    """A linear model: per feature that survived pruning, its weight for every label."""

    def __init__(self, data: dict) -> None:
        if data.get("format") != FORMAT:
            raise InvalidValue(f"classifier model format {data.get('format')!r} is not {FORMAT}")
        self.lang: str = data["lang"]
        self.labels: list[str] = data["labels"]
        self.bias: list[float] = data["bias"]
        self.lexicon_features: bool = bool(data.get("lexicon_features"))
        self.normalise: bool = bool(data.get("normalise"))
        # a dense row per feature: summing columns in C beats a Python loop over pairs
        width = len(self.labels)
        self.weights: dict[str, tuple[float, ...]] = {}
        for f, pairs in data["weights"].items():
            row = [0.0] * width
            for i, w in pairs:
                row[int(i)] = float(w)
            self.weights[f] = tuple(row)
        self._gram_cache: dict[str, tuple[str, ...]] = {}

    def _grams(self, token: str) -> tuple[str, ...]:
        """The char n-grams of one word that the model weighs (cached: words recur)."""
        found = self._gram_cache.get(token)
        if found is None:
            padded = f" {token} "
            n = len(padded)
            found = tuple(dict.fromkeys(
                g for size in (3, 4, 5) for i in range(n - size + 1)
                if (g := padded[i:i + size]) in self.weights))
            if len(self._gram_cache) < GRAM_CACHE:
                self._gram_cache[token] = found
        return found

    def _weighed(self, text: str, extra: tuple[str, ...]) -> set[str]:
        """The features of `text` that carry a weight: the same set `features` gives, less
        those the model never kept (they add nothing), built without the ones it dropped."""
        weights = self.weights
        toks = tokens(text)
        seen = {f for t in toks if (f := f"w:{t}") in weights}
        prev = "^"
        for t in toks:
            if (f := f"b:{prev} {t}") in weights:
                seen.add(f)
            prev = t
        if (f := f"b:{prev} $") in weights:
            seen.add(f)
        for t in set(toks):
            if t[0].isalnum():
                seen.update(self._grams(t))
        seen.update(f for e in extra if (f := f"x:{e}") in weights)
        return seen

    def predict(self, text: str, extra: tuple[str, ...] = ()) -> Prediction:
        weights = self.weights
        if self.normalise:  # the row's length counts every feature, weighed or not
            seen = set(features(text, extra))  # binary features, as in training
        else:
            seen = self._weighed(text, extra)
        hits = [(f, row) for f in seen if (row := weights.get(f)) is not None]
        sums = ([sum(col) for col in zip(*(row for _, row in hits), strict=True)] if hits
                else [0.0] * len(self.bias))
        norm = 1.0 / math.sqrt(len(seen) or 1) if self.normalise else 1.0
        scores = [b + s * norm for b, s in zip(self.bias, sums, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        ranked = sorted(((lab, e / total) for lab, e in zip(self.labels, exps, strict=True)),
                        key=lambda kv: -kv[1])
        best = scores.index(top)
        pushes = sorted(((row[best], f) for f, row in hits if row[best] > 0), reverse=True)
        return Prediction(ranked, [f for _, f in pushes[:3]])


@cache
def get_model(lang: str) -> Model:
    """The shipped model for `lang`, read once per process."""
    from prospect.resources import data_file

    if lang not in LANGS:
        raise InvalidValue(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    with open(data_file(f"classifier_{lang}.json"), encoding="utf-8") as fh:
        return Model(json.load(fh))
