"""Text helpers shared by every layer: accent folding, slugs, name matching keys."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case `text` and strip accents ("García" -> "garcia")."""
    if text.isascii():  # the common case, and a hot path of extraction
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if len(decomposed) < 40:
        stripped = _drop_combining(decomposed)
    else:  # mostly ASCII with a few accents or curly quotes: look at the other runs only
        stripped = _NON_ASCII.sub(lambda m: _drop_combining(m.group()), decomposed)
    return stripped.replace("ß", "ss").replace("ø", "o").replace("ł", "l").casefold()


def _drop_combining(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """A URL-safe slug: "Ana García Rojas" -> "ana-garcia-rojas"."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-") or "prospect"


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return _SPACES.sub(" ", text).strip()
