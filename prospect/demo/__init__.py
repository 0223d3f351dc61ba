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
    return report
