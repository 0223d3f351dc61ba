"""Safety of one SQLite file under real processes: two gathers at once, and kill -9 mid-gather.

Each test runs `python -m prospect --db FILE gather ...` as a subprocess against a real HTTP
server on 127.0.0.1 started by a fixture.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import Session

from prospect.store import open_db
from prospect.store.repo import ProspectInput, add_prospect

pytestmark = pytest.mark.slow

PAGE = """<!doctype html><html lang="en"><head><title>{name} | Team</title></head><body>
<article><h1>{name}</h1><p>{name} is Head of Logistics at Olivar Freight.</p>
<p>{name} wants to cut late deliveries by 30% across Spain in {n}.</p>
<p>{name} worries about the cost of switching carriers during peak season.</p></article>
</body></html>"""


class Site:
    """A tiny public-looking site: /robots.txt, and /people/<slug>/<n> pages naming someone."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.hits = 0
        self.seen: dict[str, list[float]] = {}  # slug -> when its pages were served
        # pages of these slugs wait until every one of them has been asked for: the runs
        # then overlap for sure, however unevenly the two processes start
        self.together: dict[str, threading.Event] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                site.hits += 1
                if self.path == "/robots.txt":
                    body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
                else:
                    time.sleep(site.delay)
                    parts = self.path.strip("/").split("/")
                    name = parts[1].replace("-", " ").title() if len(parts) > 2 else "Nobody"
                    slug = parts[1] if len(parts) > 2 else ""
                    if slug in site.together:
                        site.together[slug].set()
                        for ev in site.together.values():
                            ev.wait(30)
                    site.seen.setdefault(slug, []).append(time.monotonic())
                    body = PAGE.format(name=name, n=parts[-1]).encode()
                    ctype = "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client was killed mid-page: that is the point of one test

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def urls(self, slug: str, count: int) -> list[str]:
        return [f"{self.base}/people/{slug}/{n}" for n in range(count)]


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    thread = threading.Thread(target=s.server.serve_forever, daemon=True)
    thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


def _gather_cmd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "prospect", "--db", str(db), "gather", *args,
            "--delay", "0", "--per-host", "4", "--timeout", "10", "--json"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, PROSPECT_HOME=str(tmp_path / "home"), PROSPECT_DELAY="0")
    env.pop("PROSPECT_DB", None)
    return env


def _setup(db: Path, site: Site, people: dict[str, int]) -> None:
    engine = open_db(f"sqlite:///{db}")
    with Session(engine) as s:
        for name, pages in people.items():
            slug = name.lower().replace(" ", "-")
            add_prospect(s, ProspectInput(name=name, company="Olivar Freight"),
                         urls=site.urls(slug, pages))
    engine.dispose()


def _sql(db: Path, query: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def _snapshots_per_prospect(db: Path) -> dict[str, int]:
    return dict(_sql(db, "SELECT p.slug, count(DISTINCT sn.source_id) FROM prospect p "
                         "JOIN source s ON s.prospect_id = p.id "
                         "JOIN snapshot sn ON sn.source_id = s.id GROUP BY p.slug"))


def test_two_processes_gather_different_prospects_at_once(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "team.db"
    _setup(db, site, {"Ines Pena": 12, "Bob Muller": 12})
    site.delay = 0.1
    site.together = {"ines-pena": threading.Event(), "bob-muller": threading.Event()}
    env = _env(tmp_path)
    procs = [subprocess.Popen(_gather_cmd(db, slug), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for slug in ("ines-pena", "bob-muller")]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, f"exit {p.returncode}\nout: {out[-2000:]}\nerr: {err[-2000:]}"
        assert "database is locked" not in out + err
    assert _snapshots_per_prospect(db) == {"ines-pena": 12, "bob-muller": 12}
    a, b = site.seen["ines-pena"], site.seen["bob-muller"]
    assert min(a) < max(b) and min(b) < max(a), "the two gathers did not run at the same time"
    assert _sql(db, "PRAGMA integrity_check") == [("ok",)]
    assert _sql(db, "PRAGMA journal_mode") == [("wal",)]


def test_kill_9_mid_gather_leaves_a_sound_database(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "crash.db"
    _setup(db, site, {"Ines Pena": 24})
    site.delay = 0.4
    env = _env(tmp_path)
    proc = subprocess.Popen(_gather_cmd(db, "ines-pena", "--concurrency", "2"), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = _sql(db, "SELECT count(*) FROM snapshot")[0][0]
        if stored >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the gather ended before it could be killed"
    proc.kill()  # SIGKILL: no cleanup, no rollback, no atexit
    proc.wait(timeout=10)
    assert proc.returncode == -9
    assert 2 <= stored < 24
    assert _sql(db, "PRAGMA integrity_check") == [("ok",)]
    assert _sql(db, "PRAGMA foreign_key_check") == []

    site.delay = 0.0
    done = subprocess.run(_gather_cmd(db, "ines-pena"), env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _snapshots_per_prospect(db) == {"ines-pena": 24}
    assert _sql(db, "PRAGMA integrity_check") == [("ok",)]
