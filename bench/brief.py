"""Time a full `prospect brief --format pdf` process against a bare WeasyPrint process.

    python bench/brief.py [--runs N] [--notes N]

Prints the median wall time of each (several runs) and the ratio; the target is <= 2x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = ("import weasyprint; weasyprint.HTML(string='<h1>Hello</h1><p>One simple page.</p>')"
        ".write_pdf({out!r})")


def prepare(folder: Path, notes: int) -> str:
    """A SQLite database with the example story and one prospect with `notes` web notes."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from brief_support import seed_prospect
    from sqlmodel import Session

    from prospect.store import open_db

    url = f"sqlite:///{folder / 'bench.db'}"
    engine = open_db(url)
    with Session(engine) as s:
        slug = seed_prospect(s, notes=notes, sources=5).slug
    engine.dispose()
    return f"{folder / 'bench.db'}|{slug}"


def timed(cmds: list[list[str]], runs: int) -> list[list[float]]:
    """Wall times of each command, run in turn (a, b, a, b...) so drift hits both alike."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, out in zip(cmds, times, strict=True):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            out.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--notes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, slug = prepare(folder, args.notes).split("|")
        brief = [sys.executable, "-m", "prospect", "--db", db, "brief", slug, "--format", "pdf",
                 "-o", str(folder / "brief.pdf")]
        bare = [sys.executable, "-c", BARE.format(out=str(folder / "bare.pdf"))]
        timed([brief, bare], 1)  # warm the OS file cache and fontconfig's cache once
        b, w = timed([brief, bare], args.runs)
    mb, mw = statistics.median(b), statistics.median(w)
    print(f"prospect brief --format pdf ({args.notes} notes): median {mb:.2f} s "
          f"(min {min(b):.2f}, max {max(b):.2f}, {args.runs} runs)")
    print(f"bare WeasyPrint, one page:             median {mw:.2f} s "
          f"(min {min(w):.2f}, max {max(w):.2f}, {args.runs} runs)")
    print(f"ratio: {mb / mw:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
