"""Meeting-pack benchmark: `prospect prep` on a fresh database against a loopback site.

Runs the real command in a new process (start-up, migrations, calendar, matching, gathering,
briefs, pack) for the test calendar (tests/data/calendars/day.ics: three meetings, three
outside attendees, one of them new at a company site served on 127.0.0.1), and prints the
wall time split into gathering and the rest (target: rest < 3 s).

    python bench/prep.py [--runs 3] [--story] [--delay 0]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from gather_support import Site  # noqa: E402
from meetings_support import DAY, DAY_ICS, STORY, TZ, norte_routes, site_option  # noqa: E402


def _prospect(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "prospect", *args], env=env, text=True,
                          capture_output=True, check=False)


def run_once(site: Site, story: bool, delay: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PROSPECT_HOME": str(folder / "home"),
               "PROSPECT_DELAY": str(delay)}
        db = ["--db", str(folder / "prospect.db")]
        if story:
            (folder / "story.toml").write_text(STORY, encoding="utf-8")
            _prospect([*db, "story", "load", str(folder / "story.toml")], env)
        args = [*db, "prep", "--calendar", str(DAY_ICS), "--day", DAY, "--tz", TZ,
                "--internal-domain", "brightline.test", "--site", site_option(site),
                "-o", str(folder / "pack"), "--json"]
        started = time.perf_counter()
        done = _prospect(args, env)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"prep failed ({done.returncode}): {done.stderr.strip()}")
        report = json.loads(done.stdout)
        gather = report["elapsed_s"]["gather"]
        return {"wall": wall, "gather": gather, "rest": wall - gather,
                "pack": report["elapsed_s"]["pack"], "pages": report["pages"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--story", action="store_true",
                    help="load a company story first (not timed); default: a fresh database")
    ap.add_argument("--delay", type=float, default=0.0,
                    help="politeness delay between two requests to one host (s)")
    opts = ap.parse_args()
    site = Site(routes=norte_routes())
    try:
        runs = [run_once(site, opts.story, opts.delay) for _ in range(opts.runs)]
    finally:
        site.close()
    print(f"prep, fresh database, {runs[0]['pages']:.0f}-page pack, story "
          f"{'loaded' if opts.story else 'none'}, delay {opts.delay:g} s, {opts.runs} runs")
    for key in ("wall", "gather", "rest", "pack"):
        values = [r[key] for r in runs]
        print(f"  {key:<7} median {statistics.median(values):6.2f} s   "
              f"min {min(values):6.2f} s   max {max(values):6.2f} s")
    rest = statistics.median(r["rest"] for r in runs)
    print(f"  rest (wall - gather) {rest:.2f} s: {'within' if rest < 3 else 'OVER'} the 3 s target")


if __name__ == "__main__":
    main()
