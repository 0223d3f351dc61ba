"""Every word a brief prints that is not data, per language: `templates/labels.toml`, read once.

The one home of the category names too: the brief's headings (`category`) and the phrases
the role playbook and the tie-back put in a sentence (`category_phrase`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

LABELS_FILE = "labels.toml"


@cache
def _all() -> dict[str, Any]:
    from prospect.resources import read_toml, templates_dir

    path = templates_dir() / LABELS_FILE
    return read_toml(path, "the brief's labels")


def labels(lang: str | None) -> dict[str, Any]:
    """The words of a brief in `lang` (en or es; English for anything else)."""
    table = _all()
    return table.get(lang or "en") or table["en"]


def category_label(category: str | None, lang: str | None = "en") -> str:
    """How a category reads inside a sentence ('budget' -> 'presupuesto' in Spanish)."""
    if not category:
        return ""
    return str(labels(lang).get("category_phrase", {}).get(category)
               or labels("en")["category_phrase"].get(category) or category)


def fact_change_text(field: str, change: str, old: str | None, new: str | None,
                     lang: str | None = "en", *, words: dict[str, Any] | None = None) -> str:
    """A fact that appeared, changed or went, in `lang` (or in the table `words`):
    "Cargo: CEO → CFO"."""
    words = labels(lang) if words is None else words
    label = words.get("field", {}).get(field) or field.replace("_", " ").capitalize()
    if change == "changed":
        return f"{label}: {old} → {new}"
    return f"{label}: {new if change == 'added' else old}"
