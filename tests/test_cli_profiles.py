"""The profile, source and note commands, as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from prospect import __version__


def test_version(runner):
    from prospect.cli import app

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"prospect {__version__}"


def test_add_then_show_json_has_design_shape(cli):
    r = cli("add", "Ana García Rojas", "--company", "Norte Foods", "--lang", "es",
            "--url", "https://nortefoods.example/equipo/ana")
    assert r.exit_code == 0, r.output
    assert "ana-garcia-rojas" in r.output
    r = cli("show", "ana-garcia-rojas", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["name"] == "Ana García Rojas"
    assert data["company"] == "Norte Foods"
    assert data["lang"] == "es"
    assert data["facts"] == [] and data["notes"] == []
    assert data["sources"][0]["url"] == "https://nortefoods.example/equipo/ana"
    assert data["sources"][0]["status"] == "new"


def test_unknown_ref_is_one_line_on_stderr_and_exit_1(cli):
    r = cli("show", "nobody")
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines() == [
        "Error: no prospect with id, slug or name 'nobody' (see 'prospect list')"]
    assert "Traceback" not in r.output


def test_invalid_value_exit_1_bad_argument_exit_2(cli):
    r = cli("add", "X", "--lang", "fr")
    assert r.exit_code == 1
    assert "language must be one of en, es" in r.stderr
    r = cli("add")
    assert r.exit_code == 2
    r = cli("note", "edit", "not-a-number")
    assert r.exit_code == 2


def test_list_edit_remove_round_trip(cli):
    cli("add", "Ana García", "--title", "Controller")
    cli("add", "John Smith", "--company", "Acme")
    rows = json.loads(cli("list", "--json").stdout)
    assert [r["slug"] for r in rows] == ["ana-garcia", "john-smith"]
    r = cli("--author", "maria", "edit", "ana-garcia", "--title", "CFO", "--json")
    assert json.loads(r.stdout)["title"] == "CFO"
    r = cli("remove", "john-smith")  # not a terminal: --yes is needed, nothing is removed
    assert r.exit_code == 1 and "add --yes" in r.stderr
    r = cli("remove", "john-smith", "--yes")
    assert r.exit_code == 0 and "Removed John Smith" in r.stdout
    assert [r["slug"] for r in json.loads(cli("list", "--json").stdout)] == ["ana-garcia"]


def test_source_and_note_commands(cli):
    cli("add", "Ana García")
    assert cli("source", "add", "ana-garcia", "https://x.example/a").exit_code == 0
    assert cli("source", "add", "ana-garcia", "notaurl").exit_code == 1
    sources = json.loads(cli("source", "list", "ana-garcia", "--json").stdout)
    assert [s["url"] for s in sources] == ["https://x.example/a"]
    r = cli("note", "add", "ana-garcia", "Quiere cerrar el mes en tres días", "--kind", "goal",
            "--category", "efficiency", "--json")
    assert r.exit_code == 0, r.output
    note_id = json.loads(r.stdout)["id"]
    assert cli("note", "edit", str(note_id), "--text", "Quiere cerrar en 2 días").exit_code == 0
    notes = json.loads(cli("note", "list", "ana-garcia", "--json").stdout)
    assert notes[0]["text"] == "Quiere cerrar en 2 días"
    assert notes[0]["category"] == "efficiency"
    r = cli("note", "add", "ana-garcia", "x", "--kind", "goal", "--category", "budget")
    assert r.exit_code == 1 and "goal category must be one of" in r.stderr
    assert cli("note", "delete", str(note_id)).exit_code == 0
    assert cli("note", "delete", str(note_id)).exit_code == 1
    assert cli("source", "remove", "ana-garcia", "https://x.example/a").exit_code == 0
    assert json.loads(cli("source", "list", "ana-garcia", "--json").stdout) == []


def test_human_output_is_a_table(cli):
    cli("add", "Ana García", "--company", "Norte Foods")
    r = cli("list")
    assert "Ana García" in r.stdout and "Norte Foods" in r.stdout and "slug" in r.stdout


def test_unwritable_database_path(runner, tmp_path):
    from prospect.cli import app

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    r = runner.invoke(app, ["--db", str(blocker / "p.db"), "list"])
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: cannot create the folder for the database {blocker}")
    assert len(r.stderr.strip().splitlines()) == 1


def test_database_path_that_is_a_folder(runner, tmp_path):
    from prospect.cli import app

    r = runner.invoke(app, ["--db", str(tmp_path), "list"])
    assert r.exit_code == 1
    assert r.stderr.strip() == f"Error: the database path {tmp_path} is a folder, not a file"


def test_unreachable_postgres_is_a_clear_error(runner):
    from prospect.cli import app

    r = runner.invoke(app, ["--db", "postgresql+psycopg://postgres@127.0.0.1:1/none", "list"])
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: cannot open database postgresql+psycopg://")
    assert len(r.stderr.strip().splitlines()) == 1


def test_db_location_precedence(runner, tmp_path, monkeypatch):
    from prospect.cli import app
    from prospect.config import resolve_db_url

    home = tmp_path / "home"
    monkeypatch.setenv("PROSPECT_HOME", str(home))
    assert resolve_db_url() == f"sqlite:///{home / 'prospect.db'}"
    monkeypatch.setenv("PROSPECT_DB", str(tmp_path / "env.db"))
    assert resolve_db_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_db_url("sqlite:///other.db") == "sqlite:///other.db"
    runner.invoke(app, ["add", "Ana"])
    assert (tmp_path / "env.db").exists() and not (home / "prospect.db").exists()


def test_python_dash_m_and_console_script_run(tmp_path):
    env = {**os.environ, "PROSPECT_DB": str(tmp_path / "p.db")}
    out = subprocess.run([sys.executable, "-m", "prospect", "--version"], capture_output=True,
                         text=True, env=env, check=True)
    assert out.stdout.strip() == f"prospect {__version__}"


def test_process_exit_codes_and_one_line_errors(tmp_path):
    env = {**os.environ, "PROSPECT_DB": str(tmp_path / "p.db")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "prospect", *args], capture_output=True,
                              text=True, env=env)

    ok = run("add", "Ana García", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["slug"] == "ana-garcia"
    missing = run("show", "nobody")
    assert missing.returncode == 1
    assert missing.stderr == ("Error: no prospect with id, slug or name 'nobody' "
                              "(see 'prospect list')\n")
    assert run("--bogus").returncode == 2
    assert run().returncode == 2
