"""Text helpers shared by every layer: accent folding, slugs, name matching keys."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case `text` and strip accents ("García" -> "garcia")."""
    if text.isascii():  # the common case, and a hot path of extraction
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("ß", "ss").replace("ø", "o").replace("ł", "l").casefold()


def slugify(text: str) -> str:
    """A URL-safe slug: "Ana García Rojas" -> "ana-garcia-rojas"."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-") or "prospect"


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return _SPACES.sub(" ", text).strip()
