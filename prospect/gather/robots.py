"""robots.txt per RFC 9309: fetched once per host per run (before any page), 4xx -> allow all,
5xx or unreachable -> disallow all, rules matched with protego; also the Crawl-delay (and
Request-rate) of our group, which the fetcher passes on to the per-host limits."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
PARSED_KEPT = 256  # parsed answers a process keeps (a team worker reads the same ones all night)
PARSED_MAX_BYTES = 64 * 1024  # larger answers are parsed each time, not kept


class FetchResult(Protocol):
    """What reading robots.txt needs of a fetch (`prospect.gather.fetch.FetchResult` has it);
    a protocol, so that this module does not import the fetcher that imports it."""

    status: str
    http_status: int | None
    error: str | None
    body: bytes | None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


@dataclass(frozen=True)
class RobotsRules:
    """What one host's robots.txt says, or the rule that replaces it when it is missing."""

    mode: str  # "rules" | "allow_all" | "disallow_all" | "unreachable" (disallows too)
    reason: str = ""
    parser: Any = None
    sitemaps: list[str] = field(default_factory=list)

    def allows(self, url: str, agent: str) -> bool:
        if self.mode == "rules":
            return bool(self.parser.can_fetch(url, agent))
        return self.mode == "allow_all"

    def crawl_delay(self, agent: str, cap: float) -> float:
        """Seconds the site asks between two requests from `agent`: the longer of its
        Crawl-delay and Request-rate (n requests per s seconds; any time-of-day window is
        ignored, so it always holds), clamped to [0, cap]; 0 when it asks for nothing."""
        if self.mode != "rules":
            return 0.0
        asked = [self.parser.crawl_delay(agent) or 0.0]
        rate = self.parser.request_rate(agent)
        if rate is not None and rate.requests > 0:
            asked.append(rate.seconds / rate.requests)
        seconds = max(float(a) for a in asked)
        return min(max(seconds, 0.0), cap) if math.isfinite(seconds) else cap

    @classmethod
    def from_answer(cls, http_status: int, body: bytes) -> RobotsRules:
        """The rules of a stored answer: a 2xx body, or a 4xx that allows all."""
        if 200 <= http_status < 300:
            from protego import Protego

            text = body.decode("utf-8", errors="replace")
            try:
                parser = Protego.parse(text)
            except Exception:  # noqa: BLE001 - a garbled robots.txt must not stop the run
                return cls("allow_all", "robots.txt could not be parsed")
            return cls("rules", parser=parser, sitemaps=list(parser.sitemaps))
        return cls("allow_all", f"robots.txt answered HTTP {http_status}")

    @classmethod
    def from_result(cls, result: FetchResult) -> RobotsRules:
        if result.status == "ok":
            return cls.from_answer(result.http_status or 200, result.body or b"")
        if result.http_status is not None and 400 <= result.http_status < 500:
            return cls("allow_all", f"robots.txt answered HTTP {result.http_status}")
        if result.http_status is None:
            # no answer at all: the pages would fail the same way, so say that instead
            return cls("unreachable", f"site unreachable: {result.error or 'no answer'}")
        return cls("disallow_all", f"robots.txt unreachable (HTTP {result.http_status}), so "
                                   f"the site is off limits")


class RobotsStore(Protocol):
    """robots.txt answers kept beyond one run (a team's database shares them)."""

    async def get(self, url: str) -> tuple[int, bytes] | None:
        """A fresh stored answer (HTTP status, body) for this robots.txt URL, if any.

        None means: fetch it now, then call `put` (a store may make other callers wait
        for that answer instead of asking the site too)."""

    async def put(self, url: str, http_status: int | None, body: bytes) -> None:
        """What the site answered (None: no answer); a store keeps only 2xx and 4xx."""


class RobotsCache:
    """One robots.txt fetch per host per run, shared by every page of that host."""

    def __init__(self, fetch: Callable[[str], Awaitable[FetchResult]], agent: str,
                 store: RobotsStore | None = None) -> None:
        self._fetch = fetch
        self.agent = agent
        self.store = store
        self._tasks: dict[str, asyncio.Task[RobotsRules]] = {}

    async def rules(self, url: str) -> RobotsRules:
        key = robots_url(url)
        if key not in self._tasks:
            self._tasks[key] = asyncio.ensure_future(self._load(key))
        return await asyncio.shield(self._tasks[key])

    async def _load(self, url: str) -> RobotsRules:
        if self.store is not None:
            kept = await self.store.get(url)
            if kept is not None:
                return stored_rules(*kept)
        try:
            result = await self._fetch(url)
        except BaseException:
            if self.store is not None:  # let the others waiting for this answer ask
                await self.store.put(url, None, b"")
            raise
        if self.store is not None:
            await self.store.put(url, result.http_status,
                                 (result.body or b"") if result.status == "ok" else b"")
        return RobotsRules.from_result(result)


def stored_rules(http_status: int, body: bytes) -> RobotsRules:
    """`RobotsRules.from_answer`, parsed once per process for an answer seen before: a
    worker's every job asks for the same few sites' rules."""
    if len(body) > PARSED_MAX_BYTES:
        return RobotsRules.from_answer(http_status, body)
    return _parsed(http_status, body)


@lru_cache(maxsize=PARSED_KEPT)
def _parsed(http_status: int, body: bytes) -> RobotsRules:
    return RobotsRules.from_answer(http_status, body)
