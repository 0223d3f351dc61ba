"""Gather benchmark: N hosts x M pages with injected latency L, all on loopback.

Prints the wall time, the politeness floor (1 + ceil(M / per_host)) x L (one round for
robots.txt, then M / per_host rounds of pages), their ratio, the peak in-flight requests per
host (server side), and the peak Python memory as M grows (tracemalloc), including one
64 MB page cut at the 5 MB cap. With --extract, also a run with the real pure step (decode,
extract, classify) and, per page, how long its write transaction held SQLite's write lock
(first INSERT/UPDATE/DELETE to the end of COMMIT) next to how long its pure step took; and the
near-duplicate lookup: 50 new sentences against 1,000 web notes, index against a scan. Then
discovery on the bundled demo site (`prospect demo`'s sample company, 5 pages and a sitemap)
at the default politeness delay (robots.txt not paced): its wall time (target <= 3 s) and the
requests it made.

    python bench/gather.py [--hosts 8] [--pages 20] [--latency 0.3] [--per-host 2] [--extract]
    python bench/gather.py --discovery-only
"""

from __future__ import annotations

import argparse
import csv
import math
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from gather_support import Reply, Site, stream_bytes  # noqa: E402

from prospect.config import GatherSettings  # noqa: E402
from prospect.gather import gather  # noqa: E402
from prospect.store import open_db  # noqa: E402
from prospect.store.repo import ProspectInput, add_prospect  # noqa: E402

PAGE = ("<html><body><h1>Ana García Rojas</h1>" + "<p>Lorem ipsum dolor sit amet.</p>" * 600
        + "</body></html>").encode()  # ~20 KB, like a small real page
DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


class LockTimer:
    """Per page write on the gather's writer thread: seconds from the transaction's first write
    statement to the end of its COMMIT (SQLite holds the write lock in between)."""

    def __init__(self) -> None:
        self.holds: list[float] = []
        self._local = threading.local()

    def install(self, engine: Any) -> None:
        from sqlalchemy import event
        from sqlmodel import Session

        @event.listens_for(engine, "before_cursor_execute")
        def _write(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            sql = statement.lstrip().upper()
            if sql[:6] in ("INSERT", "UPDATE", "DELETE") and not getattr(self._local, "t0", None):
                self._local.t0 = time.perf_counter()
                self._local.page = False
            if sql.startswith("INSERT INTO SNAPSHOT"):
                self._local.page = True

        @event.listens_for(Session, "after_commit")
        def _committed(session: Any) -> None:
            t0 = getattr(self._local, "t0", None)
            if t0 and self._local.page:
                self.holds.append(time.perf_counter() - t0)
            self._local.t0 = None

        @event.listens_for(Session, "after_rollback")
        def _rolled_back(session: Any) -> None:
            self._local.t0 = None


def _serve(conn: Connection, hosts: int, pages: int, latency: float, huge: bool) -> None:
    """Child process: the N sites, so their threads do not share the client's GIL."""
    sites = []
    for h in range(hosts):
        site = Site(f"127.0.0.{h + 1}")
        site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nAllow: /\n",
                                           {"Content-Type": "text/plain"}, delay=latency)
        for i in range(pages):
            site.routes[f"/p{i}"] = Reply(200, PAGE, {"Content-Type": "text/html"},
                                          delay=latency)
        if huge:
            site.routes["/huge"] = lambda _: Reply(200, headers={"Content-Type": "text/html"},
                                                   chunks=stream_bytes(64 * 1024 * 1024))
        sites.append(site)
    conn.send([s.base for s in sites])
    conn.recv()  # the run is over
    conn.send([s.peak for s in sites])
    for s in sites:
        s.close()


