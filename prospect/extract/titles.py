"""Job titles from ordinary team pages, where no structured data gives them.

Three layouts, in English and Spanish, read from the page's text nodes in order:
"Name — Title" or "Name, Title" on one line (also "Name (Title)"), the name alone in a heading
or bold line followed by a line with the title, and "<b>Name</b>, Title". Only lines whose name
is the prospect's count, and only a title with a job word in it ("directora", "Head of…").
"Title at Org" / "Title en Org" also gives the organisation.

In running text (news, posts, interviews), `prose_titles` reads the three ways a story gives
a person's job: an apposition after their full name ("Ana García, directora general de Acme,
dijo…"), an appointment ("Acme has named Jane Doe president and CFO", "nombró a Ana García
consejera delegada") and a title written before the name ("CEO Tim Cook said").
"""

from __future__ import annotations

import re
from typing import Any

from prospect.extract.byline import TITLE_WORDS
from prospect.extract.names import PARTICLES, name_matches
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
    "aka and y or o with con from to for in on by desde para por hacia a").split())
_NOT_LAST = frozenset(fold(w) for w in "of at for and the de del en para y la el".split())
_CLAUSE = frozenset(fold(w) for w in (
    "who which is was has have said says que quien quienes es fue dijo ha está esta").split())


def _is_title(text: str, words: frozenset[str] = TITLE_WORDS) -> bool:
    if not text or len(text) > MAX_TITLE or len(text.split()) > 12:
        return False
    if text.rstrip().endswith((".", "!", "?")) and len(text.split()) > 6:
        return False  # a sentence, not a title
    seq = [fold(w) for w in _TITLE_WORD.findall(text)]
    if not seq or "(" in text or ")" in text or seq[0] in _NOT_FIRST \
            or seq[-1] in _NOT_LAST or _CLAUSE & set(seq):
        return False  # "the executive who…", "is the co-founder of", a photo credit
    return bool(set(seq) & words)


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
        if not _name_like(name) or not name_matches(name, person_name):
            continue  # "Jane Doe met John Smith, CEO of…" is a sentence, not her line
        pair = _split_org(title.strip(" .;"))
        if pair not in out:
            out.append(pair)
    return out


def _name_like(text: str) -> bool:
    """Capitalised words (and name particles) only: "Ana de la Fuente", "Dr. Li Wei"."""
    return all(w[:1].isupper() or w in PARTICLES for w in text.split())


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


_CAP = r"[A-ZÁÉÍÓÚÑÜ][\w'’.-]*"
_NAME = rf"(?P<name>{_CAP}(?:\s+(?:de|del|la|van|von|da|di|le)?\s*{_CAP}){{1,3}})"
# "Name, title," up to the next comma, semicolon, bracket or full stop (not an initial's)
_APPOSED = re.compile(_NAME + r"\s*,\s+(?P<title>[^,;()\[\]]{2,90}?)"
                      r"\s*(?=[,;]|\.(?:\s|$)|$|\s[-–—|]\s)")
_APPOINTED = re.compile(
    r"\b(?:named|appointed|hired|promoted|elected|names|appoints|hires|promotes|elects|"
    r"nombr[óa]|design[óa]|fich[óa]|eligi[óo]|nombrado|designado|elegido)\s+(?:a\s+)?"
    + _NAME + r"\s+(?:as\s+|como\s+)?(?P<title>[^,;()\[\]]{2,90}?)"
    r"\s*(?=[,;]|\.(?:\s|$)|$|\s[-–—|]\s"
    r"|\s(?:effective|from|starting|in|on|after|a partir|desde|tras)\b)")
_LEAD_IN = re.compile(
    r"^(?:(?:its|the|new|su|sus|nuevo|nueva|el|la|as|como|(?:company|firm|group|bank)['’]s)"
    r"\s+)+", re.I)
_GENERIC_ORG = re.compile(r"\s+(?:of|at|de|en)\s+(?:the|la|el)\s+(?:company|firm|group|empresa|"
                          r"compañía|firma|grupo)$", re.I)
