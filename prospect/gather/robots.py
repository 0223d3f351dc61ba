"""robots.txt per RFC 9309: fetched once per host per run (before any page), 4xx -> allow all,
5xx or unreachable -> disallow all, rules matched with protego."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB


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


@dataclass
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

    @classmethod
    def from_result(cls, result: FetchResult) -> RobotsRules:
        if result.status == "ok":
            from protego import Protego

            text = (result.body or b"").decode("utf-8", errors="replace")
            try:
                parser = Protego.parse(text)
            except Exception:  # noqa: BLE001 - a garbled robots.txt must not stop the run
                return cls("allow_all", "robots.txt could not be parsed")
            return cls("rules", parser=parser, sitemaps=list(parser.sitemaps))
        if result.http_status is not None and 400 <= result.http_status < 500:
            return cls("allow_all", f"robots.txt answered HTTP {result.http_status}")
        if result.http_status is None:
            # no answer at all: the pages would fail the same way, so say that instead
            return cls("unreachable", f"site unreachable: {result.error or 'no answer'}")
        return cls("disallow_all", f"robots.txt unreachable (HTTP {result.http_status}), so "
                                   f"the site is off limits")


class RobotsCache:
    """One robots.txt fetch per host per run, shared by every page of that host."""

    def __init__(self, fetch: Callable[[str], Awaitable[FetchResult]], agent: str) -> None:
        self._fetch = fetch
        self.agent = agent
        self._tasks: dict[str, asyncio.Task[RobotsRules]] = {}

    async def rules(self, url: str) -> RobotsRules:
        key = robots_url(url)
        if key not in self._tasks:
            self._tasks[key] = asyncio.ensure_future(self._load(key))
        return await asyncio.shield(self._tasks[key])

    async def _load(self, url: str) -> RobotsRules:
        return RobotsRules.from_result(await self._fetch(url))
