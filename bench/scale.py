"""Scale benchmark: fill a SQLite file with many prospects and notes, then time search and show.

    python bench/scale.py                       # 10,000 prospects, 1,000,000 notes
    python bench/scale.py --prospects 1000 --notes 100000 --db /tmp/scale.db --keep

Rows go in through the real schema (migrations, search triggers included) with executemany in
big transactions. Prints build time, file size, and median / p95 latency of the library's
`search` and of `show` (`prospect_dict`), which the CLI commands call.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

FIRST = ["Ana", "Luis", "Marta", "Jorge", "Lucía", "Pablo", "Inés", "Zoë", "Chloé", "Bob",
         "Jürgen", "Aisha", "Wei", "Olga", "Nuño", "Carmen", "Óscar", "Raúl", "Sofía", "Tomás"]
LAST = ["García", "Pérez", "Müller", "Núñez", "Rojas", "Smith", "Quintanilla", "Dubois",
        "Ferreira", "Lòpez", "Gómez", "Ibáñez", "Schmidt", "Rossi", "Kowalski", "Álvarez"]
COMPANIES = ["Olivar", "Brightline", "Nordwind", "Acme", "Transportes Côte", "Logística Sur"]
KINDS = ["bio", "goal", "risk", "interest", "achievement", "quote", "event", "other"]
COMMON = ("the we our to and of in for a is with on supply chain delivery logistics cost team "
          "growth risk plan year customers la de el en los cadena suministro entrega logística "
          "costes equipo crecimiento clientes").split()
QUERIES = ["garcía", "GARCIA", "quintanilla", "logística", "supply chain", "cadena suministro",
           "warehouse automation", "zyxt0042", "zyxt0999 zyxt0042", "müller"]


def rare_words(rng: random.Random, n: int) -> list[str]:
    # a long tail of distinct words, like real vocabulary: most appear in few notes
    return [f"zyxt{i:04d}" for i in range(n)] + [
        "".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiou") for _ in range(4))
        for _ in range(n)]


def sentence(rng: random.Random, tail: list[str]) -> str:
    words = [rng.choice(COMMON) if rng.random() < 0.6 else rng.choice(tail)
             for _ in range(rng.randint(10, 22))]
    if rng.random() < 0.01:
        words += ["warehouse", "automation"]
    return " ".join(words).capitalize() + "."


def build(db: Path, prospects: int, notes: int, seed: int = 7) -> None:
    from prospect.store import open_db

    open_db(f"sqlite:///{db}").dispose()  # the real schema, search index and triggers
    rng = random.Random(seed)
    tail = rare_words(rng, 5000)
    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = now.isoformat(sep=" ")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous=OFF")  # a benchmark file: speed over durability
    t0 = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO prospect (id, slug, name, company, title, lang, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((i, f"p-{i}", f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}", rng.choice(COMPANIES),
              "Head of Logistics", rng.choice(["en", "es"]), stamp, stamp)
             for i in range(1, prospects + 1)))
        conn.executemany(
            "INSERT INTO source (id, prospect_id, url, origin, status, created_at) "
            "VALUES (?, ?, ?, 'user', 'ok', ?)",
            ((i, i, f"https://example.org/people/{i}", stamp) for i in range(1, prospects + 1)))
        conn.executemany(
            "INSERT INTO fact (prospect_id, source_id, field, value, seen_at, last_seen_at) "
            "VALUES (?, ?, 'job_title', ?, ?, ?)",
            ((i, i, rng.choice(["Directora de Logística", "COO", "VP Supply Chain"]), stamp,
              stamp) for i in range(1, prospects + 1)))
    print(f"  {prospects:,} prospects, sources, facts in {time.perf_counter() - t0:.1f} s",
          flush=True)
    batch = 100_000
    done = 0
    while done < notes:
        n = min(batch, notes - done)
        rows = []
        for _ in range(n):
            pid = rng.randint(1, prospects)
            seen = (now - timedelta(days=rng.randint(0, 700))).isoformat(sep=" ")
            text = sentence(rng, tail)
            rows.append((pid, pid, "web", rng.choice(KINDS), text, text.lower()[:500], "en",
                         seen, seen, seen))
        with conn:
            conn.executemany(
                "INSERT INTO note (prospect_id, source_id, origin, kind, text, text_key, lang, "
                "first_seen_at, last_seen_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        done += n
        rate = done / (time.perf_counter() - t0)
        print(f"  {done:,} / {notes:,} notes ({rate:,.0f} rows/s)", flush=True)
    with conn:
        conn.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    print(f"built in {time.perf_counter() - t0:.1f} s; file {db.stat().st_size / 1e6:,.0f} MB",
          flush=True)


def timings(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(label: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"{label:<32} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   "
          f"(n={len(ms)})")


def measure(db: Path, repeat: int) -> None:
    from sqlmodel import Session

    from prospect.store import open_db
    from prospect.store.repo import get_prospect, prospect_dict
    from prospect.upkeep.search import search

    engine = open_db(f"sqlite:///{db}")
    rng = random.Random(1)
    with Session(engine) as s:
        prospects = s.connection().exec_driver_sql("SELECT max(id) FROM prospect").scalar()
        search(s, "warm up")
        all_search: list[float] = []
        for q in QUERIES:
            ms = timings(lambda q=q: search(s, q), repeat)
            hits = len(search(s, q))
            report(f"search {q!r} ({hits} hits)", ms)
            all_search += ms
        report("search, all queries", all_search)
        report("search --kind goal 'supply chain'",
               timings(lambda: search(s, "supply chain", kind="goal"), repeat))
        refs = [str(rng.randint(1, prospects)) for _ in range(repeat * 3)]
        show = timings(lambda: prospect_dict(s, get_prospect(s, refs.pop())), repeat * 3)
        report("show (prospect_dict)", show)
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prospects", type=int, default=10_000)
    ap.add_argument("--notes", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="SQLite file (default: a temporary file)")
    ap.add_argument("--keep", action="store_true", help="keep the database file afterwards")
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per query")
    ap.add_argument("--reuse", action="store_true", help="time an existing --db, do not build")
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="prospect-scale-")) / "scale.db"
    if not args.reuse:
        if db.exists():
            sys.exit(f"{db} exists; remove it or pass --reuse")
        print(f"building {db}: {args.prospects:,} prospects, {args.notes:,} notes", flush=True)
        build(db, args.prospects, args.notes)
    measure(db, args.repeat)
    if not args.keep and not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
