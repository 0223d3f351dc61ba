"""Discovery: from a company's site, find the pages that name the prospect. First what the site
says it has: its sitemaps and the home page, following same-host links two levels deep; only
when that finds nobody, guessed team and news paths in English and Spanish."""

from __future__ import annotations

import asyncio
import html as htmllib
import os
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from prospect.decode import decode_body
from prospect.gather.fetch import Fetcher, FetchResult, accepts_any
from prospect.gather.netguard import Guard
from prospect.text import fold, slugify

COMMON_PATHS = ("about", "team", "leadership", "news", "press", "blog", "equipo", "nosotros",
                "quienes-somos", "noticias", "prensa")
MAX_DEPTH = 2
DEFAULT_MAX_PAGES = 40
MAX_SITEMAPS = 5
SITEMAP_MAX_BYTES = 5 * 1024 * 1024
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.IGNORECASE)
_SKIP_EXT = re.compile(r"\.(pdf|jpe?g|png|gif|svg|webp|css|js|zip|gz|mp[34]|ico|woff2?|xml)$",
                       re.IGNORECASE)


def names_person(name: str, text: str) -> bool:
    """Whether `text` has the full name, ignoring case and accents, as whole words
    ("Ana Li" is not in "Diana Lim")."""
    key = " ".join(fold(name).split())
    if not key:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in key.split()) + r"(?!\w)"
    return re.search(pattern, fold(text)) is not None


