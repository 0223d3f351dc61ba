"""Politeness across a team's machines: per-host slots and pacing shared through PostgreSQL.

Each request to a host holds one of `per_host` slots, a session-level advisory lock
(`pg_try_advisory_lock(host key, slot)`). A worker keeps all its locks on one connection:
a lock dies with its connection, so a worker killed mid-request frees its slots at once and
no row is left claiming them; no transaction stays open while a page downloads. A freed slot
is announced with NOTIFY, and the waiters of every worker (listening on a second connection)
try again at once instead of polling; they also try every `WAKE_EVERY` seconds, since a
killed worker's locks vanish without a word. The delay between two starts on a host (ours, or
the site's robots.txt Crawl-delay when longer) is one atomic UPDATE of `host_pace` that hands
out the next start time, made in the statement that takes the slot (one round trip); a
robots.txt fetch holds a slot but is not paced. robots.txt answers
are kept in `robots_answer` for a day, so a team asks each site once.

A slot this process is done with goes straight to its next request for the same host, when
one is waiting, without a round trip or a NOTIFY; after `HANDOFFS` such passes in a row it
goes back through the database. A waiter that finds a host's slots all held says so (a
"want" NOTIFY in the statement that tried); a process that has lately heard one leaves the
slot it gives back to the others for up to `TURN_FOR` before asking again, so every worker
gets its turn; alone, it takes the slot straight back. The host sees the same number in
flight and the same pace either way.

A worker's fleet connections do not grow with its jobs: `FLEET_CONNECTIONS` in all.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from prospect.gather.limits import HostLimiter, host_key

ROBOTS_TTL = timedelta(days=1)
CHANNEL = "prospect_slot_free"
WAKE_EVERY = 0.25  # seconds: a waiter tries again at least this often
FLEET_CONNECTIONS = 2  # the locks, pacing and robots.txt; the LISTEN for freed slots
ROBOTS_SLOT = -1  # the advisory lock "slot" of a robots.txt fetch (keyed by its URL)
HANDOFFS = 4  # passes of one slot inside a process before it goes back to the database
SPARE_FOR = 0.05  # seconds a handed-on slot waits for its taker before it is released
TURN_FOR = 0.02  # seconds a process leaves a slot it gave back after HANDOFFS to the others
WANTED_FOR = 3 * WAKE_EVERY  # how long another worker's "want" counts (its waiters retry)


# a waiter that found every slot held says so (in the same statement): a worker that holds one
# then gives the others their turn when it gives it back (params: channel, payload)
_WANT = ", CASE WHEN got.n IS NULL THEN (SELECT 1 FROM pg_notify(%s, %s)) END"
WANT = "want "  # the payload's prefix: "want <host key>"
# a host's next start, pushed back by a delay (params: delay, delay): how long to wait
_PACE_STEP = ("ON CONFLICT (host) DO UPDATE SET next_start = "
              "greatest(host_pace.next_start, now()) + make_interval(secs => %s) "
              "RETURNING extract(epoch FROM next_start - now())::float8 - %s")


def lock_key(host: str) -> int:
    """A stable signed 32-bit key for a host (two hosts sharing one only adds caution)."""
    value = zlib.crc32(host.encode("utf-8"))
    return value - 2**32 if value >= 2**31 else value


class FleetLimiter(HostLimiter):
    """HostLimiter whose per-host slots and delay hold across every process of a team.

    One per worker process, shared by all its jobs inside one event loop: this process's
    own per-host semaphore keeps it from asking for slots it cannot use, and the database
    decides between processes. The delay is paced by the database alone.
    """

    def __init__(self, conninfo: str, concurrency: int, per_host: int, delay: float) -> None:
        super().__init__(concurrency, per_host, 0.0)
        self.conninfo, self.fleet_delay = conninfo, delay
        self._conn: Any = None
        self._opening = asyncio.Lock()
        self._listener: asyncio.Task[None] | None = None
        self._held: dict[str, set[int]] = {}  # slots this process holds (or is asking for)
        self._wakes: dict[str, asyncio.Event] = {}
        self._wanting: dict[str, int] = {}  # this process's requests for a host not yet slotted
        self._spare: dict[str, list[tuple[int, int, object]]] = {}  # (slot, passes, token)
        self._releasing: set[asyncio.Task[None]] = set()
        self._turn_until: dict[str, float] = {}  # monotonic time
        self._wanted: dict[str, float] = {}  # when another worker last found a host's slots held
        self._pid = 0  # the backend of this process's lock connection (its own NOTIFYs)

    # -- the connections ------------------------------------------------------------------

    async def connection(self) -> Any:
        import psycopg

        async with self._opening:
            if self._conn is None or self._conn.closed:
                self._conn = await psycopg.AsyncConnection.connect(self.conninfo,
                                                                   autocommit=True)
                self._pid = self._conn.info.backend_pid
            if self._listener is None or self._listener.done():
                self._listener = asyncio.ensure_future(self._listen())
            return self._conn

    async def _listen(self) -> None:
        import psycopg

        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self.conninfo, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    async for note in conn.notifies():
                        if not note.payload.startswith(WANT):
                            if note.pid != self._pid:  # another worker had its turn
                                self._turn_until.pop(note.payload, None)
                            self.wake(note.payload)
                        elif note.pid != self._pid:
                            self._wanted[note.payload[len(WANT):]] = time.monotonic()
            except psycopg.Error:
                await asyncio.sleep(1.0)  # waiters still try every WAKE_EVERY meanwhile

    async def _row(self, query: str, params: tuple[Any, ...]) -> Any:
        conn = await self.connection()
        cur = await conn.execute(query, params)
        return await cur.fetchone()

    async def _one(self, query: str, params: tuple[Any, ...]) -> Any:
        row = await self._row(query, params)
        return row[0] if row else None

    async def try_lock(self, key: int, n: int) -> bool:
        """Take advisory lock (key, n) on this process's connection if it is free."""
        return await self.try_first(key, [n]) is not None

    async def try_first(self, key: int, slots: list[int]) -> int | None:
        """Take the first free advisory lock (key, n) of `slots`, in one round trip; the
        slot taken, or None when every one is held. PostgreSQL evaluates a CASE's branches
        in order and stops at the first that holds, so one lock at most is taken.

        A caller cancelled meanwhile does not leave the lock behind."""
        got = await self._take_first(key, slots, None, 0.0)
        return None if got is None else got[0]

    async def _take_first(self, key: int, slots: list[int], host: str | None,
                          delay: float) -> tuple[int, float] | None:
        """`try_first`, and when a slot is taken and `delay` is more than 0, the host's next
        start from `host_pace` in the same statement: the slot taken and how
        long to wait before starting, or None when every slot is held (nothing paced; with a
        `host`, a "want" NOTIFY then tells the workers holding them)."""
        case = ("CASE " + " ".join(["WHEN pg_try_advisory_lock(%s, %s) THEN %s"]
                                   * len(slots)) + " END")
        params: tuple[Any, ...] = tuple(x for n in slots for x in (key, n, n))
        pace = "(SELECT 0.0::float8 AS wait)"
        if host is not None and delay > 0:
            # a data-modifying CTE runs once, after `got`; it paces only a slot taken
            pace = ("(INSERT INTO host_pace (host, next_start) SELECT %s, now() + "
                    "make_interval(secs => %s) FROM got WHERE got.n IS NOT NULL "
                    + _PACE_STEP + " AS wait)")
            params += (host, delay, delay, delay)
        query = ("WITH got AS MATERIALIZED (SELECT " + case + " AS n), pace AS " + pace
                 + " SELECT got.n, (SELECT wait FROM pace)"
                 + (_WANT if host is not None else "") + " FROM got")
        if host is not None:
            params += (CHANNEL, WANT + host)
        task = asyncio.ensure_future(self._row(query, params))
        try:
            row = await asyncio.shield(task)
        except asyncio.CancelledError:
            def undo(t: asyncio.Future[Any]) -> None:
                if not t.cancelled() and t.exception() is None and t.result() is not None \
                        and t.result()[0] is not None:
                    asyncio.ensure_future(self.unlock(key, int(t.result()[0]), ""))
            task.add_done_callback(undo)
            raise
        if row is None or row[0] is None:
            return None
        return int(row[0]), float(row[1] or 0.0)

    async def unlock(self, key: int, n: int, announce: str) -> None:
        """Release lock (key, n) and tell every worker's waiters for `announce`."""
        async def go() -> None:
            with contextlib.suppress(Exception):  # a lost connection released it already
                await self._one("SELECT pg_advisory_unlock(%s, %s), pg_notify(%s, %s)",
                                (key, n, CHANNEL, announce))
        await asyncio.shield(go())

    def event(self, what: str) -> asyncio.Event:
        if what not in self._wakes:
            self._wakes[what] = asyncio.Event()
        return self._wakes[what]

    def wake(self, what: str) -> None:
        event = self._wakes.pop(what, None)
        if event is not None:
            event.set()

    async def wait_for(self, what: str, event: asyncio.Event) -> None:
        """Until `what` is announced free (the event taken before trying), or WAKE_EVERY."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), WAKE_EVERY * (1 + random.random() / 4))

    # -- the slots --------------------------------------------------------------------------

    @asynccontextmanager
    async def slot(self, url: str, *, paced: bool = True) -> AsyncIterator[None]:
        key = host_key(url)
        self._wanting[key] = self._wanting.get(key, 0) + 1
        slotted = False
        try:
            async with super().slot(url, paced=False):  # the database paces, not this process
                held, passes, wait = await self._take(key, paced)
                self._wanting[key] -= 1
                slotted = True
                try:
                    if wait > 0:
                        await asyncio.sleep(wait)
                    yield
                finally:
                    if not self._hand_on(key, held, passes):
                        await self._release(key, held, turn=self._wanting.get(key, 0) > 0
                                            and self._contended(key))
        finally:
            if not slotted:
                self._wanting[key] -= 1

    def _hand_on(self, key: str, held: int, passes: int) -> bool:
        """Keep slot `held` for this process's next request for `key` when one is coming and
        the slot has not been passed on `HANDOFFS` times in a row (False: release it)."""
        if self._wanting.get(key, 0) <= 0 or passes >= HANDOFFS:
            return False
        token = object()
        self._spare.setdefault(key, []).append((held, passes + 1, token))
        asyncio.get_running_loop().call_later(SPARE_FOR, self._unclaimed, key, token)
        self.wake(key)
        return True

    def _contended(self, key: str) -> bool:
        """Whether another worker has lately found every slot of `key` held."""
        return time.monotonic() - self._wanted.get(key, -WANTED_FOR) < WANTED_FOR

    def _unclaimed(self, key: str, token: object) -> None:
        """Release a handed-on slot nobody came for (its taker was cancelled or is late)."""
        spare = self._spare.get(key, [])
        for i, (n, _, t) in enumerate(spare):
            if t is token:
                del spare[i]
                task = asyncio.ensure_future(self._release(key, n))
                self._releasing.add(task)
                task.add_done_callback(self._releasing.discard)
                return

    async def _release(self, key: str, held: int, *, turn: bool = False) -> None:
        """Give slot `held` of `key` back to every worker; with `turn` (this process wants
        it again, after handing it on HANDOFFS times in a row, and another worker has been
        waiting for it) this process's own waiters leave it to the other workers' for
        TURN_FOR before they ask again."""
        if turn:
            self._turn_until[key] = time.monotonic() + TURN_FOR
            try:
                await self.unlock(lock_key(key), held, key)  # the NOTIFY wakes everyone
            finally:
                self._held[key].discard(held)
            return
        # free for this process first: a local waiter that takes the slot before the unlock
        # below runs only raises the lock's count, so it still holds it after
        self._held[key].discard(held)
        self.wake(key)  # this process's own waiters need no round trip
        await self.unlock(lock_key(key), held, key)

    async def _take(self, key: str, paced: bool = False) -> tuple[int, int, float]:
        """A slot of `key`, how many times in a row it has been handed on inside this
        process, and (`paced`) how long to wait before starting. A slot from the database
        and its place in the host's pace are taken in one round trip; a handed-on slot
        needs a round trip only for its pace."""
        mine = self._held.setdefault(key, set())
        while True:
            delay = max(self.fleet_delay, self.site_delay(key)) if paced else 0.0
            spare = self._spare.get(key)
            if spare:
                n, passes, _ = spare.pop(0)
                return n, passes, await self._pace(key, n, delay)
            event = self.event(key)  # before trying: a slot freed meanwhile still wakes us
            turn = self._turn_until.get(key, 0.0) - time.monotonic()
            if turn > 0:  # the other workers' turn at a slot this process gave back
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), turn)
                continue
            # the lock is re-entrant within a session: never ask for one this process holds
            # or is asking for; ask for all the others at once, in random order
            free = [n for n in random.sample(range(self.per_host), self.per_host)
                    if n not in mine]
            if free:
                mine.update(free)
                got = None
                try:
                    got = await self._take_first(lock_key(key), free, key, delay)
                finally:
                    mine.difference_update(n for n in free if got is None or n != got[0])
                if got is not None:
                    if len(free) > 1:
                        self.wake(key)  # a local waiter that found them all asked for
                    return got[0], 0, got[1]
            await self.wait_for(key, event)

    async def _pace(self, key: str, held: int, delay: float) -> float:
        """The host's next start for a slot already held: how long to wait (0 unpaced). A
        caller cancelled meanwhile gives the slot back."""
        if delay <= 0:
            return 0.0
        try:
            wait = await self._one(
                "INSERT INTO host_pace (host, next_start) VALUES (%s, now() + "
                "make_interval(secs => %s)) " + _PACE_STEP,
                (key, delay, delay, delay))
        except BaseException:
            await self._release(key, held)
            raise
        return float(wait or 0.0)

    async def aclose(self) -> None:
        for key, spare in self._spare.items():  # slots handed on that nobody took yet
            for n, _, _ in spare:
                await self._release(key, n)
        self._spare.clear()
        if self._releasing:
            await asyncio.gather(*self._releasing, return_exceptions=True)
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(BaseException):
                await self._listener
        if self._conn is not None:
            await self._conn.close()


class PgRobotsStore:
    """robots.txt answers shared by a team through the `robots_answer` table.

    One per worker, on its FleetLimiter's connection. Within the process, jobs share the
    answers in memory and wait for each other's fetch; across machines, the first caller to
    miss takes an advisory lock on the URL and fetches, and the others wait for that lock to
    be announced free and then read its answer. A site is asked once a day by the team.
    """

    def __init__(self, fleet: FleetLimiter, ttl: timedelta = ROBOTS_TTL) -> None:
        self.fleet, self.ttl = fleet, ttl
        self._memory: dict[str, tuple[float, tuple[int, bytes]]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._fetching: set[str] = set()

    async def _read(self, url: str) -> tuple[int, bytes] | None:
        conn = await self.fleet.connection()
        cur = await conn.execute(
            "SELECT http_status, body FROM robots_answer WHERE url = %s "
            "AND fetched_at > now() - make_interval(secs => %s)",
            (url, self.ttl.total_seconds()))
        row = await cur.fetchone()
        return (int(row[0]), bytes(row[1])) if row else None

    def _remember(self, url: str, answer: tuple[int, bytes]) -> tuple[int, bytes]:
        self._memory[url] = (time.monotonic() + self.ttl.total_seconds(), answer)
        return answer

    def _recalled(self, url: str) -> tuple[int, bytes] | None:
        hit = self._memory.get(url)
        return hit[1] if hit and hit[0] > time.monotonic() else None

    async def get(self, url: str) -> tuple[int, bytes] | None:
        kept = self._recalled(url)
        if kept is not None:
            return kept
        lock = self._locks.setdefault(url, asyncio.Lock())
        await lock.acquire()
        try:
            what = f"robots {url}"
            while True:
                kept = self._recalled(url)  # another job of this process fetched it
                if kept is None:
                    event = self.fleet.event(what)
                    kept = await self._read(url)
                if kept is not None:
                    lock.release()
                    return self._remember(url, kept)
                if await self.fleet.try_lock(lock_key(url), ROBOTS_SLOT):
                    kept = await self._read(url)  # another machine fetched it meanwhile
                    if kept is not None:
                        await self.fleet.unlock(lock_key(url), ROBOTS_SLOT, what)
                        lock.release()
                        return self._remember(url, kept)
                    self._fetching.add(url)  # both locks stay held until put()
                    return None
                await self.fleet.wait_for(what, event)
        except BaseException:
            if url not in self._fetching:
                lock.release()
            raise

    async def put(self, url: str, http_status: int | None, body: bytes) -> None:
        if url not in self._fetching:
            return
        self._fetching.discard(url)
        try:
            # only what the site really said is worth sharing: 5xx and silence are retried
            if http_status is not None and (200 <= http_status < 300
                                            or 400 <= http_status < 500):
                conn = await self.fleet.connection()
                await conn.execute(
                    "INSERT INTO robots_answer (url, http_status, body, fetched_at) "
                    "VALUES (%s, %s, %s, now()) ON CONFLICT (url) DO UPDATE SET "
                    "http_status = excluded.http_status, body = excluded.body, "
                    "fetched_at = excluded.fetched_at", (url, http_status, body))
                self._remember(url, (http_status, body))
        finally:
            await self.fleet.unlock(lock_key(url), ROBOTS_SLOT, f"robots {url}")
            self.fleet.wake(f"robots {url}")
            self._locks[url].release()
