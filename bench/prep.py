"""Meeting-pack benchmark: `prospect prep` on a fresh database against a loopback site.

Runs the real command in a new process (start-up, migrations, calendar, matching, gathering,
briefs, pack) for the test calendar (tests/data/calendars/day.ics: three meetings, three
outside attendees, one of them new at a company site served on 127.0.0.1), and prints the
wall time split into gathering and the rest (target: rest < 3 s), and the CPU time the
command used (on a busy machine, wall times stretch; CPU time hardly does).

    python bench/prep.py [--runs 3] [--story] [--delay 0]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
                # every new company site is on loopback: nothing is looked up outside
                "--site", f"acme-logistica.test={site.base}/",
                "-o", str(folder / "pack"), "--json"]
        cpu_before = _children_cpu()
        started = time.perf_counter()
        done = _prospect(args, env)
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        if done.returncode != 0:
            raise SystemExit(f"prep failed ({done.returncode}): {done.stderr.strip()}")
        report = json.loads(done.stdout)
        gather = report["elapsed_s"]["gather"]
        spent = report["elapsed_s"]
        return {"wall": wall, "gather": gather, "rest": wall - gather, "pack": spent["pack"],
                "cpu": cpu, "cpu_gather": spent["gather_cpu"],
                "cpu_rest": cpu - spent["gather_cpu"], "pages": report["pages"]}


def _children_cpu() -> float:
    """CPU seconds used by finished child processes (a figure the machine's load hardly moves)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--story", action="store_true",
                    help="load a company story first (not timed); default: a fresh database")
    ap.add_argument("--delay", type=float, default=0.0,
                    help="politeness delay between two requests to one host (s)")
    opts = ap.parse_args()
    load = os.getloadavg()[0]
    site = Site(routes=norte_routes())
    site.server.handle_error = lambda *_: None  # type: ignore[method-assign]  # client hang-ups
    try:
        runs = [run_once(site, opts.story, opts.delay) for _ in range(opts.runs)]
    finally:
        site.close()
    print(f"prep, fresh database, {runs[0]['pages']:.0f}-page pack, story "
          f"{'loaded' if opts.story else 'none'}, delay {opts.delay:g} s, {opts.runs} runs")
    print(f"  load average before: {load:.1f} on {os.cpu_count()} cores")
    for key in ("wall", "gather", "rest", "pack", "cpu", "cpu_gather", "cpu_rest"):
        values = [r[key] for r in runs]
        print(f"  {key:<10} median {statistics.median(values):6.2f} s   "
              f"min {min(values):6.2f} s   max {max(values):6.2f} s")
    rest = statistics.median(r["rest"] for r in runs)
    cpu_rest = statistics.median(r["cpu_rest"] for r in runs)
    print(f"  rest (wall - gather) {rest:.2f} s, its CPU {cpu_rest:.2f} s: target < 3 s")


if __name__ == "__main__":
    main()
