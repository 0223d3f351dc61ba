"""Job titles from ordinary team pages, where no structured data gives them.

Three layouts, in English and Spanish, read from the page's text nodes in order:
"Name — Title" or "Name, Title" on one line (also "Name (Title)"), the name alone in a heading
or bold line followed by a line with the title, and "<b>Name</b>, Title". Only lines whose name
is the prospect's count, and only a title with a job word in it ("directora", "Head of…").
"Title at Org" / "Title en Org" also gives the organisation.
"""

from __future__ import annotations

import re
from typing import Any

from prospect.extract.byline import TITLE_WORDS
from prospect.extract.names import name_matches
from prospect.text import fold

MAX_TITLE = 90
_SEP = re.compile(r"^\s*(?:[,—–|:]|-\s)\s*")
_ONE_LINE = re.compile(r"^(?P<name>[^,—–|:()\-]{3,60}?)\s*(?:[,—–|:]|\s-\s)\s*(?P<title>.+)$")
_PARENS = re.compile(r"^(?P<name>[^()]{3,60}?)\s*\((?P<title>[^()]{2,80})\)\s*$")
_AT_ORG = re.compile(r"^(?P<title>.+?)\s+(?:at|@|en)\s+(?P<org>[A-Z0-9][^,.;]{1,60})$")
_TITLE_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?", re.UNICODE)
_EXTRA_WORDS = frozenset(fold(w) for w in (
    "general vicepresident vice-president vicepresidente vicepresidenta secretary secretaria "
    "secretario treasurer tesorero tesorera principal associate asociado asociada chair "
    "chairman chairwoman presidenta counsel abogado abogada accountant contador contadora "
    "administrator administrador administradora supervisor supervisora associate officer "
    "operaciones operations finance finanzas financiera financiero comercial tecnología "
    "technology").split())


_NOT_FIRST = frozenset(fold(w) for w in (
    "the a an is was who which that this el la los las un una que quien es fue era "
    "aka and y or o with con").split())
_NOT_LAST = frozenset(fold(w) for w in "of at for and the de del en para y la el".split())
_CLAUSE = frozenset(fold(w) for w in (
    "who which is was has have said says que quien quienes es fue dijo ha está esta").split())


def _is_title(text: str) -> bool:
    if not text or len(text) > MAX_TITLE or len(text.split()) > 12:
        return False
    if text.rstrip().endswith((".", "!", "?")) and len(text.split()) > 6:
        return False  # a sentence, not a title
    seq = [fold(w) for w in _TITLE_WORD.findall(text)]
    if not seq or "(" in text or ")" in text or seq[0] in _NOT_FIRST \
            or seq[-1] in _NOT_LAST or _CLAUSE & set(seq):
        return False  # "the executive who…", "is the co-founder of", a photo credit
    return bool(set(seq) & TITLE_WORDS)


def _split_org(title: str) -> tuple[str, str | None]:
    m = _AT_ORG.match(title)
    if m and _is_title(m.group("title")):
        return m.group("title").strip(), m.group("org").strip()
    return title.strip(), None


def team_titles(tree: Any, html: str, person_name: str) -> list[tuple[str, str | None]]:
    """(job title, organisation or None) for the person, from the page's visible lines."""
    words = person_name.split()
    if not words or not any(w in html for w in words[-1:] + [words[-1].upper()]):
        return []  # their surname is not on the page: nothing to read
    lines = [" ".join(str(t).split()) for t in tree.xpath(
        "//body//text()[normalize-space() and not(ancestor::script) "
        "and not(ancestor::style)]")]
    out: list[tuple[str, str | None]] = []
    for i, line in enumerate(lines):
        if len(line) > 160:
            continue
        found = _from_line(line) or _from_next(line, lines[i + 1:i + 3])
        if found is None:
            continue
        name, title = found
        if not name_matches(name, person_name):
            continue
        pair = _split_org(title.strip(" .;"))
        if pair not in out:
            out.append(pair)
    return out


def _from_line(line: str) -> tuple[str, str] | None:
    """"Ana García — Directora general", "Ana García, CEO", "Ana García (CTO)"."""
    for pattern in (_PARENS, _ONE_LINE):
        m = pattern.match(line)
        if m and _is_title(m.group("title")):
            return m.group("name").strip(), m.group("title")
    return None


def _from_next(line: str, following: list[str]) -> tuple[str, str] | None:
    """The name alone on its line, the title on the next ("<b>Ana</b>, CEO" included)."""
    if len(line.split()) > 6 or not following:
        return None
    nxt = following[0]
    sep = _SEP.match(nxt)
    if sep:
        nxt = nxt[sep.end():]
    if _is_title(nxt) and not _from_line(nxt):
        return line, nxt
    return None
