"""Politeness limits: a global cap on requests in flight, a per-host cap that is never
exceeded, and a minimum delay between the starts of two requests to one host."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """The politeness unit of a URL: its origin without the scheme (host:port)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


@dataclass
class _Host:
    sem: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    in_flight: int = 0
    peak: int = 0


class HostLimiter:
    """Hands out request slots; also records the peak in-flight count per host."""

    def __init__(self, concurrency: int, per_host: int, delay: float) -> None:
        self.per_host = per_host
        self.delay = delay
        self._global = asyncio.Semaphore(concurrency)
        self._hosts: dict[str, _Host] = {}

    def _host(self, key: str) -> _Host:
        if key not in self._hosts:
            self._hosts[key] = _Host(asyncio.Semaphore(self.per_host))
        return self._hosts[key]

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold one request slot for the host of `url`."""
        host = self._host(host_key(url))
        # host slot first: a request waiting for its host does not hold a global slot
        async with host.sem:
            if self.delay > 0:
                async with host.lock:
                    now = time.monotonic()
                    start = max(now, host.next_start)
                    host.next_start = start + self.delay
                if start > now:
                    await asyncio.sleep(start - now)
            async with self._global:
                host.in_flight += 1
                host.peak = max(host.peak, host.in_flight)
                try:
                    yield
                finally:
                    host.in_flight -= 1

    async def aclose(self) -> None:
        """Release what the limiter holds (a fleet limiter's connections); nothing here."""

    def peaks(self) -> dict[str, int]:
        """The most requests that were in flight at once, per host."""
        return {k: h.peak for k, h in self._hosts.items()}
