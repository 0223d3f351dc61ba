"""Rights of the person researched: export everything, forget everything; and retention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select
from upkeep_support import brief, days_ago, fact, person, snapshot, source, web_note

from prospect.errors import InvalidValue
from prospect.store import open_db
from prospect.store.models import Event, Fact, Note, Prospect, Snapshot
from prospect.store.repo import add_note, log_event
from prospect.upkeep.privacy import export_data, forget, parse_age, prune
from prospect.upkeep.search import search

NAME = "Zoë Quintanilla-Ferreira"
PHRASE = "xylophone quarterly roadmap"
NEEDLES = [NAME, "Zoë", "ZOË", "zoë", "Quintanilla", "QUINTANILLA", "quintanilla",
           "Ferreira", "ferreira", PHRASE, PHRASE.upper(), "Xylophone", "zoe@brightline.example"]


def seed(session: Session) -> Prospect:
    """The person to forget, with everything a profile can hold, and someone to keep."""
    zoe = person(session, NAME, "Brightline", email="zoe@brightline.example", title="Planner")
    src = source(session, zoe, "https://brightline.example/people/zoe-quintanilla")
    snap = snapshot(session, src, f"<html><h1>{NAME}</h1><p>Her {PHRASE} for 2026.</p></html>")
    web_note(session, zoe, src, f"Zoë presented the {PHRASE} at the summit", snap=snap)
    add_note(session, zoe.id, f"Quintanilla asked us about the {PHRASE}", kind="event",  # type: ignore[arg-type]
             actor="maria")
    fact(session, zoe, src, "job_title", "Quintanilla Planning Lead")
    brief(session, zoe, days_ago(0), model=json.dumps({"prospect": {"name": NAME}}))
    # events that name her without her id: a team import and a gather over several people
    log_event(session, "import", None, "maria", file="leads.csv", names=[NAME, "Bob Müller"])
    log_event(session, "gather", None, "maria", prospects=["zoe-quintanilla-ferreira"])
    log_event(session, "story.load", None, "maria", company="Brightline Freight")
    bob = person(session, "Bob Müller", "Nordwind")
    web_note(session, bob, source(session, bob, "https://nordwind.example/"), "Bob likes rail")
    session.commit()
    return zoe


def test_export_data_has_everything(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    zoe = seed(session)
    data = export_data(session, zoe)
    assert data["profile"]["name"] == NAME and data["profile"]["email"] == "zoe@brightline.example"
    assert [s["url"] for s in data["sources"]] == [
        "https://brightline.example/people/zoe-quintanilla"]
    assert PHRASE in data["snapshots"][0]["text"] and "body" not in data["snapshots"][0]
    assert data["snapshots"][0]["content_type"] == "text/html"
    assert {n["origin"] for n in data["notes"]} == {"web", "manual"}
    web = next(n for n in data["notes"] if n["origin"] == "web")
    assert web["sources"] == ["https://brightline.example/people/zoe-quintanilla"]
    assert data["facts"][0]["value"] == "Quintanilla Planning Lead"
    assert data["briefs"][0]["model"] == {"prospect": {"name": NAME}}
    actions = [e["action"] for e in data["events"]]
    assert actions == ["prospect.add", "note.add", "import", "gather"]
    json.dumps(data)  # everything is plain JSON


def test_export_data_cli(cli, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    zoe = seed(session)
    out = tmp_path / "zoe.json"
    result = cli("export-data", zoe.slug, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote everything held on {NAME} to {out}")
    data = json.loads(out.read_text("utf-8"))
    assert data["profile"]["slug"] == zoe.slug and len(data["notes"]) == 2
    assert cli("export-data", "nobody", "-o", str(out)).exit_code == 1


def _db_files(url: str) -> list[Path]:
    db = Path(url.removeprefix("sqlite:///"))
    return [p for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()]


def _found(files: list[Path]) -> set[str]:
    blob = b"".join(p.read_bytes() for p in files)
    return {n for n in NEEDLES if n.encode("utf-8") in blob}


def test_forget_leaves_no_byte_in_sqlite_files(sqlite_url) -> None:
    engine = open_db(sqlite_url)
    with Session(engine) as session:
        zoe = seed(session)
        pid = zoe.id
        assert search(session, "quintanilla")
        # the test can fail: before, her data is in the files
        assert {NAME, PHRASE, "Quintanilla"} <= _found(_db_files(sqlite_url))
        result = forget(session, zoe, actor="dpo")
        assert result["deleted"]["notes"] == 2 and result["deleted"]["events"] == 4
    with Session(engine) as session:
        assert session.get(Prospect, pid) is None
        assert search(session, "quintanilla") == [] and search(session, "xylophone") == []
        assert search(session, "bob")[0]["name"] == "Bob Müller"  # others are kept
        events = session.exec(select(Event).order_by(Event.id)).all()  # type: ignore[arg-type]
        assert [e.action for e in events][-1] == "prospect.forget"
        assert "story.load" in [e.action for e in events]
        last = events[-1]
        assert last.prospect_id == pid and last.actor == "dpo"
        assert json.loads(last.detail)["record"] == pid
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        fts = session.connection().exec_driver_sql(
            "INSERT INTO search_fts(search_fts, rank) VALUES('integrity-check', 0)")
        assert fts is not None
    engine.dispose()
    assert _found(_db_files(sqlite_url)) == set()
    assert b"Bob M\xc3\xbcller" in b"".join(p.read_bytes() for p in _db_files(sqlite_url))


def test_forget_on_both_backends_leaves_no_row(engine, session) -> None:  # type: ignore[no-untyped-def]
    zoe = seed(session)
    forget(session, zoe)
    with engine.connect() as conn:
        tables = [t for t in engine.dialect.get_table_names(conn) if t != "alembic_version"]
        for table in tables:
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            blob = " ".join(str(v) for row in rows for v in row).lower()
            for needle in ("quintanilla", "xylophone", "zoë", "zoe@"):
                assert needle not in blob, f"{needle!r} still in table {table}"
    assert session.exec(select(Note)).all()  # Bob's note stays
    assert session.exec(select(Fact)).all() == []


def test_forget_cli_asks_first(cli, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    zoe = seed(session)
    slug, pid = zoe.slug, zoe.id
    result = cli("forget", slug)  # no terminal and no --yes: nothing is asked or erased
    assert result.exit_code == 1 and "add --yes" in result.output
    monkeypatch.setattr("prospect.cli.common.interactive", lambda: True)
    result = cli("forget", slug, input="n\n")
    assert result.exit_code == 1 and "Nothing deleted." in result.output
    assert f"Erase {NAME} (zoe-quintanilla-ferreira) and all their data" in result.output
    session.expire_all()
    assert session.get(Prospect, pid) is not None
    session.close()  # an open transaction would hold PostgreSQL's VACUUM FULL back
    result = cli("forget", slug, input="y\n")
    assert result.exit_code == 0, result.output
    assert f"Erased {NAME} (zoe-quintanilla-ferreira)" in result.output
    assert "Warning" not in result.output
    assert cli("forget", slug, "--yes").output.startswith("Error: no prospect")
    after = json.loads(cli("history", str(pid), "--json").output)
    assert [e["action"] for e in after] == ["prospect.forget"]
    assert NAME not in json.dumps(after, ensure_ascii=False)


def test_prune_keeps_recent_and_manual(cli, session) -> None:  # type: ignore[no-untyped-def]
    p = person(session)
    src = source(session, p, "https://acme.example/")
    old_snap = snapshot(session, src, "<p>old page</p>", at=days_ago(400))
    new_snap = snapshot(session, src, "<p>new page</p>", at=days_ago(10))
    old = web_note(session, p, src, "Old web note", first=days_ago(500), last=days_ago(400),
                   snap=old_snap)
    recent = web_note(session, p, src, "Recent web note", first=days_ago(500), last=days_ago(3),
                      snap=old_snap)
    manual = web_note(session, p, None, "Old manual note", first=days_ago(700))
    fact(session, p, src, "job_title", "Old title", seen=days_ago(800), gone=days_ago(500))
    fact(session, p, src, "job_title", "New title", seen=days_ago(5))
    ids = {"old": old.id, "recent": recent.id, "manual": manual.id}
    result = prune(session, "365d", actor="ops")
    assert result["deleted"] == {"snapshots": 1, "notes": 1, "facts": 1}
    session.expire_all()
    assert [s.id for s in session.exec(select(Snapshot)).all()] == [new_snap.id]
    assert {n.id for n in session.exec(select(Note)).all()} == {ids["recent"], ids["manual"]}
    assert session.get(Note, ids["recent"]).snapshot_id is None  # type: ignore[union-attr]
    assert [f.value for f in session.exec(select(Fact)).all()] == ["New title"]
    ev = session.exec(select(Event).where(Event.action == "prune")).one()
    assert json.loads(ev.detail)["deleted"]["notes"] == 1 and ev.actor == "ops"
    out = cli("prune", "--older-than", "1w", "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["deleted"] == {"snapshots": 1, "notes": 0, "facts": 0}
    out = cli("prune", "--older-than", "1y")
    assert out.output.startswith("Deleted 0 snapshots, 0 web notes and 0 facts last seen before")
    out = cli("prune", "--older-than", "a year")
    assert out.exit_code == 1 and out.output.startswith("Error: --older-than must be")


@pytest.mark.parametrize("value, days", [("365d", 365), ("52w", 364), ("12m", 360), ("1Y", 365),
                                         (" 30 d ", 30)])
def test_parse_age(value: str, days: int) -> None:
    assert parse_age(value).days == days


@pytest.mark.parametrize("value", ["", "365", "0d", "-5d", "1.5y", "365 days", "d"])
def test_parse_age_rejects(value: str) -> None:
    with pytest.raises(InvalidValue, match="--older-than"):
        parse_age(value)


def test_forget_does_not_hang_behind_a_teammates_transaction(engine, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's VACUUM FULL waits for locks; SQLite's VACUUM is tested above")
    monkeypatch.setattr("prospect.upkeep.privacy.LOCK_TIMEOUT_S", 1)
    zoe = seed(session)
    with engine.connect() as teammate:
        teammate.execute(text("SELECT count(*) FROM prospect"))  # holds a lock until it ends
        result = forget(session, zoe)
        teammate.rollback()
    assert "could not be compacted yet" in result["warning"]
    with Session(engine) as fresh:
        assert fresh.get(Prospect, result["record"]) is None  # the erasure itself happened
