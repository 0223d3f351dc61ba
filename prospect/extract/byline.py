"""Who wrote the page: author names cleaned, publishers told apart, visible bylines read.

Structured data (JSON-LD, microdata, meta tags, rel=author) is read in structured.py; this
module cleans every name found there ("By Ana García", "Ana García | El Sol", "Ana García
(https://…)", HTML entities) and adds what a reader sees: elements whose class, id or test
hook says author/byline/writer, links to writers' pages (/author/, /by/, /firmas/…) and
platform profiles, "By …" / "Por …" / "Autor:" lines (never a headline, a comment or a related
article's), "Name · date" under the headline, an author's bio box, author objects in the
page's embedded JSON state and the name an author page's address spells. A newsroom, agency
or site name ("elmundo.es", "Redacción", "Harbor Notes Staff") is never taken for a person; it
is kept as the author only when a visible byline shows nothing else.
"""

from __future__ import annotations

import html as _html
import json
import re
from typing import Any

from prospect.stopwords import stopwords
from prospect.text import fold

MAX_NAME = 80
_TAGS = re.compile(r"<[^>]{0,500}>")
_URL = re.compile(r"\(?\s*(?:https?://|www\.)\S*\s*\)?|\S+@\S+\.\S+", re.I)
# the words that open a byline, written once: a phrase before the name ("By", "Posted by",
# "Una nota de") or a label before a colon ("Autor:", "Redacción: Ana Gil"; "Redacción /
# Crítica" without the colon is the newsroom). Photo, illustration and editing credits are
# not among them: those people did not write the page.
_BY_PHRASES = (
    r"(?:written|posted|published|reported|reporting|submitted|text|words|story|opinion"
    r"|analysis|commentary|interview|guest\s+(?:post|column|essay))\s+by",
    r"(?:(?:a|an)\s+)?(?:story|article|column|essay|op-ed)\s+by",
    r"(?:escrit|publicad|redactad|firmad)[oa]\s+por",
    r"(?:(?:una|un)\s+)?(?:nota|art[ií]culo|columna|cr[oó]nica|tribuna|reportaje|entrevista)"
    r"\s+de",
    r"opini[oó]n\s+de", r"texto\s+de", r"by", r"por",
)
_BY_LABELS = (r"(?:author|autor|autora|texto(?:\s+y\s+fotos?|\s+y\s+fotograf[ií]as?)?|escribe"
              r"|redacci[oó]n|redactora?)\s*:")
_BY = "|".join(_BY_PHRASES)
# the opening words cut from a byline value (their colon or dash too)
_PREFIX = re.compile(rf"^\s*\(?\s*(?:(?:{_BY})\s*[:\-–—]?\s+|{_BY_LABELS}\s*)", re.I)
def strip_opener(text: str) -> str:
    """A byline without its opening words ("By", "Texto y fotos:")."""
    return _PREFIX.sub("", text, count=1)


_PARENS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
# what follows a name on a byline: its site, its job title, its place
_TAIL = re.compile(r"\s+(?:\||[-–—·•/]|\bat\b|\ben\b)\s+.*$", re.I)
_ROLE_TAIL = re.compile(
    r",?\s+(?:staff\s+writer|senior\s+writer|contributing\s+writer|contributor|"
    r"correspondent|corresponsal|reporter|reportera|reportero|columnist|columnista|"
    r"editor|editora|redactora?|periodista|enviad[oa]\s+especial)\b.*$", re.I)
# words that make a byline a newsroom, an agency or a placeholder rather than a person
NON_PERSON = frozenset(fold(w) for w in (
    "redacción redaccion staff newsroom desk editorial editors editor team equipo agencia "
    "agencias agency agencies efe afp reuters ap dpa ansa europa press associated "
    "anonymous anónimo anonimo admin administrator administrador webmaster guest invitado "
    "news noticias diario periódico periodico magazine revista online digital media press "
    "prensa com es org net co inc ltd llc sa group grupo contributor colaborador "
    "wire service servicio publication redaccion weekly daily times post journal herald "
    "tribune gazette gaceta review report blog podcast network channel radio tv "
    "foundation fundación institute instituto university universidad company compañía "
    "business negocios magazine group holdings partners ventures labs studio studios "
    "bank banco council consejo ministry ministerio department "
    # page furniture that a byline scan meets: "Read More", "Sign Up", "Follow Us"
    "read more sign up log login logout follow share subscribe suscríbete suscribete view "
    "all posts articles stories email contact about home see profile menu search comments "
    "comment next previous related leer más mas ver todos todas noticias artículos "
    "articulos compartir seguir inicio perfil buscar entrar salir registrarse").split())