def max_pages_from_env() -> int:
    """PROSPECT_DISCOVER_MAX_PAGES, else 40: the most pages one site crawl fetches."""
    raw = os.environ.get("PROSPECT_DISCOVER_MAX_PAGES", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_PAGES


def base_url(domain: str) -> str:
    """'acme.com' or 'https://acme.com/es' -> a base URL ending in '/'."""
    domain = domain.strip()
    if "://" not in domain:
        domain = f"https://{domain}"
    parts = urlsplit(domain)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


@dataclass
class Page:
    """A page the crawl fetched, with its visible text for name matching."""

    url: str  # where it was found (the final URL after redirects)
    result: FetchResult
    text: str


def page_text_and_links(body: bytes, content_type: str | None,
                        url: str) -> tuple[str, list[str]]:
    """The visible text of a page and its absolute http(s) links (fragments dropped)."""
    import lxml.html
    from lxml import etree

    text, _ = decode_body(body, content_type)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return "", []
    links: list[str] = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if href:
            links.append(urljoin(url, href).split("#", 1)[0])
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    # both joins: "<h1>Ana</h1>Ruiz" is two words, "Ana <b>Ru</b>iz" is one
    spaced = " ".join(" ".join(doc.itertext()).split())
    joined = " ".join(doc.text_content().split())
    return (spaced if spaced == joined else f"{spaced}\n{joined}"), links


def _listing_pages(listed: list[str], base: str) -> set[str]:
    """Folder pages ("/news/") of a sitemap that also lists pages under them: an index of
    articles the crawl reads one by one anyway. The home page is never one."""
    folders = {u for u in listed if u.endswith("/") and u != base}
    return {f for f in folders if any(u != f and u.startswith(f) for u in listed)}


def sitemap_locs(body: bytes) -> tuple[list[str], bool]:
    """(URLs, is_index) from a sitemap or sitemap index (gzipped or not); no XML entities."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, SITEMAP_MAX_BYTES)
        except zlib.error:
            return [], False
    text = body.decode("utf-8", errors="replace")
    locs = [htmllib.unescape(m) for m in _LOC.findall(text)]
    return locs, "<sitemapindex" in text[:2000].lower()


class SiteCrawl:
    """A bounded breadth-first walk of one site; shared by prospects of the same company."""

    def __init__(self, fetcher: Fetcher, domain: str, names: Sequence[str],
                 max_pages: int = DEFAULT_MAX_PAGES,
                 on_page: Callable[[str, FetchResult], None] | None = None) -> None:
        self.fetcher = fetcher
        self.base = base_url(domain)
        self.netloc = urlsplit(self.base).netloc.lower()
        self.names = list(names)
        self.tokens = {t for n in names for t in slugify(n).split("-") if len(t) > 2}
        self.max_pages = max_pages
        self.on_page = on_page
        self.visited: set[str] = set()
        self.fetched = 0
        self.guessed = False  # whether the guessed COMMON_PATHS had to be tried
        self.home: FetchResult | None = None  # the home page's fetch, to report a failure

    def same_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme in ("http", "https") and parts.netloc.lower() == self.netloc
                and not _SKIP_EXT.search(parts.path))

    async def run(self) -> list[Page]:
        """The pages that name at least one of `names` (bodies of the others are dropped)."""
        guard = await Guard.for_start(self.fetcher.resolver, self.base)
        listed = await self._sitemap_urls(guard)
        listings = _listing_pages(listed, self.base)
        pages = await self._walk([self.base, *listed], guard, skip=listings)
        if not pages:  # the site's own map and links name nobody: try the usual paths
            self.guessed = True
            pages = await self._walk([urljoin(self.base, p) for p in COMMON_PATHS], guard,
                                     skip=listings)
        return pages

    async def _walk(self, seeds: list[str], guard: Guard, skip: set[str]) -> list[Page]:
        """Breadth first from `seeds`, MAX_DEPTH levels of same-site links, within max_pages;
        folder pages whose children the sitemap lists are not fetched (the children are)."""
        pages: list[Page] = []
        frontier = list(dict.fromkeys(seeds))
        depth = 0
        while frontier and len(self.visited) < self.max_pages:
            batch = [u for u in frontier if u not in self.visited and u not in skip]
            batch = batch[: self.max_pages - len(self.visited)]
            self.visited.update(batch)
            results = await asyncio.gather(*(self._fetch(u, guard) for u in batch))
            found: list[str] = []
            for res in results:
                if res.status != "ok" or res.body is None:
                    continue
                final = res.final_url or res.url
                self.visited.add(final)
                text, links = page_text_and_links(res.body, res.content_type, final)
                if any(names_person(n, text) for n in self.names):
                    pages.append(Page(final, res, text))  # only these bodies stay in memory
                if depth < MAX_DEPTH:
                    found += [u for u in links if self.same_site(u) and u not in self.visited]
            frontier = list(dict.fromkeys(found))
            depth += 1
        return pages

    async def _fetch(self, url: str, guard: Guard) -> FetchResult:
        res = await self.fetcher.fetch(url, guard=guard)
        self.fetched += 1
        if url == self.base:
            self.home = res
        if self.on_page:
            self.on_page(url, res)
        return res

    async def _sitemap_urls(self, guard: Guard) -> list[str]:
        rules = await self.fetcher.robots.rules(self.base)
        origin = f"{urlsplit(self.base).scheme}://{self.netloc}/"
        listed = [urljoin(origin, sm.strip()) for sm in rules.sitemaps]
        queue = list(dict.fromkeys([*listed, urljoin(origin, "sitemap.xml")]))
        urls: list[str] = []
        done = 0
        while queue and done < MAX_SITEMAPS:
            sm = queue.pop(0)
            done += 1
            if urlsplit(sm).netloc.lower() != self.netloc:
                continue  # a sitemap elsewhere is not this site's to vouch for
            res = await self.fetcher.fetch(sm, guard=guard, accept=accepts_any,
                                           max_bytes=SITEMAP_MAX_BYTES)
            if res.status != "ok" or not res.body:
                continue
            locs, is_index = sitemap_locs(res.body)
            if is_index:
                queue += [urljoin(origin, u) for u in locs if u not in queue]
            else:
                urls += [u for u in locs if self.same_site(u)]
        # pages whose address names the person, then team/news pages, then the rest
        return sorted(dict.fromkeys(urls), key=self._rank)

    def _rank(self, url: str) -> int:
        path = fold(urlsplit(url).path)
        if any(t in path for t in self.tokens):
            return 0
        if any(p in path for p in COMMON_PATHS):
            return 1
        return 2
