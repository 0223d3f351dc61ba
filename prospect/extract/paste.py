"""Text a user pastes (call notes, a copied profile) made into clean sentences: list bullets
and numbering dropped, doubled quotes from spreadsheets and CSV exports undone, headings of
the notes ("Call with Dana, 3 Dec", "Next steps:") left out."""

from __future__ import annotations

import re

from prospect.extract.sentences import split_sentences

_BULLET = re.compile(r"^\s*(?:[-*•·‣◦▪–—>]+|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s+")
_HASHES = re.compile(r"^\s*#{1,6}\s+")
_TERMINAL = tuple('.!?…"”»)')
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
           "ene", "abr", "ago", "dic")
_HEADING_WORDS = ("call", "meeting", "notes", "note", "agenda", "next steps", "action items",
                  "follow-up", "follow up", "summary", "llamada", "reunión", "reunion", "notas",
                  "resumen", "próximos pasos", "proximos pasos", "seguimiento")
HEADING_MAX_WORDS = 8
_MONTH = rf"(?:{'|'.join(_MONTHS)})[a-z]*\.?"
_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:de\s+)?{_MONTH}(?!\w)"
                   rf"|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
                   rf"|\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b")


def undouble_quotes(line: str) -> str:
    """`""Our priority…"` -> `"Our priority…"`: doubled quotes collapsed, a lone quote left
    unpaired at either end dropped."""
    line = re.sub(r'"{2,}', '"', line)
    if line.count('"') % 2:
        if line.startswith('"') and not line.rstrip().endswith('"'):
            line = line[1:]
        elif line.rstrip().endswith('"'):
            line = line.rstrip()[:-1]
    return line.strip()


def is_heading(line: str, bulleted: bool = False) -> bool:
    """A line that titles the notes rather than saying something: a Markdown heading, a short
    line ending in ':', or a short line without a full stop that names a call or meeting or
    carries a date ("Call with Dana, 3 Dec")."""
    text = line.strip()
    if not text:
        return False
    if _HASHES.match(text):
        return True
    words = text.split()
    if len(words) > HEADING_MAX_WORDS:
        return False
    if text.endswith(":"):
        return True
    if bulleted or text.endswith(_TERMINAL):
        return False
    low = text.lower()
    named = any(re.match(rf"{re.escape(w)}\b", low) for w in _HEADING_WORDS)
    # a date that opens the line or follows a comma, dash or bracket ("Dana, 3 Dec"), not
    # one inside a sentence ("Decision expected 15 Jan")
    dated = any(m.start() == 0 or re.search(r"[,–—(\[|-]\s*$", low[:m.start()])
                for m in _DATE.finditer(low))
    return named or dated


def clean_lines(text: str) -> list[str]:
    """The lines of pasted text, bullets and headings dropped, quotes undone."""
    out = []
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        bulleted = bool(_BULLET.match(raw))
        line = _BULLET.sub("", raw, count=1).strip()
        if not line or is_heading(raw.strip() if _HASHES.match(raw) else line, bulleted):
            continue
        line = undouble_quotes(line)
        if line:
            out.append(line)
    return out


def pasted_sentences(text: str) -> list[str]:
    """Sentences of pasted text, one line or more each (see `clean_lines`)."""
    return [s for line in clean_lines(text) for s in split_sentences(line)]