_NAME_WORD = re.compile(r"^(?:[^\W\d_][^\W\d_'’.\-]*(?:['’\-][^\W\d_]+)*\.?|(?:[^\W\d_]\.)+)$",
                        re.UNICODE)
_LOWER_OK = frozenset("de del la las los y i da das do dos di van von der den ter le du e "
                      "st bin al el".split())


def clean_name(raw: str) -> str:
    """A byline value cut down to the name: entities decoded, tags, URLs, "By", the site
    after "|" or " - ", a job title and anything in parentheses removed."""
    text = raw if "&" not in raw else _html.unescape(_html.unescape(raw))
    if "\\u" in text:
        try:
            text = json.loads(f'"{text}"')
        except ValueError:
            pass
    text = _TAGS.sub(" ", text)
    text = _URL.sub(" ", text)
    text = " ".join(text.split())
    for _ in range(2):
        text = _PREFIX.sub("", text)
    text = _PARENS.sub("", text)
    text = _TAIL.sub("", text)
    text = _ROLE_TAIL.sub("", text)
    text = text.strip(" ,;:.-–—|/·•")
    if "," in text:
        head = text.split(",")[0].strip()
        if looks_like_person(head):
            text = head  # "Tim Smith, CNBC", "Ana Ruiz, Madrid"
    words = [fold(w) for w in text.split()]
    if _COLLECTIVE.intersection(words):
        return text[:MAX_NAME]  # "Harbor Notes Staff", "Equipo de Redacción": the newsroom
    if not looks_like_person(text) or any(w in _NAME_STOP and w not in _LOWER_OK
                                          for w in words[2:]):
        text = person_prefix(text) or text  # "Ana Ruiz Senior reporter" -> "Ana Ruiz"
    return text[:MAX_NAME]


# a newsroom, desk or agency as a whole: no person's name opens a byline that holds one
_COLLECTIVE = frozenset(fold(w) for w in (
    "staff team desk newsroom redacción equipo editors editorial agencia agency agencias "
    "wire").split())
# words that end a name at the start of a byline ("Jane Doe Updated 5 PM", "Ana Ruiz Madrid")
_NAME_STOP = frozenset(fold(w) for w in stopwords("byline_end"))


def person_prefix(text: str) -> str | None:
    """The name that opens a longer byline ("Jane Doe Updated 5:00 PM ET")."""
    words = text.split()
    out: list[str] = []
    for w in words[:6]:
        f = fold(w.strip(",.;:"))
        if f in _NAME_STOP and f not in _LOWER_OK or not _NAME_WORD.match(w.rstrip(",;:")):
            break
        out.append(w.rstrip(",;:"))
        if w.endswith((",", ";", ":")):
            break
    while out and fold(out[-1]) in _LOWER_OK:
        out.pop()
    for n in range(min(len(out), 4), 1, -1):
        name = " ".join(out[:n])
        if looks_like_person(name):
            return name
    return None


_ARTICLES = frozenset({"the", "el", "los", "las", "les", "der", "die", "das", "a", "an"})


def looks_like_person(name: str) -> bool:
    """Two to five capitalised words, no digits, no newsroom or site words."""
    words = name.replace(",", " ").split()
    if not 2 <= len(words) <= 5 or any(c.isdigit() for c in name):
        return False
    if "." in name.replace(". ", " ").rstrip(".") and not re.search(r"\b[A-Z]\.", name):
        return False  # "elmundo.es"
    if fold(words[0]) in _ARTICLES:
        return False  # "The Guardian", "El Comercio"
    caps = 0
    for w in words:
        if not _NAME_WORD.match(w):
            return False
        f = fold(w.rstrip("."))
        if f in NON_PERSON:
            return False
        if w[0].isupper():
            caps += 1
        elif f not in _LOWER_OK:
            return False
    return caps >= 2


# a writer's page on the site: /author/, /by/ (NYT), /contributors/, /firmas/, /periodistas/…
WRITER_PATHS = (r"authors?|autor|autora|autores|byline|profile|perfil|by|contributors?"
                r"|columnists?|columnistas?|writers?|journalists?|reporters?|firmas?"
                r"|periodistas?|redactore?s?")
