"""Structured data on a page, read with extruct/mf2py and flattened to one simple shape.

JSON-LD, microdata, RDFa and microformats all become `Node`s (short schema.org type names,
short property names, values that are strings or nested Nodes); meta tags and rel links are
read from the same parsed tree. The expensive syntaxes (RDFa, microformats) only run on
pages that carry their markup (`_markup`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from prospect.extract.names import split_names

WORK_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "Blog", "Report", "TechArticle",
                        "ScholarlyArticle", "SocialMediaPosting", "OpinionNewsArticle",
                        "AnalysisNewsArticle", "Posting", "CreativeWork", "Book", "PodcastEpisode",
                        "VideoObject", "Review", "Entry", "WebPage", "ProfilePage"})
PERSON_TYPES = frozenset({"Person", "Card"})
_ORG_TYPES = frozenset({"Organization", "NewsMediaOrganization", "Corporation",
                        "EducationalOrganization", "GovernmentOrganization", "WebSite",
                        "Brand", "LocalBusiness"})
# mf2 property -> schema.org property, so one walker reads both
_MF2_PROPS = {"name": "name", "job-title": "jobTitle", "role": "jobTitle", "org": "worksFor",
              "locality": "addressLocality", "region": "addressRegion",
              "country-name": "addressCountry", "adr": "address", "email": "email", "url": "url",
              "uid": "url", "photo": "image", "note": "description", "author": "author",
              "published": "datePublished", "summary": "description", "content": "text"}


@dataclass
class Node:
    """One structured item: short type names and short property names."""

    types: list[str]
    props: dict[str, list[Any]]
    origin: str

    def first(self, key: str) -> Any:
        values = self.props.get(key) or []
        return values[0] if values else None

    def texts(self, key: str) -> list[str]:
        """String values of `key` (a nested node gives its name, else its url)."""
        out = []
        for v in self.props.get(key) or []:
            if isinstance(v, Node):
                v = v.first("name") or v.first("url")
            if isinstance(v, str) and v.strip():
                out.append(v.strip())
        return out


@dataclass
class Author:
    name: str
    url: str | None = None
    origin: str = ""
    node: Node | None = None


@dataclass
class PageData:
    """Everything structured about a page."""

    nodes: list[Node] = field(default_factory=list)        # top-level items, every syntax
    authors: list[Author] = field(default_factory=list)    # page byline, every syntax
    profile_names: list[str] = field(default_factory=list)  # whose profile page this is
    title: str | None = None
    headline: str | None = None  # the main article's own headline (title without site name)
    date: str | None = None
    lang: str | None = None
    rel_me: list[str] = field(default_factory=list)
    author_urls: list[str] = field(default_factory=list)  # article:author, rel=author hrefs
    twitter_creator: str | None = None
    is_article: bool = False   # an article or post (so a matching author "authored" it)
    is_news: bool = False      # journalism: first-person sentences there are quotes
    is_opinion: bool = False   # an op-ed or column: its writer's "I" is theirs, news or not
    on_platform: bool = False  # Medium, Substack, Ghost, Blogger… on the site's own domain
    syntaxes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    site_name: str | None = None
    publishers: list[str] = field(default_factory=list)  # site and publisher names
    h1: str | None = None

    def walk(self) -> list[Node]:
        """Every node, nested ones included."""
        out: list[Node] = []
        stack = list(reversed(self.nodes))
        seen: set[int] = set()
        while stack:
            n = stack.pop()
            if id(n) in seen:
                continue
            seen.add(id(n))
            out.append(n)
            for values in n.props.values():
                stack.extend(v for v in reversed(values) if isinstance(v, Node))
        return out


def _short(name: str) -> str:
    return re.split(r"[/#:]", name.rstrip("/#"))[-1] if name else name


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# -- per syntax conversion to Node -----------------------------------------------------------

def _from_jsonld(obj: Any, origin: str = "json-ld", depth: int = 0) -> Any:
    if depth > 12:
        return None
    if isinstance(obj, list):
        return [_from_jsonld(o, origin, depth + 1) for o in obj]
    if not isinstance(obj, dict):
        return obj if isinstance(obj, str | int | float) else None
    if "@value" in obj:
        return obj["@value"]
    types = [_short(str(t)) for t in _as_list(obj.get("@type") or []) if t]
    props: dict[str, list[Any]] = {}
    for key, value in obj.items():
        if key.startswith("@") and key != "@id":
            continue
        conv = [_from_jsonld(v, origin, depth + 1) for v in _as_list(value)]
        flat: list[Any] = []
        for c in conv:
            flat.extend(c if isinstance(c, list) else [c])
        # an @id with a fragment names a graph node ("…#/schema/person/1"), not a page
        name = ("id" if "#" in str(value) else "url") if key == "@id" else _short(key)
        props.setdefault(name, []).extend(
            c for c in flat if c is not None)
    if not types and set(props) <= {"url", "id"}:
        refs = props.get("url") or props.get("id")
        return refs[0] if refs else None
    _full_name(props)
    return Node(types, props, origin)


def _full_name(props: dict[str, list[Any]]) -> None:
    """A person given only as givenName and familyName gets the name they make."""
    given, family = props.get("givenName"), props.get("familyName")
    if "name" not in props and given and family and isinstance(given[0], str) \
            and isinstance(family[0], str):
        props["name"] = [f"{given[0].strip()} {family[0].strip()}"]


def _from_microdata(item: Any, depth: int = 0) -> Any:
    if not isinstance(item, dict) or depth > 12:
        return item if isinstance(item, str) else None
    types = [_short(t) for t in _as_list(item.get("type") or []) if t]
    props: dict[str, list[Any]] = {}
    for key, value in (item.get("properties") or {}).items():
        props[_short(key)] = [c for c in (_from_microdata(v, depth + 1) for v in _as_list(value))
                              if c is not None]
    if "name" not in props and isinstance(item.get("value"), str) and item["value"].strip():
        props["name"] = [item["value"].strip()]  # <span itemscope itemtype=Person>Stendhal</span>
    _full_name(props)
    if item.get("id"):
        props.setdefault("url", []).append(item["id"])
    return Node(types, props, "microdata")


def _from_mf2(item: Any, depth: int = 0) -> Any:
    if not isinstance(item, dict) or depth > 12:
        return item if isinstance(item, str) else None
    if "type" not in item:
        if "html" in item or "value" in item:  # e-content / u-photo with alt
            return item.get("value") if isinstance(item.get("value"), str) else None
        return None
    types = []
    for t in item.get("type") or []:
        types.append({"h-card": "Person", "h-entry": "Entry", "h-feed": "Feed",
                      "h-cite": "CreativeWork"}.get(t, t))
    props: dict[str, list[Any]] = {}
    for key, values in (item.get("properties") or {}).items():
        mapped = _MF2_PROPS.get(key)
        if not mapped:
            continue
        props.setdefault(mapped, []).extend(
            c for c in (_from_mf2(v, depth + 1) for v in _as_list(values)) if c is not None)
    for child in item.get("children") or []:
        c = _from_mf2(child, depth + 1)
        if isinstance(c, Node):
            props.setdefault("hasPart", []).append(c)
    return Node(types, props, "microformats")


# -- reading the page ------------------------------------------------------------------------

def _jsonld_nodes(tree: Any, data: PageData) -> list[Node]:
    nodes: list[Node] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), '
                             '"ld+json")]'):
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?://)?\s*<!\[CDATA\[|(?://)?\s*\]\]>\s*$", "", raw).strip()
        raw = re.sub(r"^\s*<!--|-->\s*$", "", raw).strip()
        if not raw:
            continue
        try:
            obj = json.loads(raw, strict=False)
        except ValueError:
            try:
                import jstyleson  # extruct's lenient JSON (comments, trailing commas)

                obj = jstyleson.loads(raw, strict=False)
            except Exception:  # noqa: BLE001 - a broken script must not break the page
                data.errors.append("a JSON-LD block is not valid JSON")
                continue
        for o in _as_list(obj):
            if isinstance(o, dict) and "@graph" in o:
                o = o["@graph"]
            for n in _as_list(_from_jsonld(o)):
                if isinstance(n, Node):
                    nodes.append(n)
    return nodes


def read_structured(tree: Any, html: str, url: str) -> PageData:
    """Read every supported syntax from a parsed page (`html` only decides what to run)."""
    data = PageData()
    data.nodes.extend(_jsonld_nodes(tree, data))
    try:
        from extruct.w3cmicrodata import MicrodataExtractor

        for item in MicrodataExtractor().extract_items(tree, url):
            node = _from_microdata(item)
            if isinstance(node, Node):
                data.nodes.append(node)
    except Exception:  # noqa: BLE001 - malformed markup loses this syntax only
        data.errors.append("microdata could not be read")
    markup = _markup(tree, html)
    if markup.rdfa:
        try:
            from extruct.rdfa import RDFaExtractor

            items = RDFaExtractor().extract_items(tree, base_url=url)
            by_id = {i.get("@id"): i for i in items if isinstance(i, dict)}
            for item in items:
                if isinstance(item, dict) and item.get("@type"):
                    node = _from_jsonld(_resolve_rdfa(item, by_id), "rdfa")
                    if isinstance(node, Node):
                        data.nodes.append(node)
            data.syntaxes.append("rdfa")
        except Exception:  # noqa: BLE001
            data.errors.append("RDFa could not be read")
    if markup.cards:
        try:
            _read_hcards(markup, url, data)
            data.syntaxes.append("microformats")
        except Exception:  # noqa: BLE001
            data.errors.append("microformats could not be read")
    _read_meta(tree, url, data)
    _collect_authors(data)
    _finish_authors(tree, html, url, data)
    return data


_CARD = frozenset({"h-card", "vcard"})
_ENTRY = frozenset({"h-entry", "hentry"})
_ENTRY_LIKE = _ENTRY | {"h-cite"}
_RDFA = "boolean(//*[@typeof or @vocab])"
# libxml2 finds the elements whose class merely contains "card", "entry" or "cite"; their class
# tokens are then checked in Python
_CLASSES = "//*[contains(@class, 'card') or contains(@class, 'entry') or contains(@class, 'cite')]"


@dataclass
class _Markup:
    """What a page carries: RDFa attributes, top-level h-cards and top-level h-entries."""

    rdfa: bool = False
    cards: list[Any] = field(default_factory=list)
    entries: list[Any] = field(default_factory=list)


def _markup(tree: Any, html: str) -> _Markup:
    found = _Markup(rdfa=bool(tree.xpath(_RDFA)))
    if "h-card" not in html and "vcard" not in html:
        return found  # a substring test costs less than a pass over the tree
    card_els, entry_like = set(), set()
    candidates = []
    for el in tree.xpath(_CLASSES):
        classes = set((el.get("class") or "").split())
        if classes & _CARD:
            card_els.add(el)
        if classes & _ENTRY_LIKE:
            entry_like.add(el)
        candidates.append((el, classes))
    for el, classes in candidates:
        if el in card_els and not any(a in card_els for a in el.iterancestors()):
            found.cards.append(el)
        if classes & _ENTRY and not any(a in entry_like for a in el.iterancestors()):
            found.entries.append(el)
    del found.cards[200:]
    return found


def _read_hcards(markup: _Markup, url: str, data: PageData) -> None:
    """People in microformats: mf2py reads only the h-card/vcard subtrees, not the page.

    (Parsing the whole page again costs more than trafilatura; the cards are a few KB.) A
    card marked p-author inside the page's only top-level h-entry is the page's author.
    """
    import lxml.html
    import mf2py

    roots = markup.cards
    doc = "<html><body>" + "".join(
        f"<div>{lxml.html.tostring(r, encoding='unicode', with_tail=False)}</div>"
        for r in roots) + "</body></html>"
    items = mf2py.parse(doc=doc, url=url or None, html_parser="lxml")["items"]
    entries = markup.entries
    for i, item in enumerate(items):
        node = _from_mf2(item)
        if not isinstance(node, Node):
            continue
        data.nodes.append(node)
        root = roots[i] if len(items) == len(roots) else None
        classes = (root.get("class") or "").split() if root is not None else []
        if len(entries) == 1 and ("p-author" in classes or "author" in classes) and \
                _nearest_entry(root) is entries[0]:
            data.authors.extend(Author(n, _str(node.first("url")), "microformats", node)
                                for n in node.texts("name"))
            data.is_article = True  # a single h-entry with its author: a post


def _nearest_entry(el: Any) -> Any:
    """The closest h-entry/h-cite around `el` (a reply's author is not the post's author)."""
    for a in el.iterancestors():
        if {"h-entry", "hentry", "h-cite"} & set((a.get("class") or "").split()):
            return a
    return None


def _resolve_rdfa(item: dict[str, Any], by_id: dict[Any, Any], depth: int = 0) -> Any:
    out: dict[str, Any] = {}
    for key, values in item.items():
        if key == "@id" or not isinstance(values, list):
            out[key] = values
            continue
        res = []
        for v in values:
            if isinstance(v, dict) and set(v) == {"@id"} and v["@id"] in by_id and depth < 4:
                res.append(_resolve_rdfa(by_id[v["@id"]], by_id, depth + 1))
            else:
                res.append(v)
        out[key] = res
    return out


EXTRA_META_AUTHOR = frozenset(("cxenseparse:author", "article.author", "author_name",
                               "og:article:author", "bt:author", "mediator_author"))
# WordPress (Yoast) writes the byline as a labelled pair: twitter:label1 "Written by",
# twitter:data1 "Ana García"
_BYLINE_LABELS = frozenset(("written by", "escrito por", "author", "autor", "autora", "by",
                            "por"))


def _meta_bylines(meta: dict[str, str]) -> list[str]:
    """The twitter:dataN keys whose twitter:labelN says they name the writer."""
    return [f"twitter:data{n}" for n in range(1, 5)
            if meta.get(f"twitter:label{n}", "").strip(" :").lower() in _BYLINE_LABELS]


def _parsely_authors(value: str) -> list[str]:
    """The authors of a `parsely-metadata` JSON value (a list of names)."""
    if not value.lstrip().startswith("{"):
        return []
    try:
        found = json.loads(value).get("authors")
    except (ValueError, AttributeError):
        return []
    if isinstance(found, str):
        found = [found]
    return [a.strip() for a in found if isinstance(a, str) and a.strip()][:5] \
        if isinstance(found, list) else []


def _read_meta(tree: Any, url: str, data: PageData) -> None:
    from urllib.parse import urljoin

    meta: dict[str, str] = {}
    for m in tree.xpath("//meta[@content]"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and key not in meta and m.get("content", "").strip():
            meta[key] = m.get("content").strip()
    title_el = tree.find(".//title")
    page_title = title_el.text_content().strip() if title_el is not None else ""
    data.title = meta.get("og:title") or meta.get("twitter:title") or page_title or None
    data.site_name = meta.get("og:site_name") or meta.get("application-name") or None
    # a publishing platform serving a writer's own domain marks itself
    data.on_platform = bool(
        _PLATFORM_GENERATOR.match(meta.get("generator", ""))
        or meta.get("al:android:package", "") == "com.medium.reader"
        or meta.get("twitter:app:name:iphone", "").lower() in ("medium", "substack"))
    h1 = tree.xpath("(//body//h1)[1]")
    if h1:
        data.h1 = " ".join(h1[0].text_content().split())[:300] or None
    data.date = (meta.get("article:published_time") or meta.get("date")
                 or meta.get("datepublished") or None)
    if not data.date:
        # the first <time datetime> of the article or main block is its publication date
        stamps = tree.xpath("(//article//time/@datetime | //main//time/@datetime)[1]")
        data.date = str(stamps[0]).strip() or None if stamps else None
    html_el = tree if tree.tag == "html" else tree.getroottree().getroot()
    lang = (html_el.get("lang") or meta.get("og:locale") or meta.get("content-language") or "")
    data.lang = lang.strip().lower()[:2] or None
    creator = meta.get("twitter:creator", "")
    if re.fullmatch(r"@?[A-Za-z0-9_]{1,15}", creator):
        data.twitter_creator = creator.lstrip("@")
    from trafilatura.metadata import METANAME_AUTHOR

    # the meta names trafilatura reads the author from ("author", "byl", "parsely-author"…),
    # and a few more that news sites and WordPress write
    for key in ["author", *sorted((METANAME_AUTHOR | EXTRA_META_AUTHOR)
                                  - {"author", "article:author"}), *_meta_bylines(meta)]:
        value = meta.get(key, "")
        if value and not value.startswith(("http", "/")):
            for name in split_names(value):
                data.authors.append(Author(name, None, "meta" if key == "author"
                                           else "meta-other"))
    for name in _parsely_authors(meta.get("parsely-metadata", "")):
        data.authors.append(Author(name, None, "meta-other"))
    art_author = meta.get("article:author", "")
    if art_author and not art_author.startswith("http"):
        for name in split_names(art_author):
            data.authors.append(Author(name, None, "opengraph"))
    elif art_author:
        data.author_urls.append(art_author)
    from urllib.parse import urlsplit

    # an op-ed or a column: its section, or a path segment of its address
    data.is_opinion = bool(_OPINION.match(meta.get("article:section", "")) or any(
        _OPINION.match(part) for part in urlsplit(url or "").path.lower().split("/")[1:-1]))
    og_type = meta.get("og:type", "").lower()
    data.is_article = og_type in ("article", "blog", "blogposting") or \
        "article:published_time" in meta
    if og_type == "profile":
        first, last = meta.get("profile:first_name", ""), meta.get("profile:last_name", "")
        if first and last:
            data.profile_names.append(f"{first} {last}")
    for a in tree.xpath('//a[@href][contains(concat(" ", normalize-space(@rel), " "), " author ")]'
                        ' | //link[@href][contains(concat(" ", normalize-space(@rel), " "), '
                        '" author ")]'):
        text = a.text_content().strip() if a.tag == "a" else ""
        href = urljoin(url, a.get("href", ""))
        if text and len(text) < 80:
            data.authors.append(Author(text, href, "rel-author"))
        elif href:
            data.author_urls.append(href)
    for a in tree.xpath('//*[@href][contains(concat(" ", normalize-space(@rel), " "), " me ")]'):
        data.rel_me.append(urljoin(url, a.get("href").strip()))
    data.rel_me = list(dict.fromkeys(data.rel_me))


# the generator of a platform where people publish their own posts (not a news CMS)
_PLATFORM_GENERATOR = re.compile(r"\s*(?:substack|ghost|blogger|medium|hashnode|write\.as"
                                 r"|bear\s*blog|micro\.blog|beehiiv)\b", re.I)
# the section or path of an op-ed, a column or a guest post
_OPINION = re.compile(r"^\s*(?:opinions?|opini[oó]n|opiniones|op-?eds?|commentary|columns?"
                      r"|columnas?|columnistas?|columnists?|tribunas?|guest-posts?|voices"
                      r"|perspectives?|ideas)\s*$", re.I)


def _collect_authors(data: PageData) -> None:
    """Authors and titles from the page's main creative works."""
    # people named elsewhere in the graph and referred to by their @id
    by_id = {u: n for n in data.walk() if PERSON_TYPES & set(n.types) and n.texts("name")
             for u in n.texts("url") + n.texts("id")}
    for node in data.nodes:
        works = [node]
        if "WebPage" in node.types or "ProfilePage" in node.types:
            main = [m for m in node.props.get("mainEntity", []) if isinstance(m, Node)]
            if "ProfilePage" in node.types:
                data.profile_names.extend(n for m in main if PERSON_TYPES & set(m.types)
                                          for n in m.texts("name"))
            works.extend(main)
        feed_items: list[Node] = []
        if "Feed" in node.types or "Entry" in node.types:
            feed_items = [v for v in node.props.get("hasPart", []) if isinstance(v, Node)]
        for work in works + feed_items:
            if not (WORK_TYPES & set(work.types)) and "Feed" not in work.types:
                continue
            if "Review" in work.types or "Book" in work.types:
                continue  # a book's writer or a reviewer did not write this page
            if work not in feed_items and not (
                    {"Feed", "WebPage", "ProfilePage", "CreativeWork"} & set(work.types)):
                data.is_article = True  # entries listed in a feed are not this page
            if any("News" in t for t in work.types):
                data.is_news = True
            if "OpinionNewsArticle" in work.types or _OPINION.match(
                    _str(work.first("articleSection")) or ""):
                data.is_opinion = True
            for key in ("author", "creator"):
                for a in work.props.get(key, []):
                    if isinstance(a, str) and a in by_id:
                        a = by_id[a]  # {"@id": "…#/schema/person/1"}: the Person in @graph
                    if isinstance(a, Node):
                        for name in a.texts("name"):
                            data.authors.append(Author(name, _str(a.first("url")), work.origin, a))
                        if not a.texts("name") and _str(a.first("url")):
                            data.author_urls.append(a.first("url").strip())  # its page's address
                    elif isinstance(a, str) and not a.startswith(("http", "/")):
                        data.authors.extend(Author(n, None, work.origin)
                                            for n in split_names(a))
                    elif isinstance(a, str):
                        data.author_urls.append(a)
            if not data.date:
                data.date = _str(work.first("datePublished"))
            if work not in feed_items:
                data.headline = data.headline or _str(work.first("headline"))


