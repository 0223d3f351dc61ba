"""Start-up cost: `prospect --help` next to a bare typer app with one command.

Run: python bench/startup.py [--runs 15]
Prints the median and best wall time of each process and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = '''
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    """Say hello."""
    print(name)
@app.command()
def bye() -> None:
    """Say bye."""
app()
'''


def _time(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE)
        t_bare = _time([sys.executable, str(bare), "--help"], args.runs)
        t_prospect = _time([sys.executable, "-m", "prospect", "--help"], args.runs)
        t_version = _time([sys.executable, "-m", "prospect", "--version"], args.runs)
    b, p, v = (statistics.median(x) for x in (t_bare, t_prospect, t_version))
    for label, med, runs in (("bare typer app --help", b, t_bare),
                             ("prospect --help", p, t_prospect),
                             ("prospect --version", v, t_version)):
        print(f"{label:<24}median {med * 1000:7.1f} ms  best {min(runs) * 1000:7.1f} ms")
    print(f"ratio prospect/bare (--help): {p / b:.2f}x")


if __name__ == "__main__":
    main()
