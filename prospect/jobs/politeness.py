"""Politeness across a team's machines: per-host slots and pacing shared through PostgreSQL.

Each request to a host holds one of `per_host` slots, a session-level advisory lock
(`pg_try_advisory_lock(host key, slot)`) on a connection kept for that request. A lock
dies with its connection, so a worker killed mid-request frees its slot at once and no
table row is left claiming it; no transaction stays open while a page downloads. The delay
between two starts on a host is one atomic UPDATE of `host_pace` that hands out the next
start time, so machines queue behind each other instead of guessing. robots.txt answers
are kept in `robots_answer` for a day, so a team asks each site once.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from prospect.config import GatherSettings
from prospect.gather.limits import HostLimiter, host_key

ROBOTS_TTL = timedelta(days=1)
_POLL = 0.02  # seconds between tries for a busy host's slot
# connections one job holds at most, so one request each: a team's PostgreSQL serves
# (workers x jobs per worker x this) of them besides the queue's own
JOB_CONNECTIONS = 3


def lock_key(host: str) -> int:
    """A stable signed 32-bit key for a host (two hosts sharing one only adds caution)."""
    value = zlib.crc32(host.encode("utf-8"))
    return value - 2**32 if value >= 2**31 else value


class _Pool:
    """A few autocommit connections, opened on demand inside one event loop."""

    def __init__(self, conninfo: str, size: int) -> None:
        self.conninfo, self.size = conninfo, size
        self.idle: list[Any] = []
        self.opened = 0
        self.free = asyncio.Condition()

    async def get(self) -> Any:
        import psycopg

        async with self.free:
            while not self.idle and self.opened >= self.size:
                await self.free.wait()
            if self.idle:
                return self.idle.pop()
            self.opened += 1
        try:
            return await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
        except Exception:
            async with self.free:
                self.opened -= 1
                self.free.notify()
            raise

    async def put(self, conn: Any) -> None:
        async with self.free:
            if conn.closed:
                self.opened -= 1
            else:
                self.idle.append(conn)
            self.free.notify()

    async def close(self) -> None:
        for conn in self.idle:
            await conn.close()
        self.idle.clear()


class FleetLimiter(HostLimiter):
    """HostLimiter whose per-host slots and delay hold across every process of a team."""

    def __init__(self, conninfo: str, concurrency: int, per_host: int, delay: float) -> None:
        # this process's own host semaphore keeps it from polling for slots it cannot use;
        # the delay is paced by the database alone
        super().__init__(concurrency, per_host, 0.0)
        self.fleet_delay = delay
        self.pool = _Pool(conninfo, min(concurrency, JOB_CONNECTIONS))

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        key = host_key(url)
        async with super().slot(url):
            conn = await self.pool.get()
            try:
                held = await self._take(conn, key)
                try:
                    await self._pace(conn, key)
                    yield
                finally:
                    await conn.execute("SELECT pg_advisory_unlock(%s, %s)", (lock_key(key), held))
            finally:
                await self.pool.put(conn)

    async def _take(self, conn: Any, key: str) -> int:
        slots = list(range(self.per_host))
        while True:
            random.shuffle(slots)
            for n in slots:
                cur = await conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                         (lock_key(key), n))
                row = await cur.fetchone()
                if row and row[0]:
                    return n
            await asyncio.sleep(_POLL * (1 + random.random()))

    async def _pace(self, conn: Any, key: str) -> None:
        if self.fleet_delay <= 0:
            return
        cur = await conn.execute(
            "INSERT INTO host_pace (host, next_start) VALUES (%s, now() + make_interval("
            "secs => %s)) ON CONFLICT (host) DO UPDATE SET next_start = "
            "greatest(host_pace.next_start, now()) + make_interval(secs => %s) "
            "RETURNING extract(epoch FROM next_start - now())::float8 - %s",
            (key, self.fleet_delay, self.fleet_delay, self.fleet_delay))
        row = await cur.fetchone()
        wait = float(row[0]) if row else 0.0
        if wait > 0:
            await asyncio.sleep(wait)

    async def aclose(self) -> None:
        await self.pool.close()


def fleet_limiter(conninfo: str) -> Any:
    """A factory for `gather(limiter=...)`: fleet-wide limits with the run's settings."""

    def make(settings: GatherSettings) -> HostLimiter:
        return FleetLimiter(conninfo, settings.concurrency, settings.per_host, settings.delay)

    return make


_memory: dict[str, tuple[float, tuple[int, bytes]]] = {}  # url -> (expires, answer)
_url_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def _url_lock(url: str) -> threading.Lock:
    with _guard:
        return _url_locks.setdefault(url, threading.Lock())


class PgRobotsStore:
    """robots.txt answers shared by a team through the `robots_answer` table.

    Within a process, jobs share the answers in memory and wait for each other's fetch;
    across machines, the first caller to miss takes an advisory lock on the URL and fetches,
    and the others wait on that lock and then read its answer. A site is asked once a day
    by the whole team, and a worker holds few connections for it.
    """

    def __init__(self, conninfo: str, ttl: timedelta = ROBOTS_TTL) -> None:
        self.conninfo, self.ttl = conninfo, ttl
        self._fetching: dict[str, tuple[Any, threading.Lock]] = {}

    async def _read(self, conn: Any, url: str) -> tuple[int, bytes] | None:
        cur = await conn.execute(
            "SELECT http_status, body FROM robots_answer WHERE url = %s "
            "AND fetched_at > now() - make_interval(secs => %s)",
            (url, self.ttl.total_seconds()))
        row = await cur.fetchone()
        return (int(row[0]), bytes(row[1])) if row else None

    def _remember(self, url: str, answer: tuple[int, bytes]) -> tuple[int, bytes]:
        _memory[url] = (time.monotonic() + self.ttl.total_seconds(), answer)
        return answer

    def _recalled(self, url: str) -> tuple[int, bytes] | None:
        hit = _memory.get(url)
        return hit[1] if hit and hit[0] > time.monotonic() else None

    async def get(self, url: str) -> tuple[int, bytes] | None:
        import psycopg

        kept = self._recalled(url)
        if kept is not None:
            return kept
        lock = _url_lock(url)
        await asyncio.to_thread(lock.acquire)
        conn = None
        try:
            kept = self._recalled(url)  # another job of this process fetched it meanwhile
            if kept is not None:
                lock.release()
                return kept
            conn = await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
            kept = await self._read(conn, url)
            if kept is None:
                await conn.execute("SELECT pg_advisory_lock(%s, -1)", (lock_key(url),))
                kept = await self._read(conn, url)  # another machine fetched it meanwhile
            if kept is None:
                self._fetching[url] = (conn, lock)  # both locks stay held until put()
                return None
            await conn.close()
            lock.release()
            return self._remember(url, kept)
        except BaseException:
            if conn is not None:
                await conn.close()
            lock.release()
            raise

    async def put(self, url: str, http_status: int | None, body: bytes) -> None:
        held = self._fetching.pop(url, None)
        if held is None:
            return
        conn, lock = held
        try:
            # only what the site really said is worth sharing: 5xx and silence are retried
            if http_status is not None and (200 <= http_status < 300
                                            or 400 <= http_status < 500):
                await conn.execute(
                    "INSERT INTO robots_answer (url, http_status, body, fetched_at) "
                    "VALUES (%s, %s, %s, now()) ON CONFLICT (url) DO UPDATE SET "
                    "http_status = excluded.http_status, body = excluded.body, "
                    "fetched_at = excluded.fetched_at", (url, http_status, body))
                self._remember(url, (http_status, body))
        finally:
            await conn.close()  # and with the connection, the advisory lock
            lock.release()
