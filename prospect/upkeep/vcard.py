"""vCard reading (2.1, 3.0, 4.0) for import and writing (4.0, RFC 6350) for export."""

from __future__ import annotations

import quopri
import re
import uuid
from collections.abc import Iterable

from prospect.text import squash
from prospect.upkeep.contacts import Row, split_notes

OWNER, STAGE = "X-PROSPECT-OWNER", "X-PROSPECT-STAGE"  # no standard property for either
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _unescape(value: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split(value: str, sep: str) -> list[str]:
    """Split on `sep` not preceded by a backslash, then unescape each part."""
    return [_unescape(p) for p in re.split(rf"(?<!\\){re.escape(sep)}", value)]


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the physical line they start on (RFC 6350 3.2 folding)."""
    out: list[tuple[int, str]] = []
    for n, raw in enumerate(re.split(r"\r\n|\n|\r", text), 1):
        if raw[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        elif out and out[-1][1].endswith("=") and "QUOTED-PRINTABLE" in out[-1][1].upper():
            out[-1] = (out[-1][0], out[-1][1] + "\n" + raw)  # vCard 2.1 soft line break
        else:
            out.append((n, raw))
    return out


def _decode(params: list[str], value: str) -> str:
    upper = [p.upper() for p in params]
    if "ENCODING=QUOTED-PRINTABLE" in upper or "QUOTED-PRINTABLE" in upper:
        charset = next((p.split("=", 1)[1] for p in params if p.upper().startswith("CHARSET=")),
                       "utf-8")
        raw = quopri.decodestring(value.replace("=\n", "=\r\n").encode("ascii", "replace"))
        try:
            return raw.decode(charset, errors="replace")
        except (LookupError, UnicodeError, ValueError, TypeError):
            # unknown or odd charsets (a name, not a text codec): UTF-8 is the best guess
            return raw.decode("utf-8", errors="replace")
    return value


def parse_vcards(text: str) -> list[Row]:
    """One Row per BEGIN:VCARD … END:VCARD block, numbered by its BEGIN line."""
    rows: list[Row] = []
    card: Row | None = None
    for line_no, line in _unfold(text):
        if ":" not in line:
            continue
        head, value = line.split(":", 1)
        parts = head.split(";")
        name = parts[0].split(".")[-1].upper()  # drop "item1." groups
        params = parts[1:]
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            card = Row(line_no, {})
            continue
        if card is None:
            continue
        if name == "END":
            rows.append(card)
            card = None
            continue
        value = _decode(params, value)
        _take(card, name, params, value)
    return rows


def _take(card: Row, name: str, params: list[str], value: str) -> None:
    v = card.values
    if name == "FN":
        v.setdefault("full", squash(_unescape(value)))
    elif name == "N":
        comps = _split(value, ";") + [""] * 5
        v.setdefault("last", squash(comps[0].replace(",", " ")))
        v.setdefault("first", squash(" ".join(comps[1:3]).replace(",", " ")))
    elif name == "ORG":
        v.setdefault("company", squash(_split(value, ";")[0]))
    elif name == "TITLE":
        v.setdefault("title", squash(_unescape(value)))
    elif name == "EMAIL":
        v.setdefault("email", value.strip())
    elif name == "LANG":
        v.setdefault("lang", value.strip())
    elif name == "TEL":
        v.setdefault("phone", squash(_unescape(value).removeprefix("tel:")))
    elif name == "NOTE":
        card.notes.extend(split_notes(_unescape(value)))
    elif name == OWNER:
        v.setdefault("owner", squash(_unescape(value)))
    elif name == STAGE:
        v.setdefault("stage", squash(_unescape(value)))
    elif name == "ADR":
        comps = _split(value, ";") + [""] * 7
        v.setdefault("location", ", ".join(squash(c) for c in (comps[3], comps[6]) if c.strip()))
    elif name in ("URL", "X-SOCIALPROFILE"):
        url = _unescape(value).strip()
        is_site = any("WORK" in p.upper() for p in params) and "linkedin" not in url.lower()
        if is_site and "website" not in v:
            v["website"] = url
        elif url:
            card.urls.append(url)
    for key in [k for k, val in v.items() if not val]:
        del v[key]


# -- writing -----------------------------------------------------------------------------------

def escape(value: str) -> str:
    """A vCard TEXT value: backslash, comma, semicolon and newlines escaped."""
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets without splitting a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    budget = limit
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > budget:
            out.append(current)
            current, size = "", 0
            budget = limit - 1  # continuation lines start with one space
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def card(props: Iterable[tuple[str, str]]) -> str:
    """One vCard 4.0 from (property-with-params, already-escaped value) pairs."""
    lines = ["BEGIN:VCARD", "VERSION:4.0"]
    lines += [fold(f"{name}:{value}") for name, value in props if value]
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def stable_uid(slug: str) -> str:
    """The same UID for the same prospect on every export, so CRMs update instead of adding."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"prospect:{slug}"))