# a site's author page: "/author/jane-doe/", "/autores/maria-jose-de-la-fuente"
_AUTHOR_SLUG = re.compile(rf"/(?:{WRITER_PATHS}|people|staff)/"
                          r"([^\W\d_]{2,}(?:[-_.][^\W\d_]+){1,4})/?$")


def name_from_url(url: str) -> str | None:
    """The name an author page's address spells ("…/author/ethan-brooks/" -> "Ethan Brooks")."""
    from urllib.parse import unquote, urlsplit

    m = _AUTHOR_SLUG.search(unquote(urlsplit(url.strip()).path))
    if not m:
        return None
    name = " ".join(w if w in _LOWER_OK else w.capitalize()
                    for w in re.split(r"[-_.]", m.group(1).lower()))
    return name if looks_like_person(name) else None


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


def is_publisher(name: str, publishers: list[str]) -> bool:
    """Whether `name` is the site or its publisher ("ElPais" on "Diario EL PAIS Uruguay")."""
    key = _compact(name)
    if len(key) < 3:
        return True
    for p in publishers:
        other = _compact(p)
        if len(other) >= 3 and (key in other or other in key):
            return True
    return False


# -- visible bylines -------------------------------------------------------------------------

# a byline found inside these is another article's or a commenter's
# (a post's own footer, "post-footer" or a <footer> inside its <article>, holds its byline)
_SKIP_AROUND = re.compile(r"comment|related|recommend|sidebar|(?<!post-)(?<!entry-)(?<!article-)"
                          r"footer|newsletter|more-from|popular|trending|"
                          r"promo|teaser", re.I)
# these on the element itself: a picture, its credit, a contact link, a share button, a bio
# (an author's bio box, "author-bio", holds their name: see _in_bio)
_SKIP_SELF = re.compile(r"avatar|photo|image|caption|credit|email|share"
                        r"|(?<!author-)(?<!autor-)bio\b", re.I)
# "Paz Segura - Marketing Manager": a name, a dash, a job title (no class needed)
_NAME_TITLE = re.compile(r"^\s*([^\W\d_][^|\-–—]{3,60}?)\s+[-–—|]\s+([^|]{2,60})$")
TITLE_WORDS = frozenset(fold(w) for w in (
    "ceo cto cfo coo cmo cio vp founder cofounder co-founder fundador fundadora president "
    "presidente presidenta director directora manager gerente head jefe jefa lead líder lider "
    "officer engineer ingeniero ingeniera editor editora writer redactor redactora reporter "
    "periodista analyst analista consultant consultor consultora partner socio socia owner "
    "dueño dueña marketing sales ventas product producto designer diseñador diseñadora "
    "developer desarrollador desarrolladora responsable coordinador coordinadora "
    "especialista specialist strategist estratega researcher investigador investigadora "
    "professor profesor profesora chief executive ejecutivo ejecutiva corresponsal "
    "correspondent columnist columnista colaborador colaboradora contributor cronista "
    "enviado enviada reportero reportera").split())