_DEPARTMENTS = frozenset(fold(w) for w in (
    "marketing sales ventas product producto finance finanzas operations operaciones "
    "technology tecnología comercial general").split())
_VAGUE = _DEPARTMENTS | frozenset(fold(w) for w in (
    "executive ejecutivo ejecutiva officer head lead manager partner socio socia owner "
    "member miembro").split())
# in running text a job is also a board seat or a public office
_PROSE_WORDS = TITLE_WORDS | _EXTRA_WORDS | frozenset(fold(w) for w in (
    "consejero consejera delegado delegada minister ministro ministra mayor alcalde alcaldesa "
    "governor gobernador gobernadora senator senador senadora commissioner comisionado "
    "comisionada dean decano decana rector rectora").split())


def prose_titles(texts: list[str], person_name: str) -> list[tuple[str, str | None]]:
    """(job title, organisation or None) for the person from running text, first found
    first: an appointment naming them, an apposition after their full name, or the title
    before it ("el gerente general de Montecon, Martín González, dijo", "Apple CEO Tim Cook
    said")."""
    words = person_name.split()
    if len(words) < 2:
        return []  # a mononym or handle: too easy to meet in passing
    named = re.compile(r"(?<![\w'’])" + r"\s+".join(map(re.escape, words)) + r"(?!\w)")
    out: list[tuple[str, str | None]] = []
    for text in texts:
        if words[-1] not in text:
            continue
        found: list[tuple[int, str]] = []
        for pattern in (_APPOINTED, _APPOSED):
            found.extend((m.start(), m.group("title")) for m in pattern.finditer(text)
                         if name_matches(m.group("name"), person_name))
        for m in named.finditer(text):
            found.extend((m.start(), t) for t in _titles_before(text[:m.start()]))
        for _, title in sorted(found, key=lambda f: f[0]):
            title = _GENERIC_ORG.sub("", _LEAD_IN.sub("", title.strip(" .;")))
            if not _is_title(title, _PROSE_WORDS) or fold(title) in _VAGUE:
                continue  # "Jane Doe, Marketing, Sales and…" is a list; "executive", no job
            pair = _split_org(title)
            if pair not in out:
                out.append(pair)
    return out


# "…, el gerente general de Montecon, " right before the name
_COMMA_TITLE = re.compile(r"(?:^|[\s(])(?:el|la|the)\s+(?P<title>[^,;.:()]{3,80}),\s*$", re.I)
# the word a title written before a name starts from: a role, not a department ("Marketing
# Pioneer Ivan Braiker")
_ROLES = (_PROSE_WORDS | frozenset(("vice", "senior", "managing", "deputy", "adjunto",
                                    "adjunta"))) - _DEPARTMENTS
_JOINERS = frozenset(("of", "and", "for", "at", "&", "de", "del", "y", "en"))


def _titles_before(before: str) -> list[str]:
    """Titles written right before a name: after "el/la/the" and set off by a comma, or
    run into it ("President and CFO of Super Value Debra Symonette", "CEO Tim Cook")."""
    m = _COMMA_TITLE.search(before)
    if m:
        return [m.group("title")]
    if not before or before[-1:] not in " \u00a0":
        return []
    run: list[str] = []
    for word in reversed(before.split()[-10:]):
        if word[-1:] in ",;:\"”“'’)" or word in ("–", "—", "-", "|"):
            break
        if not (word[:1].isupper() or fold(word) in _PROSE_WORDS or word in _JOINERS):
            break
        run.append(word)
    run.reverse()
    start = 0
    for i, w in enumerate(run[1:], 1):  # "CEO John Smith and CFO": the CFO is theirs
        if w in ("and", "y", "&") and fold(run[i - 1].strip(".")) not in _PROSE_WORDS:
            start = i + 1
    firsts = [i for i, w in enumerate(run) if i >= start and fold(w.strip(".")) in _ROLES]
    if not firsts:
        return []
    return [" ".join(run[firsts[0]:])]
