"""Import benchmark: rows per second of `prospect import` on generated CRM exports.

    python bench/importer.py                    # 10,000 and 100,000 rows, SQLite (+ PostgreSQL)
    python bench/importer.py --rows 20000 --no-pg

For each size, writes a HubSpot-like CSV (name, e-mail, company, title, phone, owner, stage,
LinkedIn URL, a note), imports it into a fresh database through the library (`plan_import` +
`apply_import`, as the command does), then imports it again with every title changed (the
update path). Prints rows/s by the wall clock, rows per CPU-second of this process (the
figure to read on a shared, busy machine; on PostgreSQL the server's own CPU is not in it)
and the SQL statements per row. PostgreSQL is used when it answers at 127.0.0.1:5432 (a
scratch database is created and dropped).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FIRST = ["Ana", "Luis", "Marta", "Jorge", "Lucía", "Pablo", "Inés", "Zoë", "Chloé", "Bob",
         "Jürgen", "Aisha", "Wei", "Olga", "Nuño", "Carmen", "Óscar", "Raúl", "Sofía", "Tomás"]
LAST = ["García", "Pérez", "Müller", "Núñez", "Rojas", "Smith", "Quintanilla", "Dubois",
        "Ferreira", "Gómez", "Ibáñez", "Schmidt", "Rossi", "Kowalski", "Álvarez"]
COMPANIES = ["Olivar", "Brightline", "Nordwind", "Acme", "Transportes Côte", "Logística Sur"]
STAGES = ["lead", "marketingqualifiedlead", "opportunity", "customer"]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def write_csv(path: Path, rows: int, title: str, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["First Name", "Last Name", "Email", "Company Name", "Job Title",
                    "Phone Number", "Contact owner", "Lifecycle Stage", "LinkedIn URL", "Notes"])
        for i in range(rows):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)} {i}"
            w.writerow([first, last, f"p{i}@example.com", rng.choice(COMPANIES),
                        f"{title} {i % 97}", f"+34 600 {i:06d}", rng.choice(["maria", "joe"]),
                        rng.choice(STAGES), f"https://www.linkedin.com/in/p{i}",
                        f"Met at the fair, table {i % 50}"])


def run(url: str, path: Path, rows: int) -> tuple[float, float, float]:
    from sqlalchemy import event
    from sqlmodel import Session

    from prospect.store import open_db
    from prospect.upkeep.importer import apply_import, plan_import

    engine = open_db(url)
    count = [0]
    event.listen(engine, "before_cursor_execute", lambda *a: count.__setitem__(0, count[0] + 1))
    start, cpu = time.perf_counter(), time.process_time()
    with Session(engine) as s:
        apply_import(s, plan_import(s, path), actor="bench")
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    return rows / took, rows / cpu, count[0] / rows


def pg_url() -> tuple[str, str] | None:
    try:
        import psycopg

        name = f"bench_import_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL: say so and go on
        print(f"PostgreSQL skipped: {type(exc).__name__}: {exc}")
        return None


def drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = ap.parse_args()
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load average",
          " ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"{'backend':<11}{'rows':>8} | {'new: rows/s':>11} {'rows/cpu-s':>10} {'stmts/row':>9}"
          f" | {'update: rows/s':>14} {'rows/cpu-s':>10} {'stmts/row':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            first, second = Path(tmp, f"new-{rows}.csv"), Path(tmp, f"upd-{rows}.csv")
            write_csv(first, rows, "Head of Ops")
            write_csv(second, rows, "Director of Ops")
            targets: list[tuple[str, str, str | None]] = [
                ("sqlite", f"sqlite:///{Path(tmp, f'bench-{rows}.db')}", None)]
            pg = None if args.no_pg else pg_url()
            if pg:
                targets.append(("postgresql", pg[1], pg[0]))
            for backend, url, pg_name in targets:
                try:
                    new = run(url, first, rows)
                    upd = run(url, second, rows)
                finally:
                    if pg_name:
                        drop_pg(pg_name)
                print(f"{backend:<11}{rows:>8} | {new[0]:>11,.0f} {new[1]:>10,.0f} {new[2]:>9.3f}"
                      f" | {upd[0]:>14,.0f} {upd[1]:>10,.0f} {upd[2]:>9.3f}", flush=True)


if __name__ == "__main__":
    main()