def _finish_authors(tree: Any, html: str, url: str, data: PageData) -> None:
    """Clean every author name, drop the site's own name, add the visible bylines.

    Order: people named by structured data, then by visible bylines, then (only when no
    person was found) author objects in the page's script state, and last a newsroom byline
    ("Redacción") when nothing else names who wrote the page.
    """
    from urllib.parse import urljoin, urlsplit

    from prospect.extract.byline import (
        PageScan,
        clean_name,
        is_publisher,
        looks_like_person,
        name_date_lines,
        name_from_url,
        name_title_lines,
        state_authors,
        strip_opener,
        visible_bylines,
    )

    host = urlsplit(url).netloc.lower().removeprefix("www.") if url else ""
    orgs = [p for p in (data.site_name,) if p]
    for node in data.nodes:
        for key in ("publisher", "sourceOrganization"):
            orgs.extend(node.texts(key))
        if {"Organization", "NewsMediaOrganization", "WebSite"} & set(node.types):
            orgs.extend(node.texts("name"))
    data.publishers = list(dict.fromkeys(orgs + ([host.split(".")[0]] if host else [])))
    # a person's own site may carry their name: only a site that is not a person's name
    # makes a person-like meta author the publisher ("Harbor Weekly", not "Marta Ibáñez")
    site_names = [p for p in dict.fromkeys(orgs) if not looks_like_person(p)]
    # …and a meta author that is the site's person-like name ("Harbor Notes") only counts
    # when no visible byline names somebody else
    named_sites = [p for p in dict.fromkeys(orgs) if p not in site_names]

    people: list[Author] = []
    fallback: list[Author] = []
    seen: set[str] = set()

    def add(a: Author, name: str, visible: bool) -> None:
        name = strip_opener(name)  # "Texto y fotos: Ana Gil" is one name, not two
        for part in split_names(name) if re.search(r"\band\b|\by\b|;|&", name) else [name]:
            part = clean_name(part)
            key = " ".join(part.casefold().split())
            if not part or key in seen:
                continue
            person = looks_like_person(part) and not (
                a.node is not None and _ORG_TYPES & set(a.node.types)
                and not PERSON_TYPES & set(a.node.types))
            if is_publisher(part, data.publishers) and not person:
                continue
            if person and a.origin.startswith("meta") and is_publisher(part, site_names):
                continue  # the site's or publisher's name in meta author
            origin = a.origin
            if person and origin == "meta" and _compact(part) in map(_compact, named_sites):
                origin = "meta-site"
            seen.add(key)
            item = Author(part, a.url, origin, a.node)
            if person:
                people.append(item)
            elif visible or a.origin not in ("meta", "meta-other", "opengraph"):
                fallback.append(item)

    for a in data.authors:
        add(a, clean_name(a.name) if "&" in a.name or "<" in a.name else a.name, False)
    # the visible page is read only when structured data names no person (it disagrees
    # with structured data less often than it picks up a related article's author)
    # (the rarer author meta names, "dc.creator" and the like, often hold a CMS user)
    weak = ("meta-other", "meta-site")
    scan = PageScan(tree, html) if not [p for p in people if p.origin not in weak] else None
    if scan is not None:
        for text, how in visible_bylines(tree, scan=scan):
            add(Author(text, None, how), text, True)
    if scan is not None and not [p for p in people if p.origin != "meta-other"]:
        # one "Name - Title" line on a post is its byline; a team page has many
        lines = name_title_lines(tree, limit=2, scan=scan)
        dated = name_date_lines(scan)  # "Ana Ruiz · 3 de marzo de 2021"
        post = data.is_article or tree.xpath("boolean(//article)")
        if len(lines) == 1 and post:
            add(Author(lines[0][0], None, "name-title"), lines[0][0], True)
        elif len(dated) == 1 and post:
            add(Author(dated[0], None, "name-title"), dated[0], True)
    if not people:
        for name in state_authors(tree):
            add(Author(name, None, "json-state"), name, False)
    if not people:  # an author page's address that spells a name
        for u in data.author_urls[:3]:
            spelt = name_from_url(urljoin(url, u))
            if spelt:
                add(Author(spelt, urljoin(url, u), "author-url"), spelt, False)
    # structured data first, then meta author, then visible bylines, the other meta names,
    # a bio box and links
    rank = {"meta": 1, "opengraph": 2, "rel-author": 2, "byline": 3, "by-line": 3,
            "name-title": 3, "profile": 3, "meta-other": 4, "meta-site": 4, "about": 4,
            "json-state": 5, "author-url": 6}
    if any(p.origin != "meta-site" for p in people):  # the site's name was the publisher
        people = [p for p in people if p.origin != "meta-site"]
    people.sort(key=lambda a: rank.get(a.origin, 0))
    data.authors = people + fallback


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def is_org(node: Node | None) -> bool:
    """An Organization (or a site) and not also a Person."""
    return node is not None and bool(_ORG_TYPES & set(node.types)) \
        and not PERSON_TYPES & set(node.types)


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
