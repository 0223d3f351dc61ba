"""Gather benchmark: N hosts x M pages with injected latency L, all on loopback.

Prints the wall time, the politeness floor (1 + ceil(M / per_host)) x L (one round for
robots.txt, then M / per_host rounds of pages), their ratio, the peak in-flight requests per
host (server side), and the peak Python memory as M grows (tracemalloc), including one
64 MB page cut at the 5 MB cap. Then discovery on the bundled demo site (`prospect demo`'s
sample company, 5 pages and a sitemap) at the default politeness delay: its wall time (target
<= 3 s) and the requests it made.

    python bench/gather.py [--hosts 8] [--pages 20] [--latency 0.3] [--per-host 2] [--extract]
    python bench/gather.py --discovery-only
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import sys
import tempfile
import time
import tracemalloc
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from gather_support import Reply, Site, stream_bytes  # noqa: E402

from prospect.config import GatherSettings  # noqa: E402
from prospect.gather import gather  # noqa: E402
from prospect.store import open_db  # noqa: E402
from prospect.store.repo import ProspectInput, add_prospect  # noqa: E402

PAGE = ("<html><body><h1>Ana García Rojas</h1>" + "<p>Lorem ipsum dolor sit amet.</p>" * 600
        + "</body></html>").encode()  # ~20 KB, like a small real page


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
        huge: bool = False, extract: bool = False) -> tuple[float, list[int], dict[str, int]]:
    """One gather run into a fresh SQLite file; (wall seconds, server peaks, counts)."""
    from sqlmodel import Session

    from prospect.store import sync

    real = getattr(sync.apply_page, "__wrapped_real__", sync.apply_page)
    if extract:
        sync.apply_page = real
    else:
        # fetching alone: the extraction step is CPU work measured by its own bench
        def no_extract(*args: object, **kwargs: object) -> object:
            return sync.SyncResult()

        no_extract.__wrapped_real__ = real  # type: ignore[attr-defined]
        sync.apply_page = no_extract

    ours, theirs = mp.Pipe()
    server = mp.Process(target=_serve, args=(theirs, hosts, pages, latency, huge), daemon=True)
    server.start()
    bases = ours.recv()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_db(f"sqlite:///{tmp}/bench.db")
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
                             [p["name"] for p in PEOPLE])
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
        full, _, counts = run(a.hosts, a.pages, a.latency, a.per_host, a.concurrency,
                              extract=True)
        print(f"  with extraction (apply_page on each {len(PAGE) // 1000} KB page): "
              f"wall {full:.2f} s, ratio {full / floor:.2f}, {counts}")

    print("memory (tracemalloc peak, 2 hosts, latency 10 ms, one 64 MB page per host "
          "cut at the 5 MB cap):")
    for m in (a.pages, a.pages * 4, a.pages * 16):
        tracemalloc.start()
        _, _, counts = run(2, m, 0.01, a.per_host, a.concurrency, huge=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  M={m:<5} peak {peak / 1e6:6.1f} MB   {counts}")
    print_discovery()


if __name__ == "__main__":
    main()
