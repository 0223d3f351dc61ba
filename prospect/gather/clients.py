"""One HTTP client per origin, so a request walks only its own host's connections.

httpcore's pool walks every connection it holds each time a request starts or a response
ends, asks each idle socket whether the server closed it (two system calls through anyio),
and counts the pool once per idle connection. A worker holding connections to many hosts paid
that for all of them on every request. With a client per origin the walk covers the few
connections the per-host limit allows. At most `keep` clients stay open: past that, the least
recently used idle one is closed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

KEEP = 64  # open clients (each with at most per_host idle connections)


@dataclass
class _Entry:
    client: Any
    busy: int = 0


def origin(url: str) -> str:
    """scheme://host:port of `url` ("" when it has none: httpx then says what is wrong)."""
    try:
        parts = urlsplit(url)
        return f"{parts.scheme.lower()}://{(parts.hostname or '')}:{parts.port or ''}"
    except ValueError:
        return ""


class HostClients:
    """What a run fetches through: `stream()` like httpx.AsyncClient's, by origin."""

    def __init__(self, make: Callable[[], Any], keep: int = KEEP) -> None:
        self._make, self._keep = make, keep
        self._open: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._open)

    @asynccontextmanager
    async def stream(self, method: str, url: str, **kwargs: Any) -> AsyncIterator[Any]:
        key = origin(url)
        entry = self._open.get(key)
        if entry is None:
            entry = self._open[key] = _Entry(self._make())
        self._open.move_to_end(key)
        entry.busy += 1
        try:
            async with entry.client.stream(method, url, **kwargs) as resp:
                yield resp
        finally:
            entry.busy -= 1
            await self._trim()

    async def _trim(self) -> None:
        """Close the least recently used idle clients while more than `keep` are open."""
        over = len(self._open) - self._keep
        if over <= 0:
            return
        for key in [k for k, e in self._open.items() if e.busy == 0][:over]:
            await self._open.pop(key).client.aclose()

    async def aclose(self) -> None:
        while self._open:
            await self._open.popitem(last=False)[1].client.aclose()

    async def __aenter__(self) -> HostClients:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
