"""Workspace benchmark: the prospects table, a prospect's page and the brief preview at scale.

    python bench/serve.py                        # 10,000 prospects, 1,000,000 notes (SQLite)
    python bench/serve.py --prospects 1000 --notes 100000 --db /tmp/serve.db --keep

Builds the database as bench/scale.py does (real schema, search triggers), marks a brief as
given for one prospect in ten, loads the example story, then times whole requests through
the app (routing, guards, queries, templates) with Starlette's TestClient: the table's first
page and a random page under every sort (either direction), a name filter, full-text searches
with and without a kind, a prospect's page. Prints p50/p95 of wall time and of this process's
CPU time per request (the server runs in it; CPU time hardly stretches on a busy machine), with
the target p95 <= 150 ms (wall), and the brief preview next to the CLI's HTML brief (a
`prospect brief REF -f html` process, and the same library call in-process): the preview's
target is the CLI's time + 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pct(ms: list[float], q: float) -> float:
    ms = sorted(ms)
    return ms[min(len(ms) - 1, int(round(q * (len(ms) - 1))))]


class Times(list[float]):
    """Wall-clock milliseconds per run, with the process CPU milliseconds beside them."""

    cpu: list[float]


def report(label: str, ms: list[float], target: float | None = None) -> None:
    p95 = pct(ms, 0.95)
    verdict = "" if target is None else ("  ok" if p95 <= target else f"  OVER {target:.0f}")
    cpu = getattr(ms, "cpu", None)
    used = (f"   cpu p50 {statistics.median(cpu):6.1f} p95 {pct(cpu, 0.95):6.1f}"
            if cpu else "")
    print(f"{label:<44} p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms{used}   "
          f"(n={len(ms)}){verdict}", flush=True)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the CLI runs in one)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(fn, repeat: int) -> Times:  # type: ignore[no-untyped-def]
    out = Times()
    out.cpu = []
    for _ in range(repeat):
        c, t = cpu_seconds(), time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
        out.cpu.append((cpu_seconds() - c) * 1000)
    return out


def add_meetings(conn: sqlite3.Connection, prospects: int) -> None:
    """A meeting in the next 60 days (or the last 30) for one prospect in four, so the next
    meeting column has work."""
    rng = random.Random(5)
    rows = [(i, f"bench-{i}", rng.randint(-30 * 24, 60 * 24), f"Call {i}")
            for i in range(1, prospects + 1, 4)]
    conn.executemany(
        "INSERT INTO meeting (id, uid, recurrence_id, start, title, created_at, updated_at) "
        "VALUES (?, ?, '', datetime('now', ? || ' hours'), ?, datetime('now'), "
        "datetime('now'))", rows)
    conn.executemany(
        "INSERT INTO meeting_attendee (meeting_id, prospect_id, email, role) "
        "VALUES (?, ?, ?, 'external')", ((i, i, f"p{i}@example.org") for i, *_ in rows))


def prepare(db: Path, prospects: int) -> None:
    """Briefs given for one prospect in ten (so "changes since" has work) and the story."""
    from sqlmodel import Session

    from prospect.store import open_db
    from prospect.store.tally import refresh_all
    from prospect.story import example_story_path, store_story

    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO brief (prospect_id, created_at, format, lang, note_ids, model, given) "
            "VALUES (?, datetime('now', '-200 days'), 'pdf', 'en', '[]', '{}', 1)",
            ((i,) for i in range(1, prospects + 1, 10)))
        add_meetings(conn, prospects)
    conn.close()
    engine = open_db(f"sqlite:///{db}")
    with Session(engine) as s:
        refresh_all(s)  # rows went in with plain SQL: work out each prospect's stored figures
        s.commit()
        store_story(s, example_story_path(), actor="bench")
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prospects", type=int, default=10_000)
    ap.add_argument("--notes", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep (and reuse) the database file")
    ap.add_argument("--repeat", type=int, default=40)
    args = ap.parse_args()

    from scale import build
    from starlette.testclient import TestClient

    from prospect.web.app import create_app

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="prospect-serve-bench-")
        args.db = Path(tmp.name) / "serve.db"
    if not args.db.exists():
        print(f"building {args.db} ({args.prospects:,} prospects, {args.notes:,} notes)")
        build(args.db, args.prospects, args.notes)
        prepare(args.db, args.prospects)
    url = f"sqlite:///{args.db}"
    app = create_app(url, host="127.0.0.1", port=8765, actor="bench")
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    rng = random.Random(11)
    n = args.prospects

    def get(path: str) -> None:
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])

    get("/")  # warm: templates compiled, connections open
    print(f"\nworkspace on {args.prospects:,} prospects, {args.notes:,} notes "
          f"({args.db.stat().st_size / 1e6:,.0f} MB SQLite)")
    report("table, first page (by name)", timed(lambda: get("/"), args.repeat), 150)
    pages = max(n // 50, 1)
    for sort in ("name", "company", "last-gathered", "last-brief", "changes", "next-meeting"):
        report(f"table by {sort}, first page", timed(lambda s=sort: get(f"/?sort={s}"),
                                                     args.repeat), 150)
        report(f"table by {sort}, a random page", timed(
            lambda s=sort: get(f"/?sort={s}&page={rng.randint(1, pages)}"
                               f"{rng.choice(['', '&desc=1'])}"), args.repeat), 150)
    report("table, filtered by name (a random page)", timed(
        lambda: get(f"/?q={rng.choice(['garcía', 'müller', 'acme', 'ana'])}&sort=changes"
                    f"&page={rng.randint(1, 3)}"), args.repeat), 150)
    report("table, searched (full text)", timed(
        lambda: get(f"/?q={rng.choice(['garcía', 'logística', 'supply chain', 'müller'])}"),
        args.repeat), 150)
    report("table, searched, a kind, by changes", timed(
        lambda: get(f"/?q={rng.choice(['logística', 'supply chain', 'warehouse'])}"
                    f"&kind={rng.choice(['goal', 'risk', 'bio'])}&sort=changes"),
        args.repeat), 150)
    report("a prospect's page", timed(lambda: get(f"/p/p-{rng.randint(1, n)}"), args.repeat),
           150)

    slug = f"p-{rng.randint(1, n)}"
    get(f"/p/{slug}/brief.html")  # warm the brief templates
    preview = timed(lambda: get(f"/p/{slug}/brief.html"), max(args.repeat // 2, 5))
    report("brief preview (HTML)", preview)

    from sqlmodel import Session

    from prospect.brief.export import make_brief
    from prospect.store import open_db

    engine = open_db(url)
    with Session(engine) as s:
        lib = timed(lambda: make_brief(s, slug, "html", actor="bench"),
                    max(args.repeat // 2, 5))
    engine.dispose()
    report("CLI's brief -f html, in-process call", lib)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])}
    cli = timed(lambda: subprocess.run(
        [sys.executable, "-m", "prospect", "--db", url, "brief", slug, "-f", "html"],
        check=True, stdout=subprocess.DEVNULL, env=env), 5)
    report("CLI's brief -f html, whole process", cli)
    budget = statistics.median(lib) + 50
    print(f"preview p95 {pct(preview, 0.95):.1f} ms against the in-process CLI call + 50 ms = "
          f"{budget:.1f} ms: {'ok' if pct(preview, 0.95) <= budget else 'OVER'}")
    client.close()
    if tmp is not None and not args.keep:
        tmp.cleanup()


if __name__ == "__main__":
    main()
