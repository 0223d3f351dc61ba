"""Decode and parse a page once, and take its main text without the boilerplate.

trafilatura removes navigation, footers, cookie banners and related-links blocks; when it
finds nothing (tiny pages, cards, lists) the visible blocks are read instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from prospect.decode import decode_body

_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt", "td",
               "th", "figcaption", "pre", "address")
_SKIP_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "header", "aside",
              "form", "svg", "button", "select", "iframe")


def decode_html(raw: bytes | str, content_type: str | None = None) -> str:
    """Page bytes -> text (see `prospect.decode`); text is returned as it is."""
    if isinstance(raw, str):
        return raw
    return _utf8_if_mojibake(raw, decode_body(raw, content_type)[0])


_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]")


def _utf8_if_mojibake(raw: bytes, text: str) -> str:
    """UTF-8 bytes read with a declared single-byte charset ("Ã¡" for "á"): pages re-saved
    as UTF-8 keep their old `<meta charset=iso-8859-1>`. Valid UTF-8 wins then."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def parse_html(html: str) -> Any:
    """An lxml tree of `html` (an empty document for empty or unparseable input)."""
    import lxml.html
    from lxml.etree import ParserError

    # lxml refuses str input that declares an encoding, so strip the XML declaration
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        return lxml.html.document_fromstring(html or "<html></html>")
    except (ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>")


@dataclass
class Block:
    """One paragraph of main text; `quoted` marks a blockquote (someone else's words)."""

    text: str
    quoted: bool = False
    heading: bool = False  # a title or heading: never a sentence of anyone's


def _trafilatura() -> Any:
    """trafilatura, with its justext stop list kept as a frozenset.

    trafilatura keeps the union of every justext stop list (~150,000 words) as a tuple and
    hands it to justext on each page, whose `define_stoplist` is an lru_cache: a tuple's hash
    is not cached, so every page hashed and compared all of it (6-8 ms a page, most of the
    time of a small page). A frozenset of the same words caches its hash, and justext turns
    either into the same lower-cased frozenset, so what is extracted is the same."""
    import trafilatura
    from trafilatura import external

    words = getattr(external, "JT_STOPLIST", None)
    if not isinstance(words, frozenset) and hasattr(external, "jt_stoplist_init"):
        stoplist = frozenset(words or external.jt_stoplist_init())
        external.JT_STOPLIST = stoplist  # type: ignore[assignment]
    return trafilatura


def main_text(tree: Any, html: str, url: str | None = None) -> tuple[list[Block], str]:
    """The page's main text as paragraphs, and which extractor produced it."""
    body = None
    try:
        trafilatura = _trafilatura()
        doc = trafilatura.bare_extraction(tree, url=url or None, include_comments=False,
                                          include_tables=True, with_metadata=False)
        body = getattr(doc, "body", None) if doc is not None else None
    except Exception:  # noqa: BLE001 - trafilatura failing on odd markup falls back below
        body = None
    blocks = list(_tree_blocks(body, False)) if body is not None else []
    if sum(len(b.text) for b in blocks) >= 40:
        return blocks, "trafilatura"
    return [Block(t, heading=h) for t, h in _visible_blocks(html)], "visible blocks"


def _tree_blocks(el: Any, quoted: bool) -> Iterator[Block]:
    """trafilatura's output tree (p, head, list/item, quote, table/row/cell) as Blocks."""
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("quote", "list", "table") and len(child):
            yield from _tree_blocks(child, quoted or tag == "quote")
            continue
        for lb in child.iter("lb"):
            lb.tail = "\ue000" + (lb.tail or "")  # a <br>: split there, not at source wraps
        sep = " " if tag == "row" else ""
        for line in sep.join(child.itertext()).split("\ue000"):
            line = " ".join(line.split())  # str.split and \s agree on what white space is
            if line:
                yield Block(line, quoted or tag == "quote", tag == "head")


def _visible_blocks(html: str) -> list[tuple[str, bool]]:
    """(text, is a heading) of the visible blocks, read from a fresh lxml tree (trafilatura
    may have changed the first one). What BeautifulSoup gave, at a tenth of its cost."""
    root = parse_html(html)
    for el in list(root.iter(*_SKIP_TAGS)):
        el.clear(keep_tail=True)  # emptied, not dropped: its tail stays a string of its own
        el.tag = "skipped"
    body = root.body
    if body is None:
        body = root
    blocks = [b for b in body.iter(*_BLOCK_TAGS) if b is not body]
    if not blocks:
        return [(t, False) for t in (" ".join(x.split())
                                     for x in "\n".join(body.itertext()).split("\n")) if t]
    out = []
    for b in blocks:
        if next(b.iterdescendants(*_BLOCK_TAGS), None) is not None:
            continue  # the inner block will be read on its own
        text = re.sub(r"\s+", " ", " ".join(b.itertext())).strip()
        if text:
            out.append((text, b.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "dt")))
    return out
