"""Everyday profile commands: `add` warns about a person already there, `history` reads as
sentences, tables fit 80 columns without breaking a slug."""

from __future__ import annotations

import json

from sqlmodel import Session

from prospect.cli.common import format_table, short_url
from prospect.store import open_db
from prospect.store.repo import ProspectInput, add_note, add_prospect, edit_prospect


def _add(cli, *args):  # type: ignore[no-untyped-def]
    return cli("add", *args)


def test_add_warns_about_the_same_email_and_names_the_slug(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("add", "Ana García Rojas", "--company", "Norte Foods",
                "--email", "ana@norte.example")
    assert first.exit_code == 0 and "Warning" not in first.output
    again = cli("add", "Ana Garcia", "--email", "ANA@norte.example")
    assert again.exit_code == 0  # added all the same: the user may mean another record
    assert "Warning: ana-garcia-rojas (Ana García Rojas) has the same e-mail" in again.output
    assert "prospect remove ana-garcia" in again.output


def test_add_warns_about_the_same_name_and_company(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ana García Rojas", "--company", "Norte Foods")
    other_company = cli("add", "Ana García Rojas", "--company", "Sur Foods")
    assert "Warning" not in other_company.output
    same = cli("add", "ana garcia rojas", "--company", "NORTE foods", "--json")
    data = json.loads(same.stdout)
    assert data["lookalikes"] == [{"slug": "ana-garcia-rojas", "name": "Ana García Rojas",
                                   "reason": "name and company"}]


def test_history_reads_as_sentences_without_cutting_values(cli, db_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "400")  # one line per event: the sentence reads whole
    engine = open_db(db_url)
    long_text = ("Dana said the rollout must not stop the warehouse for more than one weekend, "
                 "and that the last vendor needed three months to get the scanners working.")
    with Session(engine) as s:
        p = add_prospect(s, ProspectInput(name="Dana Whitfield", title="Director de Calidad"),
                         actor="maria")
        edit_prospect(s, p.id, {"title": "Director de Operaciones"}, actor="jorge")  # type: ignore[arg-type]
        add_note(s, p.id, long_text, kind="risk", category="implementation", actor="jorge")  # type: ignore[arg-type]
        slug = p.slug
    engine.dispose()
    result = cli("history", slug)
    assert result.exit_code == 0
    flat = result.output
    assert "title: Director de Calidad → Director de Operaciones" in flat
    assert long_text in flat  # whole, never cut
    assert "{" not in result.output and '"changes"' not in result.output
    assert "Added Dana Whitfield" in flat and "jorge" in flat
    events = json.loads(cli("history", slug, "--json").output)
    assert events[1]["text"] == ("Changed the profile: title: Director de Calidad → "
                                 "Director de Operaciones.")
    assert events[1]["detail"] == {"changes": {"title": ["Director de Calidad",
                                                         "Director de Operaciones"]}}


def test_tables_fit_80_columns_and_never_break_a_slug() -> None:
    rows = [[1, "lucia-fernandez-ortega", "Lucía Fernández Ortega", "Cerro Azul Foods",
             "Directora Financiera de Operaciones Globales", "es", 3, 12],
            [2, "marcus-bell", "Marcus Bell", "Cerro Azul Foods", "Head of Customer Success",
             "en", 2, 4]]
    text = format_table(["id", "slug", "name", "company", "title", "lang", "sources", "notes"],
                        rows, 80)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("lucia-fernandez-ortega" in line for line in lines)
    # every word of every value is on one line, whole
    words = {w for r in rows for v in r for w in str(v).split()}
    shown = {w for line in lines for w in line.split()}
    assert words <= shown


def test_table_cells_shorten_addresses_and_wrap_text() -> None:
    url = "https://www.cerroazul.example/prensa/2026/10/cierre-contable-en-tres-dias.html"
    text = format_table(["text", "source"], [["Queremos cerrar el mes en tres días, no en "
                                             "diez, y sin horas extra del equipo de finanzas.",
                                             url]], 60)
    assert max(len(line) for line in text.splitlines()) <= 60
    assert url not in text and short_url(url) in text and "cerroazul.example" in short_url(url)
    assert "www." not in short_url(url) and len(short_url(url)) <= 32
    assert short_url("https://acme.example/team/") == "acme.example/team"


def test_piped_list_uses_the_table_width(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    cli("add", "Lucía Fernández Ortega", "--company", "Cerro Azul Foods", "--title",
        "Directora Financiera de Operaciones Globales de la Compañía")
    out = cli("list").output
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "lucia-fernandez-ortega" in out
