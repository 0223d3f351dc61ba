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
_NOT_PAGE_CHARSETS = {"utf-7", "idna", "punycode", "undefined", "unicode-escape",
                      "raw-unicode-escape", "escape", "mbcs", "oem"}


def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None when it is unknown or unsafe."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    name = info.name
    if label in _AS_CP1252 or name in _AS_CP1252:
        return "cp1252"
    # base64, hex, rot13, zlib...: bytes-to-bytes or str-to-str transforms, not charsets
    if not getattr(info, "_is_text_encoding", True):
        return None
    # utf-7 and escape codecs can smuggle markup past filters; idna and undefined are no
    # page charsets: never honour any of them from the web
    if name.replace("_", "-") in _NOT_PAGE_CHARSETS:
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
    try:
        return raw.decode(encoding, errors="replace"), encoding
    except (LookupError, UnicodeError):  # a codec that cannot read pages after all
        encoding = _detect(raw)
        return raw.decode(encoding, errors="replace"), encoding


def _detect(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:65536]).best()
    return _codec(best.encoding if best else None) or "cp1252"


# -- content encoding (gzip, deflate), capped while streaming -----------------------------------

ACCEPT_ENCODING = "gzip, deflate"


class Inflater:
    """Undo one layer of gzip or deflate chunk by chunk, never producing more than asked.

    A compressed page can expand a thousandfold: each `feed` decompresses at most `room`
    bytes, so a bomb is stopped at the size cap instead of being inflated whole in memory.
    """

    def __init__(self, coding: str) -> None:
        import zlib

        self.coding = coding
        self._zlib = zlib
        self._raw_deflate = False
        self._d = self._new()
        self._started = False
        self.over = False  # more output was waiting when `room` ran out

    def _new(self) -> object:
        z = self._zlib
        if self.coding == "gzip":
            return z.decompressobj(16 + z.MAX_WBITS)
        return z.decompressobj(-z.MAX_WBITS if self._raw_deflate else z.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> bytes:
        """Up to `room` decoded bytes of `data`; sets `over` when there would be more.

        zlib.error escapes for a body that is not what its header says.
        """
        out = bytearray()
        while data and not self.over:
            try:
                part = self._d.decompress(data, room - len(out) + 1)  # type: ignore[attr-defined]
            except self._zlib.error:
                # "deflate" is meant to be zlib-wrapped; some servers send it raw
                if self.coding != "deflate" or self._raw_deflate or self._started:
                    raise
                self._raw_deflate = True
                self._d = self._new()
                continue
            self._started = self._started or bool(part)
            out += part
            if len(out) > room:
                self.over = True
                break
            data = self._d.unconsumed_tail  # type: ignore[attr-defined]
            if not data and self._d.eof:  # type: ignore[attr-defined]
                rest = self._d.unused_data  # type: ignore[attr-defined]
                if self.coding != "gzip" or not rest.startswith(b"\x1f\x8b"):
                    break  # trailing bytes after the end: ignored, as browsers do
                data, self._d = rest, self._new()  # a second gzip member
        return bytes(out[:room])


def content_codings(header: str | None) -> list[str]:
    """The content codings of a Content-Encoding header, `identity` left out."""
    return [c for c in (p.strip().lower() for p in (header or "").split(","))
            if c and c != "identity"]


def inflater_for(header: str | None) -> Inflater | None | str:
    """An Inflater for the response's one layer of encoding, None for none, or why not."""
    codings = content_codings(header)
    if not codings:
        return None
    if len(codings) > 1:
        return (f"refused: {len(codings)} layers of content encoding "
                f"({', '.join(codings)[:60]}); one is the most a page needs")
    coding = "gzip" if codings[0] in ("gzip", "x-gzip") else codings[0]
    if coding not in ("gzip", "deflate"):
        return f"unsupported content encoding: {coding[:40]}"
    return Inflater(coding)
