"""A database that is not ours is refused untouched; a migration is all or nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from prospect.errors import StoreError
from prospect.store.engine import current_revision, make_engine, migrate, open_db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "crm.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE prospect (id INTEGER PRIMARY KEY, owner TEXT)")
        conn.execute("INSERT INTO prospect (owner) VALUES ('somebody else')")
    before = _digest(path)
    for _ in range(2):  # and the second open fails the same way, not worse
        with pytest.raises(StoreError, match="is not a prospect database .*prospect"):
            open_db(f"sqlite:///{path}")
    assert _digest(path) == before
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"prospect"}
    r = cli("--db", f"sqlite:///{path}", "list")
    assert r.exit_code == 1 and r.stderr.startswith("Error: ")
    assert "nothing was changed" in r.stderr


def test_a_foreign_postgres_database_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE prospect (id INTEGER PRIMARY KEY, owner TEXT)"))
    engine.dispose()
    with pytest.raises(StoreError, match="not a prospect database"):
        open_db(db_url)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == {"prospect"}
    engine.dispose()


def test_a_newer_database_says_upgrade(db_url: str) -> None:
    open_db(db_url).dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"written by a newer prospect \(revision 0999\); "
                                         r"upgrade prospect"):
        open_db(db_url)


def test_a_failed_migration_leaves_the_schema_as_it_was(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine, "0002")
    with engine.begin() as conn:  # something in the way of 0003's last step
        conn.execute(text("CREATE TABLE meeting_attendee (id INTEGER PRIMARY KEY)"))
    with pytest.raises(StoreError):
        open_db(db_url)
    assert current_revision(engine) == "0002"
    with engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("note")}
        tables = set(inspect(conn).get_table_names())
    assert "pinned" not in columns  # 0003's first step was rolled back with the rest
    assert "meeting" not in tables
    engine.dispose()
