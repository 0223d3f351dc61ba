"""The team's job queue: real PostgreSQL, real worker processes, real loopback sites."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from gather_support import Reply, add
from sqlalchemy import text
from sqlmodel import Session, func, select

from prospect.store import open_db
from prospect.store.models import Note, Snapshot

ROOT = Path(__file__).resolve().parents[1]


def _pg(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the job queue lives in PostgreSQL; SQLite refreshes inline")


def _web(sites: Any, hosts: int, pages: int, latency: float) -> tuple[list[Any], Any]:
    """`hosts` sites on 127.0.0.1..127.0.0.N, each page naming whoever asks for it."""
    def body(seen: Any) -> Reply:
        who = seen.path.split("/")[1].replace("-", " ").title()
        html = (f"<html><body><article><p>{who} said: We want to open two new warehouses in "
                f"Peru next year.</p></article></body></html>")
        return Reply(200, html.encode(), {"Content-Type": "text/html; charset=utf-8"},
                     delay=latency)

    made = []
    for h in range(hosts):
        site = sites(host=f"127.0.0.{h + 1}")
        site.routes.update({f"/{who}/{i}": body for who in _PEOPLE[:pages]
                            for i in range(1)})
        made.append(site)
    return made, body


_PEOPLE = [f"person-{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(400)]


def _seed(db_url: str, sites: list[Any], people: int) -> list[int]:
    engine = open_db(db_url)
    ids = [add(engine, p.replace("-", " ").title(), [s.url(f"/{p}/0") for s in sites])
           for p in _PEOPLE[:people]]
    engine.dispose()
    return ids


def _prospect(*args: str, env: dict[str, str] | None = None,
              **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "prospect", *args], capture_output=True,
                          text=True, env=env, timeout=300, **kw)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PYTHONPATH": str(ROOT), "PROSPECT_PER_HOST": "2", "PROSPECT_DELAY": "0",
                "PROSPECT_TIMEOUT": "10"})
    return env


def _worker(db_url: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "prospect", "--db", db_url, "worker",
                             "--concurrency", "3", *extra], env=_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _statuses(db_url: str) -> dict[str, int]:
    engine = open_db(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status::text, count(*) FROM procrastinate_jobs "
                                 "WHERE task_name = 'prospect.refresh' GROUP BY 1")).all()
    engine.dispose()
    return {r[0]: r[1] for r in rows}


def _wait_done(db_url: str, total: int, timeout: float = 180) -> dict[str, int]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        st = _statuses(db_url)
        if st.get("succeeded", 0) + st.get("failed", 0) >= total:
            return st
        time.sleep(0.5)
    return _statuses(db_url)


def _check_stored_once(db_url: str, people: int, hosts: int) -> None:
    engine = open_db(db_url)
    with Session(engine) as s:
        notes = s.exec(select(Note.prospect_id, Note.text_key, func.count())
                       .group_by(Note.prospect_id, Note.text_key)).all()
        assert len(notes) == people  # one note per person, not one per page or per run
        assert all(n[2] == 1 for n in notes)
        assert s.exec(select(func.count()).select_from(Snapshot)).one() == people * hosts
    engine.dispose()


def test_sqlite_refreshes_inline_and_says_a_team_database_is_needed(cli, sites) -> None:  # type: ignore[no-untyped-def]
    if not cli.db_url.startswith("sqlite"):
        pytest.skip("the SQLite side")
    made, _ = _web(sites, 2, 3, 0.0)
    _seed(cli.db_url, made, 3)
    for args in (("refresh", "--all", "--enqueue"), ("worker",), ("schedule",), ("jobs",)):
        r = cli(*args)
        assert r.exit_code == 1 and "a team database is needed" in r.stderr, args
    r = cli("refresh", "--all", "--json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["mode"] == "inline" and len(report["refreshed"]) == 3
    assert all(o["counts"] == {"ok": 2} for o in report["refreshed"])
    r = cli("refresh", "--all", "--older-than", "1d", "--json")  # all were just gathered
    assert json.loads(r.stdout)["chosen"] == 0


def test_a_prospect_is_never_queued_twice(db_url: str, sites) -> None:  # type: ignore[no-untyped-def]
    _pg(db_url)
    made, _ = _web(sites, 1, 3, 0.0)
    _seed(db_url, made, 3)
    env = _env()
    first = _prospect("--db", db_url, "refresh", "--all", "--enqueue", "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["queued"] == 3
    again = _prospect("--db", db_url, "refresh", "--all", "--enqueue", "--json", env=env)
    assert json.loads(again.stdout)["queued"] == 0
    listed = _prospect("--db", db_url, "jobs", "--json", env=env)
    rows = json.loads(listed.stdout)
    assert len(rows) == 3 and {r["status"] for r in rows} == {"queued"}
    assert sorted(r["prospect"] for r in rows) == sorted(_PEOPLE[:3])


@pytest.mark.slow
@pytest.mark.parametrize("workers", [2, 4])
def test_workers_share_per_host_limits_and_store_each_page_once(db_url: str, sites,  # type: ignore[no-untyped-def]
                                                                workers: int) -> None:
    _pg(db_url)
    hosts, people = 8, 50
    made, _ = _web(sites, hosts, people, 0.02)
    _seed(db_url, made, people)
    r = _prospect("--db", db_url, "refresh", "--all", "--enqueue", env=_env())
    assert r.returncode == 0, r.stderr
    procs = [_worker(db_url, "--until-empty") for _ in range(workers)]
    for p in procs:
        p.wait(timeout=300)
    assert _wait_done(db_url, people).get("succeeded") == people
    assert max(s.peak for s in made) <= 2  # what the servers saw in flight, all workers
    assert all(s.count("/robots.txt") == 1 for s in made)  # asked once by the whole team
    _check_stored_once(db_url, people, hosts)
    # a second refresh asks no site for robots.txt again: the team's copy is used
    before = [s.count("/robots.txt") for s in made]
    _prospect("--db", db_url, "refresh", "--all", "--enqueue", env=_env())
    for p in [_worker(db_url, "--until-empty")]:
        p.wait(timeout=300)
    assert [s.count("/robots.txt") for s in made] == before


@pytest.mark.slow
def test_a_killed_worker_loses_nothing(db_url: str, sites) -> None:  # type: ignore[no-untyped-def]
    _pg(db_url)
    hosts, people = 4, 30
    made, _ = _web(sites, hosts, people, 0.1)
    _seed(db_url, made, people)
    assert _prospect("--db", db_url, "refresh", "--all", "--enqueue", env=_env()).returncode == 0
    victim, survivor = _worker(db_url), _worker(db_url)
    end = time.monotonic() + 60
    while _statuses(db_url).get("doing", 0) == 0 and time.monotonic() < end:
        time.sleep(0.1)
    time.sleep(0.5)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    # the killed worker's slots free with its connections at once, while a site may still be
    # sending it an answer nobody reads: count what is in flight from here on
    time.sleep(0.5)
    for s in made:
        s.peak = s.in_flight
    try:
        final = _wait_done(db_url, people, timeout=240)
    finally:
        survivor.send_signal(signal.SIGINT)
        survivor.wait(timeout=60)
    assert final.get("succeeded") == people, final
    assert max(s.peak for s in made) <= 2
    _check_stored_once(db_url, people, hosts)


def test_a_job_that_keeps_failing_stops_with_its_error_shown(db_url: str, sites) -> None:  # type: ignore[no-untyped-def]
    _pg(db_url)
    down = sites({"/ana": Reply(503, b"busy", {"Content-Type": "text/plain"})})
    _seed_one = add(open_db(db_url), "Ana Down", [down.url("/ana")])
    assert _seed_one
    env = dict(_env(), PROSPECT_JOB_TRIES="2", PROSPECT_JOB_BACKOFF="0.2")
    assert _prospect("--db", db_url, "refresh", "--all", "--enqueue", env=env).returncode == 0
    worker = subprocess.Popen([sys.executable, "-m", "prospect", "--db", db_url, "worker"],
                              env=env, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        final = _wait_done(db_url, 1, timeout=120)
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=60)
    assert final == {"failed": 1}
    rows = json.loads(_prospect("--db", db_url, "jobs", "--status", "failed", "--json",
                                env=env).stdout)
    assert len(rows) == 1 and rows[0]["prospect"] == "ana-down"
    assert rows[0]["attempts"] == 2 and "503" in rows[0]["last_error"]
    shown = _prospect("--db", db_url, "jobs", env=env).stdout
    assert "failed" in shown and "ana-down" in shown


def test_schedule_queues_the_nightly_refresh_once_a_night(db_url: str, sites) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    from datetime import datetime, timedelta

    from prospect.jobs.queue import make_app, run_schedule

    _pg(db_url)
    made, _ = _web(sites, 1, 2, 0.0)
    _seed(db_url, made, 2)
    env = _env()
    r = _prospect("--db", db_url, "schedule", "--refresh-at", "00:00", env=env)
    assert r.returncode == 0 and "Nightly refresh at 00:00" in r.stdout
    bad = _prospect("--db", db_url, "schedule", "--refresh-at", "25:00", env=env)
    assert bad.returncode == 1 and "02:00" in bad.stderr
    app = make_app(db_url)
    now = datetime.now().astimezone() + timedelta(minutes=1)

    async def tick() -> int:
        async with app.open_async():
            return await run_schedule(app, db_url, now)

    assert asyncio.run(tick()) == 2  # never gathered: both are due
    assert asyncio.run(tick()) == 0  # once a night
    assert _prospect("--db", db_url, "schedule", "--off", env=env).stdout.startswith(
        "Scheduled jobs are off")


def test_a_users_morning_pack_comes_from_the_calendar_in_their_settings(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from prospect.jobs.queue import calendar_users, morning_pack, set_calendar

    engine = open_db(f"sqlite:///{tmp_path / 'p.db'}")
    with Session(engine) as s:
        assert morning_pack(engine, "maria", "2026-12-09")["skipped"]
        set_calendar(s, "maria", str(ROOT / "tests" / "data" / "calendars" / "day.ics"),
                     packs_dir=str(tmp_path / "packs"), internal_domains=["brightline.example"])
        assert calendar_users(s) == ["maria"]
    done = morning_pack(engine, "maria", "2026-12-09")
    pack = tmp_path / "packs" / "2026-12-09" / "meetings-2026-12-09.pdf"
    assert done["meetings"] == 3 and pack.is_file()
    assert len(PdfReader(pack).pages) >= 2  # the agenda, then a brief per attendee
    engine.dispose()


@pytest.mark.slow
def test_a_worker_holds_a_bounded_number_of_connections_whatever_its_concurrency(  # type: ignore[no-untyped-def]
        db_url: str, sites) -> None:
    import psycopg

    from prospect.jobs.queue import WORKER_CONNECTIONS

    _pg(db_url)
    hosts, people = 4, 40
    made, _ = _web(sites, hosts, people, 0.05)
    _seed(db_url, made, people)
    assert _prospect("--db", db_url, "refresh", "--all", "--enqueue", env=_env()).returncode == 0
    name = db_url.rsplit("/", 1)[1]
    procs = [subprocess.Popen([sys.executable, "-m", "prospect", "--db", db_url, "worker",
                               "--concurrency", "12", "--until-empty"], env=_env(), text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    most: dict[str, int] = {}
    most_total = 0
    with psycopg.connect(db_url.replace("+psycopg", ""), autocommit=True) as conn:
        while any(p.poll() is None for p in procs):
            rows = conn.execute(
                "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid() GROUP BY 1", (name,)).fetchall()
            for app_name, n in rows:
                most[app_name] = max(most.get(app_name, 0), n)
            most_total = max(most_total, sum(n for _, n in rows))
            time.sleep(0.02)
    for p in procs:
        assert p.wait(timeout=60) == 0, p.stderr.read() if p.stderr else ""
    assert _statuses(db_url) == {"succeeded": people}
    workers = {k: v for k, v in most.items() if k.startswith("prospect-worker-")}
    assert len(workers) == 2, most  # each worker names its connections after itself
    assert max(workers.values()) <= WORKER_CONNECTIONS, most
    assert most_total <= 2 * WORKER_CONNECTIONS, most  # and holds no unnamed ones
    assert max(s.peak for s in made) <= 2
    _check_stored_once(db_url, people, hosts)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"each worker holds at most {WORKER_CONNECTIONS} postgresql connections" in \
        " ".join(readme.lower().split())  # the bound the team section documents


def test_a_failed_robots_fetch_lets_the_next_job_ask_and_the_answer_is_shared(
        db_url: str) -> None:
    import asyncio

    from prospect.gather.fetch import FetchResult
    from prospect.gather.robots import RobotsCache
    from prospect.jobs.politeness import FleetLimiter, PgRobotsStore
    from prospect.jobs.queue import require_team_db

    _pg(db_url)
    open_db(db_url).dispose()
    conninfo = require_team_db(db_url)
    asked: list[str] = []

    async def down(url: str) -> FetchResult:
        asked.append(url)
        raise RuntimeError("network down")

    async def up(url: str) -> FetchResult:
        asked.append(url)
        return FetchResult(url, "ok", 200, body=b"User-agent: *\nDisallow: /private\n")

    async def go() -> None:
        fleet = FleetLimiter(conninfo, 4, 2, 0.0)
        store = PgRobotsStore(fleet)
        with pytest.raises(RuntimeError):
            await RobotsCache(down, "prospect", store=store).rules("http://a.test/x")
        # the next job of this worker takes the lock and asks, instead of waiting forever
        rules = await asyncio.wait_for(
            RobotsCache(up, "prospect", store=store).rules("http://a.test/y"), 60)
        assert not rules.allows("http://a.test/private", "prospect")
        await fleet.aclose()
        # another machine reads the team's answer without asking the site
        other = FleetLimiter(conninfo, 4, 2, 0.0)
        rules = await RobotsCache(down, "prospect", store=PgRobotsStore(other)).rules(
            "http://a.test/z")
        assert not rules.allows("http://a.test/private", "prospect")
        await other.aclose()

    asyncio.run(go())
    assert asked == ["http://a.test/robots.txt"] * 2


def test_a_slot_is_asked_for_in_one_round_trip_and_only_one_is_taken(db_url: str) -> None:
    import asyncio

    import psycopg

    from prospect.jobs.politeness import FleetLimiter, lock_key
    from prospect.jobs.queue import require_team_db

    _pg(db_url)
    conninfo = require_team_db(db_url)

    def held(conn: Any, key: int) -> list[int]:
        """The slots of `key` that are locked, by any session."""
        return sorted(r[0] for r in conn.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 "
            "AND classid = %s",
            (key % 2**32,)).fetchall())

    async def go() -> None:
        one, two = FleetLimiter(conninfo, 4, 2, 0.0), FleetLimiter(conninfo, 4, 2, 0.0)
        key = lock_key("a.test:80")
        with psycopg.connect(conninfo, autocommit=True) as watch:
            assert await one.try_first(key, [0, 1]) == 0  # the first free one, and only it
            assert held(watch, key) == [0]
            assert await two.try_first(key, [0, 1]) == 1
            assert await two.try_first(key, [0]) is None and held(watch, key) == [0, 1]
            assert not await two.try_lock(key, 0)
            await one.unlock(key, 0, "")
            await one.aclose()
            one = FleetLimiter(conninfo, 4, 2, 0.0)  # another process: 1 is still held
            assert await one.try_first(key, [1, 0]) == 0 and held(watch, key) == [0, 1]
        await one.aclose()
        await two.aclose()

    asyncio.run(go())


def test_the_fleet_paces_a_host_by_its_crawl_delay_and_not_its_robots_fetch(
        db_url: str) -> None:
    import asyncio

    from prospect.jobs.politeness import FleetLimiter
    from prospect.jobs.queue import require_team_db

    _pg(db_url)
    open_db(db_url).dispose()
    conninfo = require_team_db(db_url)
    url = "http://127.0.0.1:9/"  # the limiter only hands out slots: nothing is fetched

    async def go() -> list[float]:
        fleet = FleetLimiter(conninfo, 4, 2, 0.1)
        fleet.at_least(url, 3.0)  # the site's Crawl-delay, longer than ours
        starts = []
        async with fleet.slot(url + "robots.txt", paced=False):
            starts.append(time.monotonic())
        for _ in range(2):
            async with fleet.slot(url):
                starts.append(time.monotonic())
        await fleet.aclose()
        return starts

    robots, *pages = asyncio.run(go())
    gaps = [b - a for a, b in zip(pages, pages[1:], strict=False)]
    assert pages[0] - robots < 1.5  # robots.txt pushed nothing back (paced: 3 s)
    assert min(gaps) >= 2.9  # the host's pace in host_pace is the Crawl-delay, not 0.1 s


def test_a_slot_goes_to_the_next_request_of_its_process_and_back_to_the_team_in_turn(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside one process a finished request hands its slot to the next one for the host
    (no round trip, no NOTIFY), at most HANDOFFS times in a row: then it goes back through
    the database, and another process's waiter gets the host."""
    import asyncio
    import contextlib

    import psycopg

    from prospect.jobs import politeness
    from prospect.jobs.politeness import CHANNEL, HANDOFFS, FleetLimiter
    from prospect.jobs.queue import require_team_db

    _pg(db_url)
    # the other process's turn, long enough that a loaded machine cannot miss it here
    monkeypatch.setattr(politeness, "TURN_FOR", 1.0)
    open_db(db_url).dispose()
    conninfo = require_team_db(db_url)
    url = "http://127.0.0.1:9/page"  # the limiter only hands out slots: nothing is fetched
    requests = 3 * (HANDOFFS + 1)

    async def go() -> tuple[list[str], int]:
        one = FleetLimiter(conninfo, 32, 1, 0.0)
        two = FleetLimiter(conninfo, 32, 1, 0.0)
        order: list[str] = []
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as ears:
            await ears.execute(f"LISTEN {CHANNEL}")

            async def fetch(fleet: FleetLimiter, who: str) -> None:
                async with fleet.slot(url):
                    order.append(who)
                    await asyncio.sleep(0.02)

            mine = [asyncio.create_task(fetch(one, "one")) for _ in range(requests)]
            while not order:
                await asyncio.sleep(0.005)
            theirs = asyncio.create_task(fetch(two, "two"))  # waits for the slot one holds
            await asyncio.gather(*mine, theirs)
            await one.aclose()
            await two.aclose()
            notes = 0
            with contextlib.suppress(TimeoutError):
                async for _ in ears.notifies(timeout=0.5):
                    notes += 1
        return order, notes

    order, notes = asyncio.run(go())
    assert order.index("two") <= HANDOFFS + 1  # one's slot went back to the team in turn
    # one NOTIFY per trip through the database, not one per request
    assert notes <= requests // (HANDOFFS + 1) + 2 < requests


