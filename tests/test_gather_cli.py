"""`prospect gather`: exit codes, the summary, --json, and a run killed mid-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from gather_support import Reply, add, fast_settings, page


def test_gather_json_summary_and_exit_0_with_failures(cli, sites):
    site = sites({"/ok": page("<p>Ana</p>"), "/gone": page("no", status=410)})
    assert cli("add", "Ana Pérez", "--url", site.url("/ok"), "--url", site.url("/gone")
               ).exit_code == 0
    res = cli("gather", "ana-perez", "--delay", "0", "--timeout", "2", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["counts"] == {"error": 1, "ok": 1} and data["total"] == 2
    gone = next(r for r in data["results"] if r["url"].endswith("/gone"))
    assert (gone["status"], gone["http_status"], gone["prospect"]) == ("error", 410, "ana-perez")
    assert data["new_snapshots"] == 1

    shown = cli("source", "list", "ana-perez", "--json")
    statuses = {s["url"].rsplit("/", 1)[1]: s["status"] for s in json.loads(shown.stdout)}
    assert statuses == {"ok": "ok", "gone": "error"}


def test_gather_prints_a_summary_table(cli, sites):
    site = sites({"/a": page("<p>a</p>"), "/b": Reply(200, b"x", {"Content-Type": "image/png"})})
    cli("add", "Bo Li", "--url", site.url("/a"), "--url", site.url("/b"))
    res = cli("gather", "--all", "--delay", "0")
    assert res.exit_code == 0, res.output
    assert "Gather summary" in res.stdout
    assert "unsupported content type: image/png" in res.stdout
    assert "2 pages in" in res.stdout and "1 new versions stored" in res.stdout


@pytest.mark.parametrize("args,message", [
    ((), "Error: name the prospects to gather (id or slug), or use --all\n"),
    (("nobody",), "Error: no prospect with id, slug or name 'nobody' (see 'prospect list')\n"),
    (("--all",), "Error: there are no prospects yet: add one with 'prospect add NAME'\n"),
    (("--all", "x"), "Error: name prospects or use --all, not both\n"),
])
def test_gather_user_errors_exit_1(cli, args, message):
    res = cli("gather", *args)
    assert res.exit_code == 1 and res.stderr == message


def test_gather_with_nothing_to_attempt_exits_1(cli):
    cli("add", "Cy Nobody")
    res = cli("gather", "cy-nobody")
    assert res.exit_code == 1
    assert res.stderr.startswith("Error: nothing to gather for cy-nobody: no pages yet")
    assert cli("gather", "cy-nobody", "--per-host", "0").stderr == (
        "Error: per-host limit must be at least 1, got 0\n")


def test_progress_events_count_up_to_the_total(sqlite_url, sites):
    from prospect.gather import gather
    from prospect.store import open_db

    engine = open_db(sqlite_url)
    site = sites({f"/p{i}": page("<p>x</p>") for i in range(3)})
    site.routes["/bad"] = page("no", status=404)
    pid = add(engine, "Di Ko", [site.url(f"/p{i}") for i in range(3)] + [site.url("/bad")])
    events = []
    gather(engine, [pid], fast_settings(), on_progress=events.append)
    engine.dispose()
    assert [e.done for e in events] == [0, 1, 2, 3, 4]
    assert {e.total for e in events} == {4} and events[-1].errors == 1


def test_killed_run_loses_only_pages_in_flight_and_next_run_completes(sqlite_url, sites,
                                                                      tmp_path):
    from prospect.gather import gather
    from prospect.store import open_db

    hang = {"on": True}

    def slow(_):
        return page("<p>slow</p>", ) if not hang["on"] else Reply(
            200, b"<p>slow</p>", {"Content-Type": "text/html"}, delay=30)

    site = sites({f"/fast{i}": page(f"<p>{i}</p>") for i in range(6)})
    site.routes["/slow"] = slow
    engine = open_db(sqlite_url)
    pid = add(engine, "Ed Kill", [site.url(f"/fast{i}") for i in range(6)] + [site.url("/slow")])
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    proc = subprocess.Popen([sys.executable, "-m", "prospect", "--db", sqlite_url, "gather",
                             "ed-kill", "--delay", "0", "--timeout", "60"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and site.count("/slow") == 0:
            time.sleep(0.05)
        # wait until the fast pages are committed, then kill while /slow is in flight
        from gather_support import sources

        while time.monotonic() < deadline and sum(
                s.status == "ok" for s in sources(engine, pid).values()) < 6:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    before = sources(engine, pid)
    assert sum(s.status == "ok" for s in before.values()) == 6
    assert before[site.url("/slow")].status == "new"  # the page in flight is the only loss

    hang["on"] = False
    report = gather(engine, [pid], fast_settings())
    after = sources(engine, pid)
    engine.dispose()
    assert {s.status for s in after.values()} == {"ok"}
    assert sum(r.new_snapshot for r in report.results) == 1  # only /slow was new


def test_two_runs_on_one_sqlite_file_at_once(sqlite_url, sites):
    import threading

    from prospect.gather import gather
    from prospect.store import open_db

    site = sites({f"/p{i}": page(f"<p>Page {i} about Fay Orr and Gil Poe.</p>")
                  for i in range(12)})
    setup = open_db(sqlite_url)
    ids = [add(setup, name, [site.url(f"/p{i}") for i in range(12)])
           for name in ("Fay Orr", "Gil Poe")]
    reports, errors = {}, []

    def one(pid):
        engine = open_db(sqlite_url)  # a separate engine, as a second process would have
        try:
            reports[pid] = gather(engine, [pid], fast_settings())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=one, args=(pid,)) for pid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert [reports[pid].counts() for pid in ids] == [{"ok": 12}, {"ok": 12}]
    from gather_support import snapshots

    assert len(snapshots(setup)) == 24
    setup.dispose()
