"""Fetch one page politely: robots.txt (its Crawl-delay passed on to the per-host limits),
per-host slots, redirects checked hop by hop, timeouts, bounded retries for 429/503, a size
cap enforced while streaming (on the decoded size: one layer of gzip or deflate at most),
content types."""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from prospect.clock import utcnow
from prospect.config import GatherSettings
from prospect.decode import ACCEPT_ENCODING, inflater_for
from prospect.gather.limits import HostLimiter
from prospect.gather.netguard import Guard, Resolver
from prospect.gather.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsStore

HTML_TYPES = ("text/html", "application/xhtml+xml")
# later: "application/pdf" once a PDF text extractor exists; add it here and in decode
SUPPORTED_TYPES = HTML_TYPES
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
REDIRECTS = (301, 302, 303, 307, 308)
BACKOFF_BASE = 1.0  # seconds; doubled per retry, capped by settings.retry_after_cap


@dataclass
class FetchResult:
    """The outcome of fetching one URL (body only when status is ok)."""

    url: str
    status: str  # ok | not_modified | error | robots_disallowed | blocked
    http_status: int | None = None
    error: str | None = None
    final_url: str | None = None
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 0


@dataclass
class _Redirect:
    location: str
    http_status: int


@dataclass
class _Retry:
    wait: float | None  # None: no usable Retry-After, back off exponentially
    http_status: int


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def accepts_html(content_type: str | None) -> bool:
    # a missing Content-Type is common on small sites; decode_body copes with the bytes
    return not content_type or media_type(content_type) in SUPPORTED_TYPES


def accepts_any(content_type: str | None) -> bool:
    return True


def retry_after(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - utcnow()).total_seconds()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return max(0.0, min(seconds, cap))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