def run(hosts: int, pages: int, latency: float, per_host: int, concurrency: int,
        huge: bool = False, extract: bool = False, locks: LockTimer | None = None,
        reads: list[float] | None = None) -> tuple[float, list[int], dict[str, int]]:
    """One gather run into a fresh SQLite file; (wall seconds, server peaks, counts)."""
    import hashlib

    from sqlmodel import Session

    from prospect.gather import persist
    from prospect.gather import run as gather_run
    from prospect.store.sync import PageContent

    def timed_prepare(*args: Any, **kwargs: Any) -> persist.Prepared:
        t0 = time.perf_counter()
        out = persist.prepare(*args, **kwargs)
        if reads is not None and out.page is not None:
            reads.append(time.perf_counter() - t0)
        return out

    def no_extract(engine: Any, job: Any, result: Any, **kwargs: Any) -> persist.Prepared:
        # fetching alone: the pure step is CPU work measured by bench/extract.py
        if result.status != "ok":
            return persist.Prepared()
        digest = hashlib.sha256(result.body or b"").hexdigest()
        return persist.Prepared(digest, "utf-8", PageContent())

    gather_run.prepare = timed_prepare if extract else no_extract  # type: ignore[assignment]

    ours, theirs = mp.Pipe()
    server = mp.Process(target=_serve, args=(theirs, hosts, pages, latency, huge), daemon=True)
    server.start()
    bases = ours.recv()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_db(f"sqlite:///{tmp}/bench.db")
        if locks is not None:
            locks.install(engine)
        urls = [f"{b}/p{i}" for b in bases for i in range(pages)]
        urls += [f"{b}/huge" for b in bases] if huge else []
        with Session(engine) as s:
            pid = add_prospect(s, ProspectInput(name="Ana García Rojas"), urls=urls,
                               actor="bench").id
        settings = GatherSettings(concurrency=concurrency, per_host=per_host, delay=0.0,
                                  timeout=60)
        started = time.perf_counter()
        report = gather(engine, [pid], settings, actor="bench")
        wall = time.perf_counter() - started
        engine.dispose()
    ours.send("stop")
    peaks = ours.recv()
    server.join(5)
    return wall, peaks, report.counts()


def discovery_on_demo() -> tuple[float, list[str], list[str]]:
    """Crawl the demo site for its two people at the default settings (delay 0.5 s unless
    $PROSPECT_DELAY says otherwise); (wall seconds, paths requested, pages naming them)."""
    import asyncio

    import httpx

    from prospect.demo import PEOPLE
    from prospect.demo.server import serve_site
    from prospect.gather.discover import SiteCrawl
    from prospect.gather.fetch import ACCEPT, Fetcher
    from prospect.gather.limits import HostLimiter

    settings = GatherSettings.from_env()
    requested: list[str] = []

    async def crawl(base: str) -> tuple[float, list[str]]:
        limiter = HostLimiter(settings.concurrency, settings.per_host, settings.delay)
        async with httpx.AsyncClient(headers={"User-Agent": settings.user_agent,
                                              "Accept": ACCEPT}, timeout=settings.timeout,
                                     event_hooks={"request": [log]}) as client:
            site = SiteCrawl(Fetcher(client, settings, limiter), base,
                             [p.name for p in PEOPLE])
            started = time.perf_counter()
            pages = await site.run()
            return time.perf_counter() - started, [p.url[len(base) - 1:] for p in pages]

    async def log(request: httpx.Request) -> None:
        requested.append(request.url.path)

    with serve_site() as base:
        wall, found = asyncio.run(crawl(base))
    return wall, requested, found