class PageScan:
    """The page's byline evidence, found cheaply: one walk reading five attributes and the
    opening words of each element's text and tail, and one regex pass over the HTML for
    "Name - Title" lines (no XPath string functions: those cost as much as trafilatura itself
    on a large page)."""

    def __init__(self, tree: Any, html: str = "") -> None:
        self.marked: list[Any] = []
        self.attributed: list[str] = []  # data-author="…" values
        # (element, whether the tail) whose text opens "By" / "Posted by" / "Por" / "Autor:"
        self.opened: list[tuple[Any, bool]] = []
        self.about: list[Any] = []  # elements whose text is "About the author"
        self.profiles: list[Any] = []  # links to a platform profile ("/@handle")
        body = tree.find(".//body")
        for el in body.iter() if body is not None else ():
            tag = el.tag
            # a comment's or a script's own text is not on the page; what follows it is
            texts = ((el.tail, True),) if not isinstance(tag, str) or tag in _NO_TEXT \
                else ((el.text, False), (el.tail, True))
            for t, tail in texts:
                if t and len(self.opened) < 20 and _may_open(t):
                    m = _OPENS.match(t)
                    if m is None:
                        continue
                    if not m.group("about"):
                        self.opened.append((el, tail))
                    elif not tail and len(self.about) < 3:
                        self.about.append(el)
            if not isinstance(tag, str):
                continue
            if tag in ("author", "address") and len(self.marked) < 20:
                self.marked.append(el)  # <address> in an article: its writer's contact
                continue
            a = el.attrib
            if not a:
                continue
            v = a.get("data-author") or a.get("data-byline")
            if v and len(self.attributed) < 5:
                self.attributed.append(v)
            v = a.get("class")
            if v and _MARK.search(v):
                self.marked.append(el)
                continue
            v = a.get("href")
            if v and _MARK_HREF.search(v):
                self.marked.append(el)
                continue
            if v and len(self.profiles) < 3 and _PROFILE_HREF.search(v):
                self.profiles.append(el)
            v = a.get("id")
            if (v and _MARK.search(v)) or a.get("itemprop") == "author" \
                    or "author" in (a.get("rel") or "") \
                    or any(_MARK.search(a.get(k) or "") for k in _MARK_DATA if k in a):
                self.marked.append(el)

        start = html.find("<body")
        text = html[start:] if start >= 0 else html
        found = [(m.start(), t) for m in _TEXT_NODE.finditer(text) for t in (m.group(1),)
                 if " - " in t or " – " in t or " — " in t or " | " in t or " · " in t
                 or " • " in t]
        self.dash_lines = [t for _, t in found[:120]]
        # the lines just under the headline, where a post's byline sits (not a comment's)
        h1 = text.find("<h1")
        self.head_lines = [t for at, t in found if h1 >= 0 and 0 <= at - h1 <= HEAD_SPAN][:10]


# a text that opens a byline (the same words as _PREFIX, followed by no letter); or the
# heading of an author's bio box
_OPENS = re.compile(
    r"\s*(?:(?P<about>about\s+the\s+(?:author|writer)|(?:sobre|acerca\s+de)\s+(?:el|la)\s+"
    rf"autora?)\b|(?:\(\s*)?(?:{_BY}|{_BY_LABELS})(?!\w))", re.I)
# the first words _OPENS can start with: a set lookup spares the regex on most texts
_FIRST_WORDS = frozenset(
    "by por posted published written reported reporting submitted text words story opinion "
    "analysis commentary interview guest a an escrito escrita publicado publicada redactado "
    "redactada firmado firmada una un nota artículo articulo columna crónica cronica tribuna "
    "reportaje entrevista "
    "opinión opinion texto author autor autora escribe redacción redaccion redactor redactora "
    "about sobre acerca article column essay op-ed".split())


def _may_open(text: str) -> bool:
    head = text[:40].lstrip(" \t\r\n(").split(None, 1)
    return bool(head) and head[0].rstrip(":").lower() in _FIRST_WORDS


_WRITER = re.compile(r"\(?\s*(?:(?:an?|una?)\s+)?(?:Written|Words|Story|Text|Article|Column"
                     r"|Escrit[oa]|Escribe|Redactad[oa]|Texto|Nota|Art[ií]culo)\b", re.I)
# a class, id or test hook that names the writer: author/autor, byline, firma, writer,
# journalist/periodista, columnist/columnista (WordPress, Arc's data-qa="author-name", the BBC's
# data-component="byline-block", data-testid="byline")
_MARK = re.compile(r"uthor|yline|utor|irma|AUTHOR|BYLINE|riter|ournalist|eriodista|olumnist")
_MARK_DATA = ("data-qa", "data-testid", "data-component", "data-cy")
_MARK_HREF = re.compile(rf"/(?:{WRITER_PATHS})/")
# a platform profile: medium.com/@name, substack.com/@name, name.substack.com
_PROFILE_HREF = re.compile(r"^(?:https?://[^/]*)?/@[\w.-]+/?(?:\?|$)"
                           r"|^https?://[\w-]+\.substack\.com/?$")
_TEXT_NODE = re.compile(r">([^<>]{5,130})<")
HEAD_SPAN = 3000  # characters of HTML after the <h1> that may hold the byline
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "title"})
_NO_TEXT = frozenset({"script", "style", "noscript", "template", "textarea"})


