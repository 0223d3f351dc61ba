"""Schema is made by Alembic migrations only, from a blank database, on both backends."""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect

from prospect.store.engine import current_revision, head_revision, make_engine, open_db

EXPECTED = {
    "prospect": {"id", "slug", "name", "company", "title", "location", "email",
                 "company_domain", "lang", "created_at", "updated_at"},
    "source": {"id", "prospect_id", "url", "origin", "status", "http_status", "error", "etag",
               "last_modified", "content_hash", "last_fetched_at"},
    "snapshot": {"id", "source_id", "fetched_at", "final_url", "http_status", "content_type",
                 "body", "content_hash"},
    "fact": {"id", "prospect_id", "source_id", "field", "value", "seen_at"},
    "note": {"id", "prospect_id", "source_id", "origin", "kind", "category", "text", "lang",
             "confidence", "first_seen_at", "last_seen_at", "gone_at", "author"},
    "story_version": {"id", "toml", "loaded_at"},
    "brief": {"id", "prospect_id", "story_version_id", "created_at", "note_ids"},
    "event": {"id", "prospect_id", "at", "actor", "action", "detail"},
}


def test_blank_database_gets_every_table_and_column(db_url):
    engine = open_db(db_url)
    try:
        insp = inspect(engine)
        tables = set(insp.get_table_names())
        assert "alembic_version" in tables
        for table, columns in EXPECTED.items():
            got = {c["name"] for c in insp.get_columns(table)}
            assert columns <= got, f"{table} lacks {columns - got}"
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_open_twice_is_idempotent(db_url):
    open_db(db_url).dispose()
    engine = open_db(db_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_sqlite_runs_wal_with_foreign_keys_and_busy_timeout(tmp_path):
    path = tmp_path / "p.db"
    engine = open_db(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()
    # the file is a real SQLite database another tool can read
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM prospect").fetchone() == (0,)


def test_engine_factory_builds_no_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'bare.db'}")
    assert current_revision(engine) is None
    engine.dispose()


def test_head_from_file_names_is_alembics_head():
    from alembic.script import ScriptDirectory

    from prospect.resources import migrations_dir

    script = ScriptDirectory(str(migrations_dir()))
    assert head_revision() == script.get_current_head()
    for rev in script.walk_revisions():
        assert rev.path and rev.path.rsplit("/", 1)[-1].startswith(f"{rev.revision}_")
