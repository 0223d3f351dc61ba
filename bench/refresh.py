"""Team refresh benchmark: 1, 2 and 4 worker processes on the real PostgreSQL queue.

Sites: N hosts on 127.0.0.1..127.0.0.N (a child process), each answering after latency L.
Prospects: P, each with one page on every host (so N x P pages, P per host). Workers start
first and warm up (the bench waits until each listens for jobs); the clock runs from the
moment the jobs start being queued to the moment the last one is done. Prints the wall
time, the politeness floor (1 + ceil(P / per_host)) x L (one round for robots.txt, then
P / per_host rounds per host: more workers must reach it, never beat it), their ratio, the
most requests any host saw in flight (must stay <= per_host), the most connections one
worker held (sampled from pg_stat_activity) and the load average before the run, and where
the CPU went (Linux): the workers', PostgreSQL's, everything else's; then the time to
queue 10,000 jobs.

    python bench/refresh.py [--hosts 8] [--pages 50] [--latency 0.1] [--workers 1 2 4]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import subprocess
import sys
import time
import uuid
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from gather_support import Reply, Site  # noqa: E402

ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def _serve(conn: Connection, hosts: int, people: int, latency: float) -> None:
    sites = []
    for h in range(hosts):
        site = Site(f"127.0.0.{h + 1}")
        site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nAllow: /\n",
                                           {"Content-Type": "text/plain"}, delay=latency)
        for i in range(people):
            html = (f"<html><body><p>Person {i} said: We want to grow in Peru.</p>"
                    f"</body></html>").encode()
            site.routes[f"/p{i}"] = Reply(200, html, {"Content-Type": "text/html"},
                                          delay=latency)
        sites.append(site)
    conn.send([s.base for s in sites])
    conn.recv()
    conn.send([s.peak for s in sites])
    for s in sites:
        s.close()


def _database() -> tuple[str, str]:
    import psycopg

    name = f"prospect_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed(url: str, bases: list[str], people: int) -> list[int]:
    from sqlmodel import Session

    from prospect.store import open_db
    from prospect.store.repo import ProspectInput, add_prospect

    engine = open_db(url)
    with Session(engine) as s:
        ids = [add_prospect(s, ProspectInput(name=f"Person {i}"),
                            urls=[f"{b}/p{i}" for b in bases], actor="bench").id
               for i in range(people)]
    engine.dispose()
    return ids  # type: ignore[return-value]


def _done(c: Any) -> int:
    row = c.execute("SELECT count(*) FROM procrastinate_jobs WHERE status IN "
                    "('succeeded', 'failed') AND task_name = 'prospect.refresh'").fetchone()
    return int(row[0]) if row else 0


def _connections(c: Any, name: str) -> dict[str, int]:
    """The connections each worker holds now (named by application_name)."""
    rows = c.execute("SELECT application_name, count(*) FROM pg_stat_activity WHERE "
                     "datname = %s AND application_name LIKE 'prospect-worker-%%' "
                     "GROUP BY 1", (name,)).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def _ticks(pids: list[int]) -> tuple[float, float, float, float]:
    """CPU seconds so far (Linux /proc): the machine's busy and total, the given processes',
    and PostgreSQL's (every process named postgres); zeros elsewhere."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        with open("/proc/stat") as f:
            cpu = [int(x) for x in f.readline().split()[1:]]
        mine = pg = 0
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as f:
                    raw = f.read()
            except OSError:
                continue
            used = sum(int(x) for x in raw.rsplit(")", 1)[1].split()[11:13])
            if int(d) in pids:
                mine += used
            elif raw[raw.index("(") + 1:raw.rindex(")")] == "postgres":
                pg += used
    except (OSError, ValueError):
        return 0.0, 0.0, 0.0, 0.0
    idle = cpu[3] + cpu[4]
    return (sum(cpu) - idle) / tick, sum(cpu) / tick, mine / tick, pg / tick


def _listening(c: Any, name: str) -> int:
    """Workers ready for jobs: warmed up, each with its queue LISTEN connection open."""
    row = c.execute("SELECT count(DISTINCT application_name) FROM pg_stat_activity WHERE "
                    "datname = %s AND application_name LIKE 'prospect-worker-%%' "
                    "AND query LIKE 'LISTEN %%'", (name,)).fetchone()
    return int(row[0]) if row else 0


