"""Turn a fetched body into text: charset from the header, a BOM, `<meta charset>`, or detection."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^\s;"']+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# WHATWG: browsers read these labels as windows-1252, and so do the pages written for them
_AS_CP1252 = {"latin-1", "iso8859-1", "ascii", "us-ascii", "iso-8859-1", "cp1252"}
SNIFF_BYTES = 4096


def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None when it is unknown or unsafe."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if label in _AS_CP1252 or name in _AS_CP1252:
        return "cp1252"
    # utf-7 and friends can smuggle markup past filters; never honour them from the web
    if name in {"utf-7", "utf_7"}:
        return None
    return name


def charset_from_header(content_type: str | None) -> str | None:
    """The codec named by a Content-Type header's charset parameter, if any."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return _codec(m.group(1)) if m else None


def decode_body(raw: bytes, content_type: str | None) -> tuple[str, str]:
    """(text, encoding) of a page body.

    Order: byte-order mark, the header's charset, `<meta charset>` / http-equiv in the first
    4 KB, UTF-8 if it decodes, else charset detection. Undecodable bytes become U+FFFD.
    """
    encoding = None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(name, errors="replace"), name
    encoding = charset_from_header(content_type)
    if encoding is None:
        m = _META_CHARSET.search(raw[:SNIFF_BYTES])
        encoding = _codec(m.group(1).decode("ascii", "replace")) if m else None
        # a page that says utf-16 in an ASCII-compatible meta tag is lying (WHATWG)
        if encoding and encoding.startswith("utf-16"):
            encoding = "utf-8"
    if encoding is None:
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = _detect(raw)
    return raw.decode(encoding, errors="replace"), encoding


def _detect(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:65536]).best()
    return _codec(best.encoding if best else None) or "cp1252"
