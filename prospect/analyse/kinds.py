"""A sentence's note kind and category as the store accepts them: the classifier's answer,
with a category that does not fit its kind dropped and an unknown kind made `other`."""

from __future__ import annotations

from dataclasses import replace

from prospect.analyse.classify import Classification, classify
from prospect.errors import InvalidValue
from prospect.vocab import check_kind_category


def note_kind(text: str, lang: str | None = None) -> Classification:
    """`classify(text, lang)`, checked against the vocabulary."""
    c = classify(text, lang)
    try:
        kind, category = check_kind_category(c.kind, c.category)
    except InvalidValue:
        try:
            kind, category = check_kind_category(c.kind, None)
        except InvalidValue:
            kind, category = "other", None
    return replace(c, kind=kind, category=category)
