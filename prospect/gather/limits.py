"""Politeness limits: a global cap on requests in flight, a per-host cap that is never
exceeded, and a minimum delay between the starts of two requests to one host: ours, or the
site's robots.txt Crawl-delay when that is longer. The robots.txt fetch itself holds a slot
but is not paced: it neither waits for the delay nor pushes back the next start."""

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
    site_delay: float = 0.0  # what the site's robots.txt asks for (Crawl-delay)
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

    def at_least(self, url: str, seconds: float) -> None:
        """Space the starts on the host of `url` at least `seconds` apart (the site's
        Crawl-delay, already capped); idempotent, and never shortens our own delay."""
        host = self._host(host_key(url))
        host.site_delay = max(host.site_delay, seconds)

    def site_delay(self, key: str) -> float:
        """The Crawl-delay the site of host `key` asked for (0 when none is known)."""
        return self._host(key).site_delay

    @asynccontextmanager
    async def slot(self, url: str, *, paced: bool = True) -> AsyncIterator[None]:
        """Hold one request slot for the host of `url`; `paced=False` (robots.txt only)
        skips the delay between starts but still counts against the per-host cap."""
        key = host_key(url)
        host = self._host(key)
        # host slot first: a request waiting for its host does not hold a global slot
        async with host.sem:
            delay = max(self.delay, host.site_delay) if paced else 0.0
            if delay > 0:
                async with host.lock:
                    now = time.monotonic()
                    start = max(now, host.next_start)
                    host.next_start = start + delay
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