def run(workers: int, hosts: int, people: int, latency: float, per_host: int,
        concurrency: int) -> tuple[float, list[int], int, list[float]]:
    import psycopg

    from prospect.jobs.queue import enqueue_refresh

    ours, theirs = mp.Pipe()
    server = mp.Process(target=_serve, args=(theirs, hosts, people, latency), daemon=True)
    server.start()
    bases = ours.recv()
    name, url = _database()
    procs: list[subprocess.Popen[bytes]] = []
    try:
        ids = _seed(url, bases, people)
        env = dict(os.environ, PYTHONPATH=str(ROOT), PROSPECT_PER_HOST=str(per_host),
                   PROSPECT_DELAY="0", PROSPECT_TIMEOUT="60")
        procs = [subprocess.Popen([sys.executable, "-m", "prospect", "--db", url, "worker",
                                   "--concurrency", str(concurrency)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(workers)]
        conns = 0
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as c:
            end = time.monotonic() + 120
            while _listening(c, name) < workers and time.monotonic() < end:
                time.sleep(0.1)  # workers warmed up and listening before the clock starts
            time.sleep(0.5)
            before = _ticks([p.pid for p in procs])
            started = time.perf_counter()
            enqueue_refresh(url, ids)
            while _done(c) < people:
                conns = max([conns, *_connections(c, name).values()])
                time.sleep(0.05)
            wall = time.perf_counter() - started
            cpu = [b - a for a, b in zip(before, _ticks([p.pid for p in procs]), strict=True)]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)
        _drop(name)
    ours.send("stop")
    peaks = ours.recv()
    server.join(5)
    return wall, peaks, conns, cpu


def enqueue_many(n: int) -> float:
    import psycopg

    from prospect.jobs.queue import enqueue_refresh
    from prospect.store import open_db

    name, url = _database()
    try:
        open_db(url).dispose()
        with psycopg.connect(url.replace("+psycopg", "")) as c:
            c.execute("INSERT INTO prospect (slug, name, lang, created_at, updated_at) "
                      "SELECT 'p-' || g, 'P ' || g, 'en', now(), now() "
                      "FROM generate_series(1, %s) g", (n,))
            ids = [r[0] for r in c.execute("SELECT id FROM prospect ORDER BY id").fetchall()]
        started = time.perf_counter()
        queued = enqueue_refresh(url, ids)
        took = time.perf_counter() - started
        assert queued == n, queued
        return took
    finally:
        _drop(name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--pages", type=int, default=50, help="pages per host (= prospects)")
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--per-host", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=8, help="jobs per worker")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--enqueue", type=int, default=10_000)
    a = ap.parse_args()
    from prospect.jobs.queue import WORKER_CONNECTIONS
    floor = (1 + math.ceil(a.pages / a.per_host)) * a.latency
    print(f"refresh: {a.hosts} hosts x {a.pages} pages, latency {a.latency * 1000:.0f} ms, "
          f"per-host {a.per_host}, {a.concurrency} jobs per worker, real PostgreSQL queue")
    print(f"  floor        {floor:.2f} s  (1 + ceil({a.pages}/{a.per_host})) x {a.latency:g} s")
    for w in a.workers:
        load = os.getloadavg()[0]
        wall, peaks, conns, cpu = run(w, a.hosts, a.pages, a.latency, a.per_host,
                                      a.concurrency)
        print(f"  {w} worker(s)  wall {wall:6.2f} s  ratio {wall / floor:5.2f}  "
              f"peak/host {max(peaks)} (limit {a.per_host})  "
              f"connections/worker <= {conns} (bound {WORKER_CONNECTIONS})  "
              f"load before {load:.2f}")
        if cpu[1]:
            pages = a.hosts * a.pages
            print(f"      cpu: machine busy {cpu[0]:.1f} of {cpu[1]:.1f} core-s, workers "
                  f"{cpu[2]:.1f} ({cpu[2] / pages * 1000:.1f} ms a page), postgres "
                  f"{cpu[3]:.1f}, everything else {cpu[0] - cpu[2] - cpu[3]:.1f}")
    if a.enqueue:
        print(f"  queue {a.enqueue:,} jobs: {enqueue_many(a.enqueue):.2f} s (target <= 5 s)")


if __name__ == "__main__":
    main()