class Fetcher:
    """Everything one gather run shares: the client, the limits, robots.txt and DNS caches."""

    def __init__(self, client: Any, settings: GatherSettings, limiter: HostLimiter,
                 robots_store: RobotsStore | None = None) -> None:
        self.client = client
        self.settings = settings
        self.limiter = limiter
        self.resolver = Resolver()
        self.robots = RobotsCache(self._fetch_robots, robots_agent(settings.user_agent),
                                  store=robots_store)

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    guard: Guard | None = None, accept: Any = accepts_html,
                    max_bytes: int | None = None) -> FetchResult:
        """Fetch `url` obeying robots.txt; never raises for a network or HTTP fault."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if guard is None:
            guard = await Guard.for_start(self.resolver, url)
        try:
            return await self._follow(url, headers, guard, True, accept,
                                      max_bytes or self.settings.max_bytes, False)
        except Exception as exc:  # noqa: BLE001 - one bad page never aborts the run
            return FetchResult(url, "error", error=f"unexpected error: {type(exc).__name__}: {exc}")

    async def _fetch_robots(self, url: str) -> FetchResult:
        guard = await Guard.for_start(self.resolver, url)
        try:
            # not paced: the file that says how to pace us waits for no delay (it still
            # holds one of the host's slots), and it is asked once per host per run
            return await self._follow(url, {}, guard, False, accepts_any, ROBOTS_MAX_BYTES, True,
                                      paced=False)
        except Exception as exc:  # noqa: BLE001
            return FetchResult(url, "error", error=f"unexpected error: {type(exc).__name__}: {exc}")

    async def _follow(self, url: str, headers: dict[str, str], guard: Guard, obey_robots: bool,
                      accept: Any, max_bytes: int, truncate: bool, *,
                      paced: bool = True) -> FetchResult:
        current, seen = url, {url}
        for _hop in range(self.settings.max_redirects + 1):
            refused = await guard.check(current)
            if refused:
                return FetchResult(url, "blocked", error=refused, final_url=current)
            if obey_robots:
                rules = await self.robots.rules(current)
                if not rules.allows(current, self.robots.agent):
                    status = "error" if rules.mode == "unreachable" else "robots_disallowed"
                    return FetchResult(url, status, error=rules.reason or "disallowed by "
                                       "robots.txt", final_url=current)
                self.limiter.at_least(current, rules.crawl_delay(
                    self.robots.agent, self.settings.retry_after_cap))
            outcome = await self._attempts(current, headers, accept, max_bytes, truncate, paced)
            if isinstance(outcome, FetchResult):
                return replace(outcome, url=url, final_url=current)
            nxt = urljoin(current, outcome.location).split("#", 1)[0]
            if urlsplit(nxt).scheme not in ("http", "https"):
                return FetchResult(url, "error", outcome.http_status, final_url=current,
                                   error=f"redirected to a non-web address: {nxt[:200]}")
            if nxt in seen:
                return FetchResult(url, "error", outcome.http_status, final_url=current,
                                   error=f"redirect loop at {nxt[:200]}")
            seen.add(nxt)
            current = nxt
        return FetchResult(url, "error", None, final_url=current,
                           error=f"more than {self.settings.max_redirects} redirects")

    async def _attempts(self, url: str, headers: dict[str, str], accept: Any, max_bytes: int,
                        truncate: bool, paced: bool) -> FetchResult | _Redirect:
        s = self.settings
        attempt = 0
        while True:
            attempt += 1
            async with self.limiter.slot(url, paced=paced):
                outcome = await self._once(url, headers, accept, max_bytes, truncate)
            if not isinstance(outcome, _Retry):
                if isinstance(outcome, FetchResult):
                    outcome.attempts = attempt
                return outcome
            if attempt > s.max_retries:
                return FetchResult(url, "error", outcome.http_status, attempts=attempt,
                                   error=f"HTTP {outcome.http_status}: still busy after "
                                         f"{s.max_retries} retries")
            wait = outcome.wait
            if wait is None:
                wait = min(BACKOFF_BASE * 2 ** (attempt - 1), s.retry_after_cap)
            await asyncio.sleep(wait)  # outside the slot: others may use the host

    async def _once(self, url: str, headers: dict[str, str], accept: Any, max_bytes: int,
                    truncate: bool) -> FetchResult | _Redirect | _Retry:
        import httpx

        s = self.settings
        # only the codings Inflater undoes under the size cap
        headers = {"Accept-Encoding": ACCEPT_ENCODING, **headers}
        try:
            async with asyncio.timeout(s.timeout):
                async with self.client.stream("GET", url, headers=headers) as resp:
                    return await self._read(resp, url, accept, max_bytes, truncate)
        except TimeoutError:
            return FetchResult(url, "error", error=f"timed out after {s.timeout:g} s")
        except httpx.TimeoutException:
            return FetchResult(url, "error", error=f"timed out after {s.timeout:g} s")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            return FetchResult(url, "error", error=f"not a usable address: {exc}")
        except (httpx.TransportError, OSError) as exc:
            detail = str(exc) or type(exc).__name__
            return FetchResult(url, "error", error=f"connection failed: {detail}"[:300])

    async def _read(self, resp: Any, url: str, accept: Any, max_bytes: int,
                    truncate: bool) -> FetchResult | _Redirect | _Retry:
        s = self.settings
        code = resp.status_code
        if code in REDIRECTS:
            location = resp.headers.get("location")
            if not location:
                return FetchResult(url, "error", code, error=f"HTTP {code} without a Location")
            return _Redirect(location, code)
        etag, modified = resp.headers.get("etag"), resp.headers.get("last-modified")
        if code == 304:
            return FetchResult(url, "not_modified", code, etag=etag, last_modified=modified)
        if code in (429, 503):
            wait = retry_after(resp.headers.get("retry-after"), s.retry_after_cap)
            return _Retry(wait, code)
        if code >= 400:
            return FetchResult(url, "error", code,
                               error=f"HTTP {code} {resp.reason_phrase}".strip())
        ctype = resp.headers.get("content-type")
        if not accept(ctype):
            return FetchResult(url, "error", code, content_type=ctype,
                               error=f"unsupported content type: {media_type(ctype)}")
        length = resp.headers.get("content-length")
        if not truncate and length and length.isdigit() and int(length) > max_bytes:
            return FetchResult(url, "error", code, content_type=ctype,
                               error=f"page larger than the {_mb(max_bytes)} cap "
                                     f"({_mb(int(length))})")
        inflater = inflater_for(resp.headers.get("content-encoding"))
        if isinstance(inflater, str):
            return FetchResult(url, "error", code, content_type=ctype, error=inflater)
        body = bytearray()
        # raw bytes, decoded here: the cap holds for the decoded size, chunk by chunk
        async for chunk in resp.aiter_raw():
            if inflater is None:
                body += chunk
                over = len(body) > max_bytes
            else:
                try:
                    body += inflater.feed(chunk, max_bytes - len(body))
                except zlib.error:
                    return FetchResult(url, "error", code, content_type=ctype,
                                       error=f"the page is not valid {inflater.coding} "
                                             "as its Content-Encoding says")
                over = inflater.over
            if over:
                if truncate:
                    del body[max_bytes:]
                    break
                return FetchResult(url, "error", code, content_type=ctype,
                                   error=f"page larger than the {_mb(max_bytes)} cap (cut off)")
        return FetchResult(url, "ok", code, body=bytes(body), content_type=ctype, etag=etag,
                           last_modified=modified)


def robots_agent(user_agent: str) -> str:
    """The product token robots.txt groups are matched against ("prospect")."""
    return user_agent.split("/", 1)[0].strip() or "prospect"
