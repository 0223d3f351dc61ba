"""Run every fuzz target of tools/fuzz/ for a bounded time and print executions and findings.

    python bench/fuzz.py [--seconds 60] [--random] [TARGET ...]

Each target runs in its own process (tools/fuzz/run.py) with its seeds copied into a fresh
corpus folder: coverage-guided with atheris when it is installed, else (or with --random)
random mutations of the seeds. A finding is an input that made the target raise anything but
a ProspectError; it is kept under the printed folder as crash-<sha1>, with the exception's
last line shown here. Not part of CI: fuzzing is open-ended, this only bounds it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "fuzz"))

from targets import TARGETS, seed_inputs  # noqa: E402

DONE = re.compile(r"Done (\d+) runs in (\d+) second")


def _mode(force_random: bool) -> str:
    if force_random:
        return "random"
    try:
        import atheris  # noqa: F401
    except ImportError:
        return "random (atheris missing)"
    return "atheris"


def run_target(name: str, seconds: int, out: Path, force_random: bool) -> dict[str, object]:
    corpus, artifacts = out / name / "corpus", out / name / "findings"
    corpus.mkdir(parents=True)
    artifacts.mkdir(parents=True)
    for i, seed in enumerate(seed_inputs(TARGETS[name])):
        (corpus / f"seed-{i}").write_bytes(seed)
    cmd = [sys.executable, str(ROOT / "tools" / "fuzz" / "run.py"), name,
           f"-max_total_time={seconds}", f"-artifact_prefix={artifacts}/", "-timeout=20",
           "-rss_limit_mb=4096", str(corpus)]
    if force_random:
        cmd.append("--random")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120,
                              cwd=out)
        log = proc.stderr + proc.stdout
    except subprocess.TimeoutExpired as exc:
        log = (exc.stderr or b"").decode("utf-8", "replace") if isinstance(exc.stderr, bytes) \
            else str(exc.stderr or "")
    (out / name / "log.txt").write_text(log, encoding="utf-8")
    done = DONE.findall(log)
    runs = int(done[-1][0]) if done else _last_count(log)
    findings = sorted(artifacts.glob("*"))
    return {"target": name, "runs": runs, "per_s": runs / max(seconds, 1),
            "findings": len(findings), "why": _why(log) if findings else "",
            "corpus": len(list(corpus.glob("*")))}


def _last_count(log: str) -> int:
    counts = re.findall(r"^#(\d+)\s", log, flags=re.MULTILINE)
    return int(counts[-1]) if counts else 0


def _why(log: str) -> str:
    """The exception line of the first uncaught exception in a target's log."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if "Uncaught Python exception" in line:
            for nxt in lines[i + 1:i + 60]:
                if re.match(r"^[A-Za-z_.]*(Error|Exception)\b", nxt):
                    return nxt[:120]
    return "see log.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("targets", nargs="*", choices=[[], *TARGETS], default=[])
    ap.add_argument("--seconds", type=int, default=60, help="per target (default 60)")
    ap.add_argument("--random", action="store_true", help="random mutations even with atheris")
    args = ap.parse_args()
    names = args.targets or list(TARGETS)
    out = Path(tempfile.mkdtemp(prefix="prospect-fuzz-"))
    print(f"mode: {_mode(args.random)}; {args.seconds} s per target; output in {out}")
    print(f"{'target':<14} {'runs':>10} {'runs/s':>9} {'corpus':>7} {'findings':>9}  first finding")
    total = 0
    for name in names:
        r = run_target(name, args.seconds, out, args.random)
        total += int(r["findings"])  # type: ignore[call-overload]
        print(f"{name:<14} {r['runs']:>10,} {r['per_s']:>9,.0f} {r['corpus']:>7} "
              f"{r['findings']:>9}  {r['why']}", flush=True)
    print(f"{total} finding(s); inputs and logs under {out}")


if __name__ == "__main__":
    main()
