"""`prospect brief` and `prospect export` on real databases: formats, recording, one page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from brief_support import seed_prospect
from sqlmodel import Session, select

from prospect.store import Brief, Event, open_db


def _seed(db_url: str) -> dict[str, str]:
    engine = open_db(db_url)
    with Session(engine) as s:
        en = seed_prospect(s, name="Dana Whitfield", notes=6, sources=3).slug
        es = seed_prospect(s, name="Lucía Fernández Ortega", lang="es", notes=4, sources=2,
                           story=False).slug
    engine.dispose()
    return {"en": en, "es": es, "url": db_url}


@pytest.fixture
def seeded(db_url: str) -> dict[str, str]:
    """Two prospects (EN with 6 notes, ES with 4) and the example story in `db_url`."""
    return _seed(db_url)


@pytest.fixture
def pdf_cli(runner, sqlite_url):  # type: ignore[no-untyped-def]
    """PDF rendering does not depend on the backend: these tests run on SQLite only."""
    from prospect.cli import app

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", sqlite_url, *args])

    invoke.seeded = _seed(sqlite_url)  # type: ignore[attr-defined]
    return invoke


def _pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _briefs(db_url: str) -> tuple[list[Brief], list[Event]]:
    engine = open_db(db_url)
    with Session(engine) as s:
        briefs = list(s.exec(select(Brief)).all())
        events = list(s.exec(select(Event).where(Event.action == "brief")).all())
    engine.dispose()
    return briefs, events


def test_markdown_to_stdout_is_recorded(cli, seeded) -> None:  # type: ignore[no-untyped-def]
    result = cli("brief", seeded["en"], "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Dana Whitfield")
    assert "## Goals" in result.output and "[1]" in result.output
    briefs, events = _briefs(seeded["url"])
    assert len(briefs) == 1 and len(events) == 1
    b = briefs[0]
    assert b.format == "md" and b.lang == "en" and b.story_version_id is not None
    assert json.loads(b.note_ids) and json.loads(b.model)["prospect"]["slug"] == seeded["en"]
    assert json.loads(events[0].detail)["brief_id"] == b.id


def test_json_is_the_model_and_recorded_too(cli, seeded) -> None:  # type: ignore[no-untyped-def]
    result = cli("brief", seeded["es"], "--json")
    assert result.exit_code == 0, result.output
    model = json.loads(result.output)
    assert model["lang"] == "es" and model["prospect"]["name"] == "Lucía Fernández Ortega"
    assert {"goals", "risks", "sources", "story", "new_since_last"} <= set(model)
    assert _briefs(seeded["url"])[0][0].format == "json"


def test_spanish_prospect_gets_spanish_and_lang_overrides(cli, seeded) -> None:  # type: ignore[no-untyped-def]
    es = cli("brief", seeded["es"], "--format", "txt").output
    assert "OBJETIVOS" in es and "FUENTES" in es
    en = cli("brief", seeded["es"], "--format", "txt", "--lang", "en").output
    assert "GOALS" in en and "OBJETIVOS" not in en


def test_html_file_and_second_brief_knows_what_is_new(cli, seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b.html"
    first = cli("brief", seeded["en"], "-o", str(out))
    assert first.exit_code == 0 and f"to {out}" in first.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    second = cli("brief", seeded["en"], "--json")
    assert json.loads(second.output)["new_since_last"] == []  # nothing changed in between
    assert len(_briefs(seeded["url"])[0]) == 2


def test_pdf_is_one_page_with_name_plumb_line_citations(pdf_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cli, seeded = pdf_cli, pdf_cli.seeded
    out = tmp_path / "dana.pdf"
    result = cli("brief", seeded["en"], "--format", "pdf", "-o", str(out), "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert "1 page, LETTER" in result.output
    pages, text = _pdf_text(out)
    assert pages == 1 and "Dana Whitfield" in text and "[1]" in text
    assert "Work flows between your systems without anyone retyping it" in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_150_notes_fit_one_page(runner, sqlite_url, tmp_path, paper) -> None:  # type: ignore[no-untyped-def]
    from prospect.cli import app

    engine = open_db(sqlite_url)
    with Session(engine) as s:
        slug = seed_prospect(s, notes=150, sources=12).slug
    engine.dispose()
    out = tmp_path / f"{paper}.pdf"
    result = runner.invoke(app, ["--db", sqlite_url, "brief", slug, "-f", "pdf", "-o", str(out),
                                 "--paper", paper, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["pages"] == 1
    pages, text = _pdf_text(out)
    assert pages == 1 and "Dana Whitfield" in text and "[1]" in text


def test_pdf_default_path_is_slug_in_current_folder(pdf_cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cli, seeded = pdf_cli, pdf_cli.seeded
    monkeypatch.chdir(tmp_path)
    result = cli("brief", seeded["es"], "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{seeded['es']}.pdf").is_file()


def test_user_mistakes_are_one_line_errors(cli, seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for args, needle in [(("brief", "nobody"), "'nobody'"),
                         (("brief", seeded["en"], "-f", "docx"), "'docx'"),
                         (("brief", seeded["en"], "--paper", "a5"), "'a5'"),
                         (("brief", seeded["en"], "--lang", "fr"), "'fr'"),
                         (("export", "-f", "pdf", "-o", str(tmp_path)), "REF"),
                         (("export", seeded["en"], "--all", "-o", str(tmp_path)), "--all"),
                         (("export", seeded["en"], "-f", "odt", "-o", str(tmp_path)), "'odt'")]:
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ") and needle in result.output
        assert "Traceback" not in result.output
    assert _briefs(seeded["url"])[0] == []


def test_no_story_still_gives_a_brief_that_says_how_to_load_one(runner, sqlite_url) -> None:  # type: ignore[no-untyped-def]
    from prospect.cli import app

    engine = open_db(sqlite_url)
    with Session(engine) as s:
        slug = seed_prospect(s, story=False).slug
    engine.dispose()
    for fmt in ("txt", "md", "html"):
        result = runner.invoke(app, ["--db", sqlite_url, "brief", slug, "-f", fmt])
        assert result.exit_code == 0, result.output
        assert "prospect story load" in result.output
    result = runner.invoke(app, ["--db", sqlite_url, "brief", slug, "-f", "json"])
    model = json.loads(result.output)
    assert model["story"]["loaded"] is False and model["goals"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_export_writes_one_file_per_prospect(cli, seeded, tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    _check_export(cli, seeded, tmp_path, fmt)


def test_export_pdf_batch(pdf_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _check_export(pdf_cli, pdf_cli.seeded, tmp_path, "pdf")


def _check_export(cli, seeded, tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "briefs"
    result = cli("export", "--all", "--format", fmt, "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{seeded[k]}.{fmt}" for k in ("en", "es"))
    assert sorted(r["slug"] for r in rows) == sorted([seeded["en"], seeded["es"]])
    if fmt == "pdf":
        assert all(_pdf_text(out / n)[0] == 1 for n in names)
    if fmt == "md":
        assert (out / f"{seeded['es']}.md").read_text().startswith("# Lucía Fernández Ortega")
    assert len(_briefs(seeded["url"])[0]) == 2


def test_export_named_refs_without_repeats(cli, seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = cli("export", seeded["es"], seeded["es"], "-f", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == [f"{seeded['es']}.md"]
    assert result.output.strip() == f"Wrote {out / (seeded['es'] + '.md')}"


def test_export_crm_formats_go_to_the_crm_exporter(cli, seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "crm.csv"
    result = cli("export", "--all", "-f", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Dana Whitfield" in out.read_text(encoding="utf-8-sig")
    assert _briefs(seeded["url"])[0] == []  # CRM data is not a brief


def test_format_follows_the_file_name_and_folders_get_slugs(cli, seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert cli("brief", seeded["en"], "-o", str(tmp_path / "b.md")).exit_code == 0
    assert (tmp_path / "b.md").read_text().startswith("# Dana Whitfield")
    assert cli("brief", seeded["en"], "-o", str(tmp_path / "b.txt")).exit_code == 0
    assert (tmp_path / "b.txt").read_text().startswith("Dana Whitfield\n")
    result = cli("brief", seeded["es"], "-f", "md", "-o", f"{tmp_path / 'new'}/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / f"{seeded['es']}.md").is_file()


def test_help_does_not_import_the_renderer() -> None:
    import subprocess
    import sys

    code = ("import sys; from prospect.cli import app; import prospect.cli.brief; "
            "print(sorted(m for m in ('weasyprint', 'jinja2', 'fontTools') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _workers_alive() -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "prospect.brief.worker" in text:
            found.append(text)
    return found


@pytest.mark.slow
def test_pdf_brief_as_a_process_and_a_failed_one_leaves_no_worker(sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    seeded = _seed(sqlite_url)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "prospect", "--db", sqlite_url, *args],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)

    done = run("brief", seeded["en"], "-o", "b.pdf")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote the brief of Dana Whitfield to b.pdf, 1 page, A4.")
    pages, text = _pdf_text(tmp_path / "b.pdf")
    assert pages == 1 and "Dana Whitfield" in text
    failed = run("brief", "nobody-by-that-name", "--format", "pdf")
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1
    unparsed = run("brief", "--format", "pdf")  # no REF: typer stops before the command runs
    assert unparsed.returncode == 2
    if Path("/proc/self/cmdline").exists():
        assert _workers_alive() == []  # the worker started for it was stopped, not orphaned


def test_export_all_carries_on_past_a_prospect_that_fails(cli, seeded, tmp_path,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    from prospect.brief import export

    real = export.make_brief

    def failing(session, p, *args, **kw):  # type: ignore[no-untyped-def]
        if p.slug == seeded["en"]:
            raise RuntimeError("disk full")
        return real(session, p, *args, **kw)

    monkeypatch.setattr(export, "make_brief", failing)
    out = tmp_path / "briefs"
    result = cli("export", "--all", "-f", "md", "-o", str(out))
    assert result.exit_code == 1
    assert "could not write the brief of" in result.stderr and seeded["en"] in result.stderr
    assert "disk full" in result.stderr
    assert (out / f"{seeded['es']}.md").is_file()
    assert "1 of 2 briefs failed" in result.stderr
