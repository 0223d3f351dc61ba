"""Upgrading a database made by the previous release's schema (0001) keeps every row and
back-fills the search index; downgrading removes the index again."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session

from prospect.store import search_sql
from prospect.store.engine import (
    _alembic_config,
    current_revision,
    head_revision,
    make_engine,
    migrate,
    open_db,
)
from prospect.upkeep.search import search

ROWS = {
    "prospect": "INSERT INTO prospect (id, slug, name, company, lang, created_at, updated_at) "
                "VALUES (7, 'ines-pena', 'Inés Peña', 'Olivar SA', 'es', :t, :t)",
    "source": "INSERT INTO source (id, prospect_id, url, origin, status, created_at) "
              "VALUES (3, 7, 'https://olivar.example/ines', 'user', 'ok', :t)",
    "snapshot": "INSERT INTO snapshot (id, source_id, fetched_at, final_url, body, content_hash) "
                "VALUES (5, 3, :t, 'https://olivar.example/ines', :body, 'abc')",
    "fact": "INSERT INTO fact (id, prospect_id, source_id, field, value, seen_at, last_seen_at) "
            "VALUES (9, 7, 3, 'job_title', 'Jefa de Compras', :t, :t)",
    "note": "INSERT INTO note (id, prospect_id, source_id, origin, kind, text, text_key, "
            "first_seen_at, last_seen_at, updated_at) VALUES (11, 7, 3, 'web', 'goal', "
            "'Quiere modernizar la logística del aceite', 'k', :t, :t, :t)",
    "event": "INSERT INTO event (prospect_id, at, actor, action, detail) "
             "VALUES (7, :t, 'maria', 'prospect.add', '{}')",
}


def _old_database(url: str) -> None:
    """A database as the previous release left it: schema 0001 with data in it."""
    engine = make_engine(url)
    migrate(engine, "0001")
    with engine.begin() as conn:
        for sql in ROWS.values():
            conn.execute(text(sql), {"t": "2025-06-01 10:00:00", "body": b"x\x9c\x03\x00"})
    engine.dispose()


def _counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ROWS}


def test_upgrade_keeps_data_and_indexes_it(db_url: str) -> None:
    _old_database(db_url)
    engine = open_db(db_url)  # what the new release does on open
    assert current_revision(engine) == head_revision()
    assert _counts(engine) == dict.fromkeys(ROWS, 1)
    with Session(engine) as s:
        assert [h["kind"] for h in search(s, "logistica aceite")] == ["goal"]
        assert search(s, "pena")[0] == {"slug": "ines-pena", "name": "Inés Peña", "kind": "name",
                                        "text": "Inés Peña", "source_url": None}
        assert search(s, "compras")[0]["source_url"] == "https://olivar.example/ines"
    engine.dispose()


def test_downgrade_drops_the_index_and_keeps_rows(db_url: str) -> None:
    from alembic import command

    _old_database(db_url)
    engine = open_db(db_url)
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0001")  # type: ignore[arg-type]
    assert current_revision(engine) == "0001"
    assert _counts(engine) == dict.fromkeys(ROWS, 1)
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        assert "search_fts" not in names
        if engine.dialect.name == "postgresql":
            assert not conn.execute(text(
                "SELECT 1 FROM pg_indexes WHERE indexname LIKE '%_search'")).all()
        # writes still work without the triggers (no dangling references to search_fts)
        conn.execute(text("DELETE FROM note"))
        conn.commit()
    engine.dispose()
    again = open_db(db_url)  # and upgrading again rebuilds it
    with Session(again) as s:
        assert search(s, "compras")[0]["kind"] == "fact:job_title"
    again.dispose()


def test_postgres_search_uses_the_gin_indexes(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("GIN expression indexes are PostgreSQL's; SQLite uses FTS5")
    engine = open_db(db_url)
    with engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        # the very query `search` runs, built beside the migration's index definitions
        plan = "\n".join(r[0] for r in conn.execute(
            text("EXPLAIN " + search_sql.pg_hits("1=1", "1=1", "1=1")),
            {"query": "x", "limit": 20}))
    engine.dispose()
    assert {"ix_note_search", "ix_fact_search", "ix_prospect_search"} <= set(
        re.findall(r"ix_\w+_search", plan))
