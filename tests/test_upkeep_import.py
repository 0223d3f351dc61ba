"""Import from CRM exports: HubSpot, Salesforce and LinkedIn CSV, and vCard files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from prospect.errors import InvalidValue
from prospect.store.models import Event, Prospect, Source
from prospect.store.repo import ProspectInput, add_prospect
from prospect.upkeep.importer import header_field, import_file, parse_csv

# as HubSpot writes it: UTF-8 without BOM, comma, CRLF, every cell quoted
HUBSPOT = (
    '"Record ID","First Name","Last Name","Email","Job Title","Company Name","Website URL",'
    '"City","Country/Region","LinkedIn URL","Preferred language"\r\n'
    '"101","Ana","García Rojas","Ana.Garcia@Acme.example","Directora de Operaciones",'
    '"Acme Logística","https://www.acme.example","Sevilla","Spain",'
    '"linkedin.com/in/anagarcia","Spanish"\r\n'
    '"102","","","nobody@x.example","","X Corp","","","","",""\r\n'
    '"103","Bob","Müller","bob@nordwind.example","COO","Nordwind GmbH","nordwind.example",'
    '"Hamburg","Germany","https://www.linkedin.com/in/bobmuller",""\r\n'
)
# as Salesforce (or Excel in Spain) writes it: UTF-8 with BOM, semicolons
SALESFORCE = (
    "\ufeffFirst Name;Last Name;Title;Account Name;Email;Mailing City;Mailing Country\r\n"
    "Ana;García Rojas;COO;Acme Logística;ana.garcia@acme.example;Madrid;Spain\r\n"
    "Chloé;Dubois;\"Head of Supply; EMEA\";Transports Côte;chloe@cote.example;Lyon;France\r\n"
    ";;;;;;\r\n"
    ";;CFO;Nameless Ltd;;;\r\n"
)
# LinkedIn's Connections.csv: notes above the header, "URL" is the profile
LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing. You will only see email addresses for connections who have allowed it."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Zoë,Quintanilla,https://www.linkedin.com/in/zoeq,,Brightline,Planner,12 Mar 2024\n"
    'Luis,"Pérez, Jr.",https://www.linkedin.com/in/luisp,,"Pérez & Hijos, S.L.",CEO,1 Jan 2025\n'
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def by_name(session, name: str) -> Prospect:  # type: ignore[no-untyped-def]
    return session.exec(select(Prospect).where(Prospect.name == name)).one()


def test_header_names_from_the_three_crms() -> None:
    assert header_field("First Name") == "first"
    assert header_field("Company Name") == "company"
    assert header_field("Account Name") == "company"
    assert header_field("Email Address") == "email"
    assert header_field("E-mail") == "email"
    assert header_field("LinkedIn URL") == "linkedin"
    assert header_field("Country/Region") == "country"
    assert header_field("Position") == "title"
    assert header_field("Record ID") is None


def test_hubspot_csv_creates_prospects_with_sources(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = import_file(session, write(tmp_path, "hubspot.csv", HUBSPOT), actor="maria")
    assert result.created == ["ana-garcia-rojas", "bob-muller"]
    assert result.skipped == [(3, "no name")]
    ana = by_name(session, "Ana García Rojas")
    assert (ana.company, ana.title, ana.email, ana.location, ana.lang, ana.company_domain) == (
        "Acme Logística", "Directora de Operaciones", "ana.garcia@acme.example",
        "Sevilla, Spain", "es", "acme.example")
    urls = session.exec(select(Source.url, Source.origin).where(Source.prospect_id == ana.id)).all()
    assert urls == [("https://linkedin.com/in/anagarcia", "import")]
    assert by_name(session, "Bob Müller").lang == "en"
    ev = session.exec(select(Event).where(Event.action == "import")).one()
    assert json.loads(ev.detail) == {"file": "hubspot.csv", "created": 2, "updated": 0,
                                     "skipped": 1, "conflicts": 0}
    assert ev.actor == "maria"


def test_second_import_updates_instead_of_duplicating(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_file(session, write(tmp_path, "hubspot.csv", HUBSPOT))
    again = import_file(session, write(tmp_path, "hubspot.csv", HUBSPOT))
    assert again.created == [] and again.updated == []
    assert again.unchanged == ["ana-garcia-rojas", "bob-muller"]
    # Salesforce: Ana matched by e-mail (other case), her title and city change
    result = import_file(session, write(tmp_path, "sf.csv", SALESFORCE))
    assert result.updated == ["ana-garcia-rojas"]
    assert result.created == ["chloe-dubois"]
    assert result.skipped == [(5, "no name")]  # line 4 is empty and not a contact
    assert len(session.exec(select(Prospect)).all()) == 3
    ana = by_name(session, "Ana García Rojas")
    assert (ana.title, ana.location) == ("COO", "Madrid, Spain")
    assert by_name(session, "Chloé Dubois").title == "Head of Supply; EMEA"
    edit = session.exec(select(Event).where(Event.action == "prospect.edit",
                                            Event.prospect_id == ana.id)).one()
    assert json.loads(edit.detail)["changes"]["title"] == ["Directora de Operaciones", "COO"]


def test_match_by_name_and_company_without_email(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_prospect(session, ProspectInput(name="Zoe Quintanilla", company="BRIGHTLINE"))
    add_prospect(session, ProspectInput(name="Zoë Quintanilla", company="Other Co"))
    result = import_file(session, write(tmp_path, "Connections.csv", LINKEDIN))
    assert result.updated == ["zoe-quintanilla"]  # accents and case do not matter
    assert result.created == ["luis-perez-jr"]
    luis = by_name(session, "Luis Pérez, Jr.")
    assert luis.company == "Pérez & Hijos, S.L."
    zoe_sources = session.exec(select(Source.url).join(Prospect).where(
        Prospect.slug == "zoe-quintanilla")).all()
    assert zoe_sources == ["https://www.linkedin.com/in/zoeq"]


def test_windows_1252_export_is_read(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "Full Name,Company\r\nJosé Núñez,Café Ñandú\r\n"
    result = import_file(session, write(tmp_path, "old.csv", text, "cp1252"))
    assert result.created == ["jose-nunez"]
    assert by_name(session, "José Núñez").company == "Café Ñandú"


def test_vcard_import(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vcf = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:García Rojas;Ana;;;\r\nFN:Ana García Rojas\r\n"
        "ORG:Acme Logística;Operaciones\r\nTITLE:Directora\\, Operaciones\r\n"
        "EMAIL;TYPE=INTERNET,WORK:ana@acme.example\r\n"
        "item1.URL:https://www.linkedin.com/in/anagarcia\r\n"
        "URL;TYPE=WORK:https://acme.example\r\n"
        "NOTE:a long note that is folded over\r\n  two lines\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
        "ORG:Nordwind\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nORG:Nobody Inc\r\nEND:VCARD\r\n"
    )
    result = import_file(session, write(tmp_path, "contacts.vcf", vcf))
    assert result.created == ["ana-garcia-rojas", "jurgen-muller"]
    assert result.skipped == [(18, "no name")]  # the BEGIN line of the third card
    ana = by_name(session, "Ana García Rojas")
    assert (ana.company, ana.title, ana.company_domain) == (
        "Acme Logística", "Directora, Operaciones", "acme.example")
    assert session.exec(select(Source.url).where(Source.prospect_id == ana.id)).all() == [
        "https://www.linkedin.com/in/anagarcia"]
    assert by_name(session, "Jürgen Müller").company == "Nordwind"


@pytest.mark.parametrize("text, match", [
    ("Record ID,Phone\n1,555\n", "no header row with a name column"),
    ("", "the file is empty"),
    ("\n\n", "the file is empty"),
    ("First Name,Company\n", "has a header but no rows"),
    ("First Name,Company\n,Acme\n,Other\n", r"none of the 2 contacts .* has a name \(lines 2, 3\)"),
])
def test_unusable_files(session, tmp_path, text: str, match: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidValue, match=match):
        import_file(session, write(tmp_path, "bad.csv", text))
    assert session.exec(select(Prospect)).all() == []


def test_missing_file(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidValue, match="no such file"):
        import_file(session, tmp_path / "nope.csv")


def test_a_single_name_column_is_enough() -> None:
    rows = parse_csv("Name\nAna García\n")
    assert [r.values for r in rows] == [{"full": "Ana García"}]


def test_multiline_cell_keeps_line_numbers() -> None:
    rows = parse_csv('Full Name,Title\n"Ana","Head of\nOps"\n,CFO\nBob,CEO\n')
    assert [(r.line, r.values.get("full")) for r in rows] == [(2, "Ana"), (4, None), (5, "Bob")]
    assert rows[0].values["title"] == "Head of Ops"


def test_import_cli_summary(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "hubspot.csv", HUBSPOT)
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["Skipped line 3: no name.",
                                          "Created 2, updated 0, unchanged 0, skipped 1."]
    result = cli("import", str(path), "--json")
    assert json.loads(result.output)["unchanged"] == ["ana-garcia-rojas", "bob-muller"]
    result = cli("import", str(tmp_path / "missing.csv"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: no such file:")
