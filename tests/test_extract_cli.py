"""`prospect extract FILE --name` (nothing stored) and `prospect note paste REF` (stdin)."""

from __future__ import annotations

import json

from extract_support import PAGES

TEAM = str(PAGES / "team_en.html")


def test_extract_json_shows_facts_kept_and_dropped_sentences(cli):
    r = cli("extract", TEAM, "--name", "Ana García Rojas", "--url",
            "https://brightline.example/team", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["person"] == "Ana García Rojas" and data["url"] == "https://brightline.example/team"
    assert {"field": "job_title", "value": "Chief Executive Officer"} in data["facts"]
    assert [s["reason"] for s in data["sentences"]] == ["name", "pronoun", "pronoun"]
    for s in data["sentences"]:
        assert s["kind"] and "category" in s and s["lang"] == "en"
    why = {d["text"]: d["reason"] for d in data["dropped"]}
    assert why["Laura Chen oversees finance and procurement."] == "about someone else: Laura Chen"
    # nothing was stored
    assert json.loads(cli("list", "--json").stdout) == []


def test_extract_text_output(cli):
    r = cli("extract", TEAM, "--name", "Pedro García")
    assert r.exit_code == 0, r.output
    assert "Chief Technology Officer" in r.stdout
    assert "Sentences kept" in r.stdout and "Sentences dropped" in r.stdout


def test_extract_errors_are_one_line(cli, tmp_path):
    missing = tmp_path / "nope.html"
    r = cli("extract", str(missing), "--name", "Ana")
    assert r.exit_code == 1
    assert r.stderr.strip() == f"Error: no such file: {missing}"
    r = cli("extract", str(tmp_path), "--name", "Ana")
    assert r.exit_code == 1 and "is a folder" in r.stderr
    r = cli("extract", TEAM, "--name", "Ana", "--url", "ftp://x")
    assert r.exit_code == 1 and "not a web address" in r.stderr
    r = cli("extract", TEAM)
    assert r.exit_code == 2  # --name is required


def test_note_paste_from_stdin(cli):
    assert cli("add", "Ana García Rojas", "--lang", "es").exit_code == 0
    text = "Quiere abrir una planta en Monterrey en 2026. Le preocupa el presupuesto.\n"
    r = cli("note", "paste", "ana-garcia-rojas", "--source", "https://notes.example/call",
            "--json", input=text)
    assert r.exit_code == 0, r.output
    notes = json.loads(r.stdout)
    assert [n["text"] for n in notes] == ["Quiere abrir una planta en Monterrey en 2026.",
                                          "Le preocupa el presupuesto."]
    assert all(n["origin"] == "paste" and n["source_url"] == "https://notes.example/call"
               for n in notes)
    listed = json.loads(cli("note", "list", "ana-garcia-rojas", "--json").stdout)
    assert [n["id"] for n in listed] == [n["id"] for n in notes]
    r = cli("note", "paste", "ana-garcia-rojas", input="Otra frase sobre sus metas.")
    assert r.exit_code == 0 and r.stdout.startswith("Added 1 note.")


def test_note_paste_errors(cli):
    assert cli("add", "Ana García Rojas").exit_code == 0
    r = cli("note", "paste", "ana-garcia-rojas", input="   ")
    assert r.exit_code == 1 and r.stderr.startswith("Error: nothing to paste")
    r = cli("note", "paste", "nobody", input="Some text here.")
    assert r.exit_code == 1 and "no prospect with id, slug or name 'nobody'" in r.stderr