def print_discovery() -> None:
    wall, requested, found = discovery_on_demo()
    delay = GatherSettings.from_env().delay
    print(f"discovery on the demo site (delay {delay:g} s, the default politeness):")
    print(f"  wall         {wall:.2f} s  (target <= 3 s)")
    print(f"  requests     {len(requested)}: {' '.join(requested)}")
    print(f"  naming them  {len(found)}: {' '.join(found)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--latency", type=float, default=0.3)
    ap.add_argument("--per-host", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--extract", action="store_true",
                    help="also time a run with the real extraction step")
    ap.add_argument("--discovery-only", action="store_true",
                    help="only time discovery on the demo site")
    a = ap.parse_args()
    if a.discovery_only:
        print_discovery()
        return

    wall, peaks, counts = run(a.hosts, a.pages, a.latency, a.per_host, a.concurrency)
    floor = (1 + math.ceil(a.pages / a.per_host)) * a.latency
    print(f"gather: {a.hosts} hosts x {a.pages} pages, latency {a.latency * 1000:.0f} ms, "
          f"--per-host {a.per_host} --concurrency {a.concurrency} --delay 0, "
          f"fetch + store (extraction off)")
    print(f"  pages        {counts}")
    print(f"  wall         {wall:.2f} s")
    print(f"  floor        {floor:.2f} s  (1 + ceil({a.pages}/{a.per_host})) x {a.latency:g} s")
    print(f"  ratio        {wall / floor:.2f}  (target <= 1.2)")
    print(f"  peak/host    {max(peaks)}  (limit {a.per_host}; per host: {peaks})")

    if a.extract:
        locks, reads = LockTimer(), list[float]()
        full, _, counts = run(a.hosts, a.pages, a.latency, a.per_host, a.concurrency,
                              extract=True, locks=locks, reads=reads)
        print(f"  with extraction (the pure step on each {len(PAGE) // 1000} KB page): "
              f"wall {full:.2f} s, ratio {full / floor:.2f}, {counts}")
        print(f"  write lock held per page  {_spread(locks.holds)}")
        print(f"  pure step per page        {_spread(reads)}  (outside any transaction)")
        near_duplicates()

    print("memory (tracemalloc peak, 2 hosts, latency 10 ms, one 64 MB page per host "
          "cut at the 5 MB cap):")
    for m in (a.pages, a.pages * 4, a.pages * 16):
        tracemalloc.start()
        _, _, counts = run(2, m, 0.01, a.per_host, a.concurrency, huge=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  M={m:<5} peak {peak / 1e6:6.1f} MB   {counts}")
    print_discovery()


def _spread(seconds: list[float]) -> str:
    if not seconds:
        return "no pages"
    ms = sorted(s * 1000 for s in seconds)
    return (f"median {statistics.median(ms):.1f} ms, p90 {ms[int(0.9 * (len(ms) - 1))]:.1f} ms, "
            f"max {ms[-1]:.1f} ms ({len(ms)} pages)")


def _sentences() -> list[str]:
    rows = []
    for name in ("sentences_en.tsv", "sentences_es.tsv", "heldout_en.tsv", "heldout_es.tsv"):
        path = DATA / name
        if path.exists():
            rows += [r[0] for r in csv.reader(path.open(encoding="utf-8"), delimiter="\t",
                                              quoting=csv.QUOTE_NONE) if r and r[0] != "text"]
    return rows


def near_duplicates(notes: int = 1000, new: int = 50, runs: int = 5) -> None:
    """Lookup time of `new` sentences against `notes` web notes: the word index, and the scan
    of every note it replaced. Notes and sentences splice halves of the labelled sentences."""
    from prospect.store.models import Note
    from prospect.store.repo import note_key
    from prospect.store.sync import NoteIndex, near_duplicate

    rng = random.Random(12)
    words = [s.split() for s in _sentences()]

    def sentence() -> str:
        a, b = rng.choice(words), rng.choice(words)
        return " ".join(a[: len(a) // 2] + b[len(b) // 2:])

    keys = list(dict.fromkeys(note_key(sentence()) for _ in range(notes * 2)))[:notes]
    rows = [Note(prospect_id=1, text=k, text_key=k) for k in keys]
    probes = [note_key(sentence()) for _ in range(new - 10)]
    probes += [" ".join(["according", "to", "reuters", *k.split()]) for k in keys[:10]]

    def scan(key: str) -> Note | None:
        for n in rows:
            if n.text_key == key or near_duplicate(key, n.text_key):
                return n
        return None

    best_index = best_scan = float("inf")
    for _ in range(runs):
        index = NoteIndex(rows)
        t0 = time.perf_counter()
        hits = [index.find(k) for k in probes]
        best_index = min(best_index, time.perf_counter() - t0)
        t0 = time.perf_counter()
        scanned = [scan(k) for k in probes]
        best_scan = min(best_scan, time.perf_counter() - t0)
    assert [h is not None for h in hits] == [s is not None for s in scanned]
    print(f"near-duplicate lookup: {new} new sentences against {len(rows)} notes "
          f"({sum(h is not None for h in hits)} are near-duplicates), best of {runs}:")
    print(f"  word index   {best_index * 1000:.1f} ms  (target <= 50 ms)")
    print(f"  scan         {best_scan * 1000:.1f} ms  (every note compared, as before)")


if __name__ == "__main__":
    main()