def test_a_handed_on_slot_nobody_takes_is_released(db_url: str) -> None:
    import asyncio

    import psycopg

    from prospect.jobs.politeness import SPARE_FOR, FleetLimiter, lock_key
    from prospect.jobs.queue import require_team_db

    _pg(db_url)
    open_db(db_url).dispose()
    conninfo = require_team_db(db_url)
    url = "http://127.0.0.1:9/page"

    async def go() -> tuple[int | None, int | None]:
        one = FleetLimiter(conninfo, 32, 1, 0.0)
        two = FleetLimiter(conninfo, 32, 1, 0.0)
        key = lock_key("127.0.0.1:9")
        release = asyncio.Event()

        async def first() -> None:
            async with one.slot(url):
                await release.wait()

        async def second() -> None:
            async with one.slot(url):
                raise AssertionError("cancelled before it got the slot")

        a = asyncio.create_task(first())
        await asyncio.sleep(0.2)
        b = asyncio.create_task(second())  # waits behind `first` in this process
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.sleep(0)  # `first` hands its slot on to `second`...
        b.cancel()  # ...which never comes for it
        await asyncio.gather(a, b, return_exceptions=True)
        during = await two.try_first(key, [0])  # held while it waits for its taker
        await asyncio.sleep(SPARE_FOR + 0.3)
        after = await two.try_first(key, [0])
        await one.aclose()
        await two.aclose()
        return during, after

    with psycopg.connect(require_team_db(db_url)):
        during, after = asyncio.run(go())
    assert during is None and after == 0


