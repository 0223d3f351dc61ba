"""Suggested questions for the call, in the brief's language (EN/ES)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from prospect.errors import ProspectError
from prospect.vocab import LANGS

QUESTIONS_FILE = "questions.toml"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    from prospect.resources import data_file, read_toml

    path = data_file(QUESTIONS_FILE)
    return read_toml(path, "the question templates")


def _lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def question_for(kind: str, category: str | None, lang: str | None = "en") -> str:
    """The question to ask about a goal or risk of this category, in `lang` (else English)."""
    table = _data().get(kind if kind in ("goal", "risk") else "goal", {})
    entry = table.get(category or "other") or table.get("other") or {}
    lang = _lang(lang)
    text = entry.get(lang) or entry.get("en")
    if not text:
        raise ProspectError(f"no question template for {kind}/{category} in {QUESTIONS_FILE}")
    return str(text)