def visible_bylines(tree: Any, limit: int = 10, scan: PageScan | None = None
                    ) -> list[tuple[str, str]]:
    """(raw text, how it was found) of the page's visible bylines, in page order."""
    scan = scan or PageScan(tree, "")
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    cand = set(scan.marked)
    for el in scan.marked:
        if len(found) >= limit:
            break
        if el.tag in ("img", "meta", "link"):
            continue
        pieces = [" ".join(t.split()) for t in el.itertext() if t.strip()]
        text = " ".join(pieces) or " ".join(
            el.xpath("descendant::meta[@itemprop='name']/@content")[:1])
        if len(pieces) > 1 and looks_like_person(pieces[0]) and not any(
                looks_like_person(p) for p in pieces[1:]):
            text = pieces[0]  # an author card: the name, then a bio or a date
        if not text or len(text) > 160:
            continue
        if _skipped(el) or any(d in cand for d in el.iterdescendants()):
            continue  # the inner element is read on its own
        if text not in seen:
            seen.add(text)
            # an author box under the post ("author-bio"): their name when nothing else is
            found.append((text, "about" if _in_bio(el) else "byline"))
    for raw in scan.attributed:
        text = " ".join(_html.unescape(raw).split())
        if text and text not in seen and len(text) <= 160:
            seen.add(text)
            found.append((text, "byline"))
    for el, tail in scan.opened:
        if len(found) >= limit * 2:
            break
        opened = _opened_text(el, tail)
        if opened and opened not in seen:
            seen.add(opened)
            found.append((opened, "by-line"))
    for el in scan.profiles[:1]:
        text = " ".join(el.text_content().split())
        if text and text not in seen and len(text) <= 80 and not _skipped(el):
            seen.add(text)
            found.append((text, "profile"))
    for el in scan.about:
        name = _about_name(el)
        if name and name not in seen:
            seen.add(name)
            found.append((name, "about"))
    return found


def _opened_text(el: Any, tail: bool) -> str | None:
    """The byline a "By" / "Por" text opens: that text, or with the text that follows it when
    it holds only the opening words ("By" <a>Name</a>)."""
    context = el.getparent() if tail else el
    first = " ".join(((el.tail if tail else el.text) or "").split())
    # "Story by" says what it is, whatever its box is called ("credits")
    if context is None or _skipped(context, own_class=not _WRITER.match(first)) \
            or context.tag in _HEADINGS or any(a.tag in _HEADINGS for a in context.iterancestors()):
        return None
    if len(_PREFIX.sub("", first + " ").strip(" :(")) < 3:
        after = [] if tail else el.xpath("descendant::text()[normalize-space()][position()<=2]")
        after += el.xpath("following::text()[normalize-space()][position()<=2]")
        nxt = next((t for t in (" ".join(str(a).split()) for a in after)
                    if t.strip(" :") and t != first), "")
        first = f"{first} {nxt}"
    text = " ".join(_html.unescape(first).split())
    if len(text) > 160:
        text = text[:160]
    rest = _PREFIX.sub("", text + " ").strip(" :(")
    # "Por qué …", "By the end of the year": a name or a newsroom is capitalised
    return text if rest[:1].isupper() else None


_ABOUT_SKIP = re.compile(r"comment|related|recommend|sidebar|newsletter|more-from|popular|"
                         r"trending|promo|teaser", re.I)


def _about_name(el: Any) -> str | None:
    """The name that opens the text after an "About the author" heading ("Gavin Roth is …")."""
    for a in (el, *list(el.iterancestors())[:8]):
        cls = (a.get("class") or "") + " " + (a.get("id") or "")
        if a.tag in ("aside", "nav", "blockquote") or (cls.strip() and _ABOUT_SKIP.search(cls)):
            return None
    label = " ".join((el.text or "").split())
    rest = _OPENS.sub("", label, count=1).strip(" :.-–—")
    texts = [rest] if rest else []
    texts += [" ".join(str(t).split()) for t in el.xpath(
        "descendant::text()[normalize-space()][position()<=2]"
        " | following::text()[normalize-space()][position()<=2]")][1 if not rest else 0:]
    for t in texts:
        t = t.strip(" :.-–—")
        if t:
            return person_prefix(t)
    return None