def test_a_handed_on_slot_still_keeps_the_hosts_pace(db_url: str) -> None:
    import asyncio

    from prospect.jobs.politeness import FleetLimiter
    from prospect.jobs.queue import require_team_db

    _pg(db_url)
    open_db(db_url).dispose()
    conninfo = require_team_db(db_url)
    url = "http://127.0.0.1:9/page"

    async def go() -> list[float]:
        fleet = FleetLimiter(conninfo, 32, 1, 0.4)
        starts: list[float] = []

        async def fetch() -> None:
            async with fleet.slot(url):
                starts.append(time.monotonic())

        await asyncio.gather(*(fetch() for _ in range(4)))  # each hands its slot on
        await fleet.aclose()
        return starts

    starts = asyncio.run(go())
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.38


def test_a_process_alone_on_a_host_takes_its_slot_straight_back(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nobody else waiting for the host, giving a slot back after HANDOFFS passes
    costs no turn: the same process takes it again at once."""
    import asyncio

    from prospect.jobs import politeness
    from prospect.jobs.politeness import HANDOFFS, FleetLimiter
    from prospect.jobs.queue import require_team_db

    _pg(db_url)
    open_db(db_url).dispose()
    conninfo = require_team_db(db_url)
    monkeypatch.setattr(politeness, "TURN_FOR", 5.0)  # a turn given would show plainly

    async def go() -> tuple[float, dict[str, float]]:
        one = FleetLimiter(conninfo, 32, 1, 0.0)

        async def fetch() -> None:
            async with one.slot("http://127.0.0.1:9/page"):
                await asyncio.sleep(0.01)

        start = time.monotonic()
        await asyncio.gather(*(fetch() for _ in range(3 * (HANDOFFS + 1))))
        took, turns = time.monotonic() - start, dict(one._turn_until)
        await one.aclose()
        return took, turns

    took, turns = asyncio.run(go())
    assert turns == {} and took < 5.0
