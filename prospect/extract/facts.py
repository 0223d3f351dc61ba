"""Facts that belong to the prospect, chosen from a page's structured data.

A structured item gives facts only when its name matches the prospect (see names.py), or when
the page is the prospect's own (their profile page, a page they wrote, their h-card, or rel=me
links to their accounts). Everything from the web is untrusted: URLs must be http(s) and
values are trimmed and capped.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from prospect.extract.byline import clean_name, looks_like_person
from prospect.extract.names import name_matches, name_words
from prospect.extract.result import FactItem, Person
from prospect.extract.structured import PERSON_TYPES, Node, PageData, is_org

MAX_VALUE = 1000
_SCHEMELESS = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", re.I)


def page_facts(data: PageData, url: str, person: Person
               ) -> tuple[list[FactItem], str | None, str | None, list[str]]:
    """(facts, why the page is the person's own or None, the page author, other people's names)."""
    persons = [n for n in data.walk() if PERSON_TYPES & set(n.types)]
    mine = [n for n in persons if any(name_matches(nm, person.name) for nm in _names(n))]
    # an Organization named like a person ("Calvin Moore", a brand) is not the person
    my_authors = [a for a in data.authors if name_matches(a.name, person.name)
                  and not is_org(a.node)]
    others = [nm for n in persons if n not in mine for nm in n.texts("name")]
    # a newsroom or site byline ("Elpais.cr", "Redacción") is not a person to steer clear of
    others += [a.name for a in data.authors if a not in my_authors and looks_like_person(a.name)]

    own = _own_page_reason(data, url, person, mine, bool(my_authors))
    pairs: list[tuple[str, str | None]] = []
    for node in mine:
        pairs.extend(_node_facts(node, url))
    for a in my_authors:
        pairs.append(("name", a.name))
        pairs.append(("url", _url(a.url, url)))
    title = data.headline or _without_site(data.title, data.site_name)
    if my_authors and title and data.is_article:
        date = (data.date or "")[:10]
        pairs.append(("authored", f"{title} ({date})" if date else title))
        person_authors = {a.name.casefold() for a in data.authors if len(name_words(a.name)) > 1}
        if data.twitter_creator and len(person_authors) <= 1:
            pairs.append(("same_as", f"https://twitter.com/{data.twitter_creator}"))
    if own:
        page = _norm(url)
        for link in data.rel_me:
            if link.lower().startswith("mailto:"):
                pairs.append(("email", link))
            elif _norm(link) == page:
                pairs.append(("url", link))
            else:
                pairs.append(("same_as", _url(link, url)))

    facts: list[FactItem] = []
    seen: set[tuple[str, str]] = set()
    for fld, value in pairs:
        clean = _clean(fld, value)
        if fld == "same_as" and clean and ("url", clean) in seen:
            continue  # their home page is already the url fact
        if clean and (fld, clean) not in seen:
            seen.add((fld, clean))
            facts.append(FactItem(fld, clean))
    author = (my_authors[0].name if my_authors
              else data.authors[0].name if data.authors else None)
    return facts, own, author, list(dict.fromkeys(o for o in others if o))


def _without_site(title: str | None, site: str | None) -> str | None:
    """"Post title - Blog de Lumen" -> "Post title" (the site's name is not the title)."""
    if not title or not site:
        return title
    m = re.match(rf"^(.+?)\s*[-–—|·:]\s*{re.escape(site)}\s*$", title)
    return m.group(1) if m else title


def _names(node: Node) -> list[str]:
    return node.texts("name") + node.texts("alternateName")


def _own_page_reason(data: PageData, url: str, person: Person, mine: list[Node],
                     is_author: bool) -> str | None:
    if is_author:
        return "they wrote it (byline)"
    if any(name_matches(n, person.name) for n in data.profile_names):
        return "their profile page"
    if data.site_name and _site_names(data.site_name, person.name):
        return "their own site (its name is theirs)"
    page = _norm(url)
    rel_me = {_norm(u) for u in data.rel_me}
    for node in mine:
        urls = {_norm(u) for u in node.texts("url") if isinstance(u, str)}
        if page and page in urls:
            return "their h-card/profile names this page as theirs"
        if urls & rel_me:
            return "their h-card links to their accounts with rel=me"
    if data.rel_me and _handle_in(person.name, [url, *data.rel_me]):
        return "rel=me links to accounts named after them"
    return None


def _site_names(site: str, name: str) -> bool:
    """"Andrew Montalenti's blog", "Ana García | Consultora": the site is the person's."""
    from prospect.extract.attribution import names_person

    site = re.sub(r"['’]s\b", "", site)
    return len(site) <= 80 and names_person(site, name)


def _handle_in(name: str, urls: list[str]) -> bool:
    """Whether the person's name, run together, is the host or handle of these URLs."""
    words = [w for w in name_words(name) if len(w) > 1]
    if len(words) < 2:
        return False
    forms = {sep.join(words) for sep in ("", "-", "_", ".")}
    forms |= {sep.join([words[0], words[-1]]) for sep in ("", "-", "_", ".")}
    hits = 0
    for u in urls:
        parts = urlsplit(u if "//" in u else "//" + u)
        pieces = set(re.split(r"[/.@]", (parts.netloc + parts.path).lower()))
        if pieces & forms or any(p.startswith(tuple(forms)) for p in pieces if p):
            hits += 1
    return hits >= 2  # one matching link could be a coincidence; a chain of them is not


def _node_facts(node: Node, base: str) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = [("name", clean_name(n)) for n in node.texts("name")[:1]]
    out += [("job_title", t) for t in node.texts("jobTitle")]
    for key in ("worksFor", "affiliation", "memberOf"):
        out += [("organization", o) for o in node.texts(key)]
    for key in ("address", "homeLocation", "workLocation", "location"):
        for v in node.props.get(key, []):
            out.append(("location", _place(v)))
    locality = [node.texts(k) for k in ("addressLocality", "addressRegion", "addressCountry")]
    if any(locality):
        out.append(("location", ", ".join(v[0] for v in locality if v)))
    out += [("email", e) for e in node.texts("email")]
    urls = [_url(u, base) for u in node.texts("url")]
    # an h-card lists its home page first, then the person's other accounts
    out += [("url", u) for u in urls[:1]] + [("same_as", u) for u in urls[1:]]
    out += [("same_as", _url(u, base)) for u in node.texts("sameAs")]
    for img in node.props.get("image", []):
        if isinstance(img, Node):
            img = img.first("url") or img.first("contentUrl")
        out.append(("image", _url(img, base) if isinstance(img, str) else None))
    out += [("description", d) for d in node.texts("description")[:1]]
    return out


def _place(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Node):
        parts = [value.texts(k) for k in ("addressLocality", "addressRegion", "addressCountry")]
        joined = ", ".join(p[0] for p in parts if p)
        if joined:
            return joined
        inner = value.first("address")
        return _place(inner) if inner is not None and inner is not value else value.first("name")
    return None


def _url(value: str | None, base: str) -> str | None:
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if _SCHEMELESS.match(value):
        value = "https://" + value  # sameAs "twitch.tv/illojuan"
    full = urljoin(base, value) if base else value
    return full if urlsplit(full).scheme in ("http", "https") else None


def _norm(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" if host else ""


def _clean(fld: str, value: str | None) -> str | None:
    if not value or not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    if fld == "email":
        value = value.removeprefix("mailto:").split("?")[0].strip()
        if not re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+", value):
            return None
    if fld in ("url", "same_as", "image") and urlsplit(value).scheme not in ("http", "https"):
        return None
    return value[:MAX_VALUE] or None
