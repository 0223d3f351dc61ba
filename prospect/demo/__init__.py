"""`prospect demo`: an offline tour on a fresh machine (sample site, throwaway database, PDFs)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any, NamedTuple

from prospect.errors import ProspectError


class _Person(NamedTuple):
    name: str
    title: str
    lang: str
    paths: tuple[str, ...]


COMPANY = "Cerro Azul Foods"
PEOPLE = (
    _Person("Lucía Fernández Ortega", "Directora Financiera", "es",
            ("team/", "prensa/cierre-contable-en-tres-dias.html")),
    _Person("Marcus Bell", "Head of Customer Success", "en",
            ("team/", "blog/interview-marcus-bell.html")),
)


def _fresh_db(out_dir: Path, keep_db: bool) -> tuple[Path, Path | None]:
    """The database file, and the temporary folder to delete afterwards (None to keep it)."""
    if keep_db:
        db = out_dir / "demo.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)  # a previous demo's database
        return db, None
    tmp = Path(tempfile.mkdtemp(prefix="prospect-demo-"))
    return tmp / "demo.db", tmp


def run_demo(out_dir: Path = Path("prospect-demo"), *, keep_db: bool = False,
             say: Callable[[str], None] | None = print, paper: str = "a4",
             site: str | None = None) -> dict[str, Any]:
    """Serve the sample site, add two prospects, gather them, write their PDF briefs.

    `site` is the base URL of a sample site the caller already serves (and keeps up after).

    Returns what was done: the site, the database (None when thrown away), the PDFs.
    """
    from sqlmodel import Session

    from prospect.brief.export import make_brief
    from prospect.config import GatherSettings
    from prospect.demo.server import serve_site
    from prospect.gather import gather
    from prospect.store import open_db
    from prospect.store.repo import ProspectInput, add_prospect
    from prospect.story import example_story_path, store_story

    tell = say or (lambda _line: None)
    out_dir = Path(out_dir).expanduser().resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProspectError(f"cannot create the demo folder {out_dir}: {exc.strerror}") from None
    db_path, tmp = _fresh_db(out_dir, keep_db)
    report: dict[str, Any] = {"out_dir": str(out_dir), "db": str(db_path) if keep_db else None,
                              "briefs": []}
    engine = None
    try:
        with nullcontext(site) if site else serve_site() as base:
            report["site"] = base
            tell(f"Serving the sample site of {COMPANY} (fictional) at {base}")
            engine = open_db(f"sqlite:///{db_path}")
            with Session(engine) as s:
                sv = store_story(s, example_story_path(), actor="demo")
                tell(f"Loaded the example company story ({sv.company}).")
                ids: list[int] = []
                for person in PEOPLE:
                    p = add_prospect(s, ProspectInput(
                        name=person.name, company=COMPANY, title=person.title,
                        company_domain=base, lang=person.lang),
                        urls=[base + path for path in person.paths], actor="demo")
                    assert p.id is not None
                    ids.append(p.id)
                    tell(f"Added {p.name} ({p.lang}) as {p.slug}.")
            tell("Gathering their pages (with discovery on the sample site)...")
            result = gather(engine, ids, GatherSettings.from_env(delay=0), discover=True,
                            actor="demo")
            report["gather"] = result.to_dict()
            counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts().items()))
            tell(f"Gathered {len(result.results)} pages ({counts}); "
                 f"{len(result.discovered)} found by discovery.")
            with Session(engine) as s:
                from prospect.store.repo import count_notes, get_prospect

                for pid in ids:
                    p = get_prospect(s, pid)
                    brief = make_brief(s, p, "pdf", paper=paper,
                                       out=out_dir / f"{p.slug}.pdf", actor="demo")
                    notes = count_notes(s, pid)
                    report["briefs"].append({**brief.summary(), "notes": notes})
                    tell(f"Wrote the brief of {p.name} ({notes} notes): {brief.path}")
    finally:
        if engine is not None:
            engine.dispose()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    tell(f"Done. Open the PDFs in {out_dir}"
         + (f"; the demo database is {db_path}." if keep_db else "."))
    if keep_db:
        for line in next_steps(db_path, out_dir, [b["slug"] for b in report["briefs"]]):
            tell(line)
    return report


def next_steps(db_path: Path, out_dir: Path, slugs: list[str]) -> list[str]:
    """What to type to keep going with a kept demo database."""
    db = _shell_path(db_path)
    first, second = (slugs + slugs)[:2] if slugs else ("REF", "REF")
    return ["Keep going with the demo's data (the --db option goes before the command):",
            f"  prospect --db {db} list",
            f"  prospect --db {db} show {first}",
            f"  prospect --db {db} brief {second}",
            f"  prospect --db {db} changes {first}",
            "To gather again, serve the sample site in another terminal (Ctrl-C stops it):",
            f"  prospect demo --serve-site --out {_shell_path(out_dir)}",
            f"  prospect --db {db} gather --all --discover"]


def _shell_path(path: Path) -> str:
    """`path` relative to the current folder when inside it, quoted when it has spaces."""
    import shlex

    try:
        text = str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        text = str(path)
    return shlex.quote(text)


def demo_port(out_dir: Path) -> int:
    """The port the kept demo database's prospects point at (0 when there is none)."""
    import re

    from sqlmodel import Session, select

    from prospect.store import open_db
    from prospect.store.models import Prospect

    db = Path(out_dir).expanduser() / "demo.db"
    if not db.is_file():
        return 0
    engine = open_db(f"sqlite:///{db.resolve()}")
    try:
        with Session(engine) as s:
            for domain in s.exec(select(Prospect.company_domain)).all():
                m = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/", domain or "")
                if m:
                    return int(m.group(1))
    finally:
        engine.dispose()
    return 0


def serve_until_stopped(out_dir: Path = Path("prospect-demo"), port: int | None = None, *,
                        say: Callable[[str], None] | None = print,
                        stop: Any = None) -> None:
    """Serve the sample site until Ctrl-C (or `stop`, a threading.Event, is set): on `port`,
    else on the port a kept demo database in `out_dir` points at, else on a free one."""
    import threading

    from prospect.demo.server import serve_site

    tell = say or (lambda _line: None)
    chosen = port if port is not None else demo_port(out_dir)
    stop = stop or threading.Event()
    with serve_site(port=chosen) as base:
        tell(f"Serving the sample site of {COMPANY} (fictional) at {base}; Ctrl-C stops it.")
        try:
            while not stop.wait(0.2):
                pass
        except KeyboardInterrupt:
            tell("Stopped.")
