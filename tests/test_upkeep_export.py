"""CRM export (`export_crm`): CSV headers, vCard 4.0 folding and UTF-8, JSON of everything."""

from __future__ import annotations

import csv
import json
import re

import pytest
from sqlmodel import select
from upkeep_support import fact, person, source, web_note

from prospect.errors import InvalidValue
from prospect.store.models import Prospect
from prospect.upkeep.crm import CSV_HEADERS, export_crm
from prospect.upkeep.importer import import_file
from prospect.upkeep.vcard import fold

LONG_TITLE = "Directora de Operaciones, Logística y Cadena de Suministro para España y Portugal"


@pytest.fixture
def two(session):  # type: ignore[no-untyped-def]
    ana = person(session, title=LONG_TITLE, email="ana@acme.example", location="Sevilla",
                 company_domain="acme.example", lang="es")
    src = source(session, ana, "https://www.linkedin.com/in/anagarcia")
    web_note(session, ana, src, "Quiere entregas a tiempo", kind="goal")
    fact(session, ana, src, "job_title", "Directora de Operaciones")
    bob = person(session, "Bob Müller", "Nordwind; GmbH, Hamburg")
    return [ana, bob]


def test_csv_has_crm_headers_and_utf8(session, two, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "prospects.csv"
    assert export_crm(session, two, "csv", out) == [out]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel shows the accents
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == CSV_HEADERS
    assert rows[0] == {
        "First Name": "Ana", "Last Name": "García Rojas", "Full Name": "Ana García Rojas",
        "Company": "Acme Logística", "Job Title": LONG_TITLE, "Email": "ana@acme.example",
        "Website": "https://acme.example", "LinkedIn URL": "https://www.linkedin.com/in/anagarcia",
        "Location": "Sevilla", "Language": "es", "Phone": "", "Owner": "", "Stage": "",
        "Notes": "", "Prospect Slug": "ana-garcia-rojas"}
    assert rows[1]["Company"] == "Nordwind; GmbH, Hamburg"


def test_vcard_is_4_0_folded_crlf_utf8(session, two, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "prospects.vcf"
    export_crm(session, two, "vcard", out)
    raw = out.read_bytes()
    assert raw.count(b"BEGIN:VCARD\r\n") == 2 and raw.count(b"END:VCARD\r\n") == 2
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode("utf-8")  # multi-byte characters are never cut by folding
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    assert "VERSION:4.0\r\n" in unfolded
    assert "FN:Ana García Rojas\r\n" in unfolded
    assert "N:García Rojas;Ana;;;\r\n" in unfolded
    assert f"TITLE:{LONG_TITLE.replace(',', chr(92) + ',')}\r\n" in unfolded
    assert "ORG:Nordwind\\; GmbH\\, Hamburg\r\n" in unfolded
    assert "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/anagarcia" in unfolded
    uids = re.findall(r"UID:(\S+)", unfolded)
    assert len(set(uids)) == 2
    export_crm(session, two, "vcard", out)
    assert re.findall(r"UID:(\S+)", re.sub(r"\r\n[ \t]", "", out.read_text("utf-8"))) == uids


def test_vcard_round_trip_updates_nothing(session, two, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "prospects.vcf"
    export_crm(session, two, "vcard", out)
    result = import_file(session, out)
    assert result.created == [] and result.skipped == []
    assert sorted(result.unchanged) == ["ana-garcia-rojas", "bob-muller"]
    assert len(session.exec(select(Prospect)).all()) == 2


def test_csv_round_trip_into_a_fresh_database(session, two, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    from prospect.store import open_db

    out = tmp_path / "prospects.csv"
    export_crm(session, two, "csv", out)
    engine = open_db(f"sqlite:///{tmp_path / 'crm-copy.db'}")
    with Session(engine) as other:
        assert import_file(other, out).created == ["ana-garcia-rojas", "bob-muller"]
        ana = other.exec(select(Prospect).where(Prospect.slug == "ana-garcia-rojas")).one()
        assert (ana.title, ana.email, ana.lang) == (LONG_TITLE, "ana@acme.example", "es")
    engine.dispose()


def test_json_has_everything(session, two, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "all.json"
    export_crm(session, two, "json", out)
    data = json.loads(out.read_text("utf-8"))
    ana = data["prospects"][0]
    assert ana["name"] == "Ana García Rojas"
    assert ana["notes"][0]["text"] == "Quiere entregas a tiempo"
    assert ana["facts"] == [{"field": "job_title", "value": "Directora de Operaciones",
                             "source_url": "https://www.linkedin.com/in/anagarcia"}]
    assert ana["sources"][0]["url"] == "https://www.linkedin.com/in/anagarcia"


def test_csv_cells_never_become_formulas(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    evil = person(session, "Eve Formula", company='=HYPERLINK("http://evil.example","x")',
                  title="@SUM(A1:A9)")
    out = tmp_path / "x.csv"
    export_crm(session, [evil], "csv", out)
    row = next(csv.DictReader(out.read_text("utf-8-sig").splitlines()))
    assert row["Company"] == """'=HYPERLINK("http://evil.example","x")"""
    assert row["Job Title"] == "'@SUM(A1:A9)"
    # and importing our own export gives the original text back
    result = import_file(session, out)
    assert result.unchanged == ["eve-formula"]


def test_fold_counts_octets_not_characters() -> None:
    line = "FN:" + "ñ" * 60  # 123 octets
    folded = fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts) and len(parts) == 2
    assert folded.replace("\r\n ", "") == line


def test_bad_format_and_paths(session, two, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InvalidValue, match="'xlsx'"):
        export_crm(session, two, "xlsx", out / "x.xlsx")
    with pytest.raises(InvalidValue, match="is a folder"):
        export_crm(session, two, "csv", out)
    with pytest.raises(InvalidValue, match="does not exist"):
        export_crm(session, two, "csv", out / "nope" / "x.csv")
    with pytest.raises(InvalidValue, match="nothing to export"):
        export_crm(session, [], "csv", out / "x.csv")
    assert list(out.iterdir()) == []  # nothing half-written left behind


def test_export_command_uses_export_crm(cli, session, two, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "team.vcf"
    result = cli("export", "ana-garcia-rojas", "bob-muller", "--format", "vcard", "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.count(b"BEGIN:VCARD") == 2 and "Müller".encode() in raw