def name_title_lines(tree: Any, limit: int = 30, scan: PageScan | None = None
                     ) -> list[tuple[str, str]]:
    """(name, title) from short "Name - Title" lines of the page body."""
    scan = scan or PageScan(tree, "")
    out: list[tuple[str, str]] = []
    for raw in scan.dash_lines:
        m = _NAME_TITLE.match(" ".join(_html.unescape(raw).split()))
        if not m:
            continue
        name, title = m.group(1).strip(), m.group(2).strip()
        if looks_like_person(name) and TITLE_WORDS & {fold(w) for w in re.findall(
                r"[^\W\d_]+(?:-[^\W\d_]+)?", title)}:
            out.append((name, title))
            if len(out) >= limit:
                break
    return out


# a date or a reading time on a byline line: "March 3, 2021", "3 de marzo de 2021",
# "03/03/2021", "5 min read"
_DATE = re.compile(
    r"^(?:(?:\w+,?\s+)?(?:\d{1,2}\s+(?:de\s+)?)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
    r"|dec|ene|abr|ago|dic)[a-zé]*\.?(?:\s+\d{1,2},?)?(?:\s+(?:de\s+)?\d{4})?"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d+\s+min(?:ute)?s?\s+(?:read|de\s+lectura))\b", re.I)
_SEPARATED = re.compile(r"\s+[|·•–—-]\s+")


def name_date_lines(scan: PageScan, limit: int = 2) -> list[str]:
    """Names from short "Name · March 3, 2021" or "3 de marzo de 2021 | Name" lines under
    the headline: the byline of a post whose theme marks nothing."""
    out: list[str] = []
    for raw in scan.head_lines:
        parts = _SEPARATED.split(" ".join(_html.unescape(raw).split()))
        if len(parts) != 2:
            continue
        for name, other in (parts, parts[::-1]):
            if looks_like_person(name) and _DATE.match(other) and name not in out:
                out.append(name)
        if len(out) >= limit:
            break
    return out


_BIO = re.compile(r"author-?bio|about-?(?:the-)?author|author-?box|autor-?bio|sobre-?el-?autor",
                  re.I)


def _in_bio(el: Any) -> bool:
    """Whether `el` sits in an author's bio box."""
    return any(_BIO.search((a.get("class") or "") + " " + (a.get("id") or ""))
               for a in (el, *list(el.iterancestors())[:6]))


def _skipped(el: Any, own_class: bool = True) -> bool:
    own = (el.get("class") or "") + " " + (el.get("id") or "")
    if own_class and own.strip() and _SKIP_SELF.search(own):
        return True
    for a in (el, *list(el.iterancestors())[:8]):
        if a.tag in ("aside", "nav", "blockquote", "figure", "figcaption"):
            return True
        if a.tag == "footer" and not any(x.tag == "article" for x in a.iterancestors()):
            return True
        cls = (a.get("class") or "") + " " + (a.get("id") or "")
        if cls.strip() and _SKIP_AROUND.search(cls):
            return True
    return False


# -- embedded JSON state (Next.js, Nuxt, Apollo, window.__STATE__) ------------------------------

_STATE_AUTHOR = re.compile(
    # the key: Arc's "credits": {"by": [...]} too
    r'"(?:author|authors|byline|bylines|creator|writer|writers|by)"\s*:\s*(?:\[\s*)?'
    # an object, or one nested up to three deep (Strapi's {"data": {"attributes": {…}}}),
    # with a name, or a first and a last name; or a plain string
    r'(?:(?:\{[^{}\[\]]{0,400}?){1,3}?(?:"(?:name|displayName|fullName|full_name)"\s*:\s*'
    r'"([^"\\]{3,80})"|"(?:firstName|first_name|givenName)"\s*:\s*"([^"\\]{1,40})"'
    r'[^{}\[\]]{0,200}?"(?:lastName|last_name|familyName)"\s*:\s*"([^"\\]{1,40})")'
    r'|"([^"\\]{3,80})")')


def state_authors(tree: Any, limit: int = 4) -> list[str]:
    """Author names in the page's non-JSON-LD scripts (its embedded application state)."""
    out: list[str] = []
    for script in tree.xpath("//script[not(@src)]"):
        kind = (script.get("type") or "").lower()
        if "ld+json" in kind:
            continue
        raw = script.text or ""
        if "uthor" not in raw and "yline" not in raw:
            continue
        for m in _STATE_AUTHOR.finditer(raw[:2_000_000]):
            name = m.group(1) or m.group(4) or (
                f"{m.group(2)} {m.group(3)}" if m.group(2) else None)
            if name and name not in out:
                out.append(name)
                if len(out) >= limit:
                    return out
    return out
