"""Import a non-programmer can trust: any encoding, clear refusals, a preview, hand edits kept,
CRM columns (phone, owner, stage, notes) kept, and cost that does not grow per row."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import event, func
from sqlmodel import Session, select

from prospect.errors import InvalidValue
from prospect.store.models import Event, Note, Prospect
from prospect.store.repo import ProspectInput, add_prospect, edit_prospect
from prospect.upkeep.crm import export_crm
from prospect.upkeep.importer import import_file, plan_import

CSV_TEXT = ("First Name,Last Name,Email,Company,Job Title,Phone Number,Contact owner,"
            "Lifecycle Stage,Notes\r\n"
            "Ana,García Rojas,ana@acme.example,Acme Logística,COO,+34 600 111 222,María,"
            "opportunity,\"Met at SIL Barcelona.\r\n\r\nWants a pilot in Q3.\"\r\n"
            "Bob,Müller,bob@nordwind.example,Nordwind,CFO,,Joe,lead,\r\n")
VCF_TEXT = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Quintanilla\r\nORG:Brightline\r\n"
            "TEL;TYPE=work:+34 911 000 000\r\nNOTE:Prefers e-mail\\, not calls.\r\nEND:VCARD\r\n")


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def names(session: Session) -> list[str]:
    return sorted(session.exec(select(Prospect.name)).all())


# -- encodings and refusals --------------------------------------------------------------------

@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", True), ("utf-16-be", True), ("utf-32-le", True), ("utf-32-be", True),
    ("utf-16-le", False), ("utf-16-be", False)])  # Excel's "Unicode text" is UTF-16 LE + BOM
def test_utf16_and_utf32_csv(session, tmp_path, encoding: str, bom: bool) -> None:  # type: ignore[no-untyped-def]
    data = ("\ufeff" if bom else "").encode(encoding) + CSV_TEXT.encode(encoding)
    result = import_file(session, write(tmp_path, "excel.csv", data))
    assert result.created == ["ana-garcia-rojas", "bob-muller"]
    ana = session.exec(select(Prospect).where(Prospect.slug == "ana-garcia-rojas")).one()
    assert (ana.company, ana.phone, ana.owner, ana.stage) == (
        "Acme Logística", "+34 600 111 222", "María", "opportunity")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_vcard_with_bom(session, tmp_path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "phone.vcf", ("\ufeff" + VCF_TEXT).encode(encoding))
    result = import_file(session, path)
    assert result.created == ["zoe-quintanilla"]
    zoe = session.exec(select(Prospect)).one()
    assert (zoe.company, zoe.phone) == ("Brightline", "+34 911 000 000")
    assert session.exec(select(Note.text, Note.origin)).all() == [
        ("Prefers e-mail, not calls.", "import")]


@pytest.mark.parametrize("data, says", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "old Excel"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "looks binary"),
    (bytes(range(256)) * 16, "looks binary"),
])
def test_binary_file_is_one_line_exit_1(cli, tmp_path, data: bytes, says: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("import", str(write(tmp_path, "contacts.csv", data)))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: contacts.csv ") and says in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name, text, why", [
    ("empty.csv", "", "the file is empty"),
    ("header.csv", "First Name,Email\r\n", "has a header but no rows"),
    ("nameless.csv", "First Name,Email\r\n,a@x.example\r\n,b@x.example\r\n",
     "none of the 2 contacts in nameless.csv has a name (lines 2, 3)"),
    ("none.vcf", "Just some text\r\n", "none.vcf has no vCard"),
    ("noname.vcf", "BEGIN:VCARD\r\nORG:Acme\r\nEND:VCARD\r\n", "has a name (lines 1)"),
])
def test_nothing_usable_is_exit_1_with_why(cli, tmp_path, name: str, text: str, why: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("import", str(write(tmp_path, name, text)))
    assert result.exit_code == 1
    assert result.output.startswith("Error: nothing to import" if "has" in why or "none" in why
                                    else "Error: ")
    assert why in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_importer_and_vcard_do_not_import_each_other() -> None:
    root = Path(__file__).resolve().parents[1] / "prospect" / "upkeep"
    imports: dict[str, set[str]] = {}
    for path in root.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "prospect.upkeep."):
                found.add(node.module.rsplit(".", 1)[1])  # type: ignore[union-attr]
        imports[path.stem] = found
    assert "vcard" in imports["importer"]
    for a, deps in imports.items():
        for b in deps:
            assert a not in imports.get(b, set()), f"{a} and {b} import each other"


# -- cost per row ------------------------------------------------------------------------------

def test_20000_rows_cost_a_few_statements_per_batch(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = 20_000

    def export(title: str) -> Path:
        path = tmp_path / f"{title}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["Name", "Email", "Company", "Title", "Notes"])
            w.writerows([f"Person {i}", f"p{i}@example.com", f"Company {i % 50}", f"{title}",
                         "Met at the fair" if i % 2 else ""] for i in range(rows))
        return path

    statements = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, stmt, *rest: statements.append(stmt))
    with Session(engine) as s:
        first = import_file(s, export("COO"))
        created = len(statements)
        second = import_file(s, export("CFO"))
        updated = len(statements) - created
        assert len(first.created) == rows and len(set(first.created)) == rows
        assert len(second.updated) == rows and second.created == []
        assert count(s, Prospect) == rows
        assert count(s, Note) == rows // 2  # the same note text again is the same note
        assert s.exec(select(func.count()).select_from(Prospect)
                      .where(Prospect.title == "CFO")).one() == rows
    # a few statements per batch of 1,000 rows, never one per row
    assert created / rows < 0.02, created
    assert updated / rows < 0.02, updated


# -- preview, dry run, confirmation ------------------------------------------------------------

def test_dry_run_writes_nothing(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ana García Rojas", "--company", "Acme Logística", "--title", "Directora")
    path = write(tmp_path, "crm.csv", CSV_TEXT)
    from sqlmodel import create_engine

    engine = create_engine(cli.db_url)
    with Session(engine) as s:
        before = (count(s, Prospect), count(s, Event), count(s, Note))
    result = cli("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "  new     bob-muller: " in result.output
    assert "  keep    ana-garcia-rojas (line 2): title 'Directora' was set by hand; the file " \
           "has 'COO'" in result.output
    assert result.output.splitlines()[-2:] == [
        "Would create 1, update 1, leave 0 unchanged, skip 0.",
        "Kept 1 field(s) set by hand (listed above); --overwrite replaces them."]
    as_json = json.loads(cli("import", str(path), "--dry-run", "--json").output)
    assert as_json["dry_run"] is True and as_json["created"] == ["bob-muller"]
    assert as_json["conflicts"] == [{"line": 2, "slug": "ana-garcia-rojas", "field": "title",
                                     "current": "Directora", "file": "COO"}]
    with Session(engine) as s:
        assert (count(s, Prospect), count(s, Event), count(s, Note)) == before
    engine.dispose()


def test_terminal_asks_after_the_preview(cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import prospect.cli.upkeep as cmd

    monkeypatch.setattr(cmd, "interactive", lambda: True)
    path = write(tmp_path, "crm.csv", CSV_TEXT)
    no = cli("import", str(path), input="n\n")
    assert no.exit_code == 1
    assert "Would create 2, update 0, leave 0 unchanged, skip 0." in no.output
    assert no.output.rstrip().endswith("Import? [y/N]: n\nNothing imported.")
    assert cli("list", "--json").output.strip() == "[]"
    yes = cli("import", str(path), input="y\n")
    assert yes.exit_code == 0, yes.output
    assert yes.output.rstrip().endswith("Created 2, updated 0, unchanged 0, skipped 0.")
    assert len(json.loads(cli("list", "--json").output)) == 2
    # nothing would change: no question
    same = cli("import", str(path))
    assert same.exit_code == 0 and "Import?" not in same.output
    assert same.output.rstrip().endswith("Created 0, updated 0, unchanged 2, skipped 0.")
    # --yes does not ask
    changed = write(tmp_path, "changed.csv", CSV_TEXT.replace("CFO", "CEO"))
    again = cli("import", str(changed), "--yes")
    assert "Import?" not in again.output and again.exit_code == 0
    assert again.output.rstrip().endswith("Created 0, updated 1, unchanged 1, skipped 0.")


# -- hand edits --------------------------------------------------------------------------------

def test_hand_edited_title_is_kept_unless_overwrite(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "crm.csv", CSV_TEXT)
    import_file(session, path)
    edit_prospect(session, "ana-garcia-rojas", {"title": "Chief Operating Officer"}, actor="maria")
    newer = write(tmp_path, "newer.csv", CSV_TEXT.replace("COO", "CEO").replace(
        "opportunity", "customer"))
    result = import_file(session, newer, actor="sync")
    assert [(c.slug, c.field, c.current, c.incoming) for c in result.conflicts] == [
        ("ana-garcia-rojas", "title", "Chief Operating Officer", "CEO")]
    ana = session.exec(select(Prospect).where(Prospect.slug == "ana-garcia-rojas")).one()
    session.refresh(ana)
    assert (ana.title, ana.stage) == ("Chief Operating Officer", "customer")  # stage: import's
    result = import_file(session, newer, actor="sync", overwrite=True)
    assert result.conflicts == [] and result.updated == ["ana-garcia-rojas"]
    session.refresh(ana)
    assert ana.title == "CEO"
    edits = session.exec(select(Event.actor, Event.detail).where(
        Event.action == "prospect.edit", Event.prospect_id == ana.id).order_by(Event.id)).all()
    assert [(a, json.loads(d)["changes"]) for a, d in edits] == [
        ("maria", {"title": ["COO", "Chief Operating Officer"]}),
        ("sync", {"stage": ["opportunity", "customer"]}),
        ("sync", {"title": ["Chief Operating Officer", "CEO"]})]
    assert all(json.loads(d).get("via") == "import" for a, d in edits if a == "sync")


def test_fields_set_on_add_are_kept_and_empty_ones_filled(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_prospect(session, ProspectInput(name="Ana García Rojas", company="Acme Logística",
                                        title="Directora"))
    result = import_file(session, write(tmp_path, "crm.csv", CSV_TEXT))
    assert [c.field for c in result.conflicts] == ["title"]
    assert result.updated == ["ana-garcia-rojas"] and result.created == ["bob-muller"]
    ana = session.exec(select(Prospect).where(Prospect.slug == "ana-garcia-rojas")).one()
    assert (ana.title, ana.email, ana.phone) == ("Directora", "ana@acme.example",
                                                  "+34 600 111 222")


def test_a_field_cleared_by_hand_stays_empty(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "crm.csv", CSV_TEXT)
    import_file(session, path)
    edit_prospect(session, "bob-muller", {"title": ""})
    result = import_file(session, path)
    assert [(c.slug, c.field, c.current) for c in result.conflicts] == [
        ("bob-muller", "title", None)]


# -- CRM columns round trip --------------------------------------------------------------------

@pytest.mark.parametrize("fmt, suffix", [("csv", "csv"), ("vcard", "vcf")])
def test_phone_owner_stage_notes_round_trip(session, tmp_path, fmt: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
    first = import_file(session, write(tmp_path, "crm.csv", CSV_TEXT))
    again = import_file(session, write(tmp_path, "crm.csv", CSV_TEXT))
    assert again.unchanged == first.created  # notes are not added twice
    ana = session.exec(select(Prospect).where(Prospect.slug == "ana-garcia-rojas")).one()
    notes = session.exec(select(Note.text).where(Note.prospect_id == ana.id)
                         .order_by(Note.id)).all()
    assert notes == ["Met at SIL Barcelona.", "Wants a pilot in Q3."]
    out = tmp_path / f"back.{suffix}"
    export_crm(session, session.exec(select(Prospect).order_by(Prospect.id)).all(), fmt, out)
    if fmt == "csv":
        row = next(csv.DictReader(out.read_text("utf-8-sig").splitlines(keepends=True)))
        # a leading + is quoted like any formula-like cell; the importer takes the quote off
        assert (row["Phone"], row["Owner"], row["Stage"], row["Notes"]) == (
            "'+34 600 111 222", "María", "opportunity",
            "Met at SIL Barcelona.\n\nWants a pilot in Q3.")
    else:
        text = out.read_bytes().decode("utf-8")
        assert "TEL;TYPE=work:+34 600 111 222\r\n" in text
        assert "NOTE:Met at SIL Barcelona.\r\n" in text and "X-PROSPECT-STAGE:opportunity" in text
    # into a fresh database: the same values come back
    from prospect.store import open_db

    engine = open_db(f"sqlite:///{tmp_path / f'copy-{fmt}.db'}")
    with Session(engine) as other:
        import_file(other, out)
        copy = other.exec(select(Prospect).where(Prospect.slug == "ana-garcia-rojas")).one()
        assert (copy.phone, copy.owner, copy.stage) == ("+34 600 111 222", "María",
                                                        "opportunity")
        assert other.exec(select(Note.text).order_by(Note.id)).all() == notes
    engine.dispose()
    # and into the same one: nothing changes
    assert import_file(session, out).unchanged == ["ana-garcia-rojas", "bob-muller"]


def test_json_export_has_the_crm_fields(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_file(session, write(tmp_path, "crm.csv", CSV_TEXT))
    out = tmp_path / "all.json"
    export_crm(session, session.exec(select(Prospect).order_by(Prospect.id)).all(), "json", out)
    ana = json.loads(out.read_text("utf-8"))["prospects"][0]
    assert (ana["phone"], ana["owner"], ana["stage"]) == ("+34 600 111 222", "María",
                                                          "opportunity")
    assert [(n["text"], n["origin"]) for n in ana["notes"]] == [
        ("Met at SIL Barcelona.", "import"), ("Wants a pilot in Q3.", "import")]


def test_plan_reports_the_same_person_twice_in_one_file(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ("Name,Email,Title,Phone\r\nAna García,ana@x.example,COO,\r\n"
            "Ana Garcia,ANA@x.example,,+34 1\r\n")
    plan = plan_import(session, write(tmp_path, "dup.csv", text))
    assert [(r.action, r.slug) for r in plan.rows] == [("create", "ana-garcia"),
                                                        ("update", "ana-garcia")]
    assert count(session, Prospect) == 0
    import_file(session, write(tmp_path, "dup.csv", text))
    ana = session.exec(select(Prospect)).one()
    assert (ana.title, ana.phone) == ("COO", "+34 1")


def test_missing_file_is_still_a_clear_error(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidValue, match="no such file"):
        plan_import(session, tmp_path / "nope.csv")


def test_two_rows_for_one_prospect_both_apply(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_file(session, write(tmp_path, "crm.csv", CSV_TEXT))
    text = ("Name,Email,Title,Stage\r\nAna García Rojas,ana@acme.example,CEO,\r\n"
            "Ana García Rojas,ANA@acme.example,,customer\r\n")
    result = import_file(session, write(tmp_path, "two.csv", text))
    assert result.updated == ["ana-garcia-rojas", "ana-garcia-rojas"]
    ana = session.exec(select(Prospect).where(Prospect.slug == "ana-garcia-rojas")).one()
    session.refresh(ana)
    assert (ana.title, ana.stage) == ("CEO", "customer")
