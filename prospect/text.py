"""Text helpers shared by every layer: accent folding, slugs, name matching keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

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


SLUG_MAX = 60


def slugify(text: str, limit: int | None = SLUG_MAX) -> str:
    """A URL-safe slug: "Ana García Rojas" -> "ana-garcia-rojas", "王小明" -> "wang-xiao-ming".

    Letters outside Latin are transliterated (anyascii), so every name gets a meaningful
    slug; it is cut at a word boundary to `limit` characters. Text with no letter or digit
    at all gives "prospect".
    """
    folded = fold(text)
    if not folded.isascii():
        from anyascii import anyascii

        folded = "".join(_ascii(c, anyascii) for c in folded).lower()
    slug = _NON_ALNUM.sub("-", folded).strip("-")
    if limit is not None and len(slug) > limit:
        cut = slug[: limit + 1].rfind("-")
        slug = slug[: cut if cut >= limit // 2 else limit].strip("-")
    return slug or "prospect"


def _ascii(char: str, anyascii: Callable[[str], str]) -> str:
    if char.isascii():
        return char
    out = anyascii(char)
    # caseless scripts come back as capitalised syllables (王 -> "Wang"): keep them apart
    return f" {out} " if len(out) > 1 and out[0].isupper() else out


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return _SPACES.sub(" ", text).strip()


def clip(text: object, limit: int) -> str:
    """`text` squashed and cut to `limit` characters at a word boundary, ending in '…'."""
    text = squash(str(text or ""))
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:max(limit, 0)]
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-–—") + "…"
