"""The models in prospect/store/models.py and the schema the migrations make are one schema:
Alembic's autogenerate finds nothing to change, on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import prospect.store.models  # noqa: F401 - registers every table on SQLModel.metadata
from prospect.store.engine import open_db

# Migration 0002's search index has no model on purpose: the FTS5 table `search_fts` (and the
# shadow tables SQLite makes for it) and PostgreSQL's GIN expression indexes `ix_*_search` are
# written and read with SQL in prospect/upkeep/search.py only.
SEARCH_TABLE = "search_fts"
SEARCH_INDEXES = {"ix_fact_search", "ix_note_search", "ix_prospect_search"}
# Migration 0004 creates procrastinate's own tables on PostgreSQL from its schema file: they
# belong to the job queue library, not to our models.
QUEUE_PREFIX = "procrastinate_"


def _not_search(obj: Any, name: str | None, type_: str, reflected: bool, _compare: Any) -> bool:
    if type_ == "table" and name and name.startswith((SEARCH_TABLE, QUEUE_PREFIX)):
        return False
    table = getattr(getattr(obj, "table", None), "name", "") or ""
    if type_ == "index" and (name or "").startswith(QUEUE_PREFIX) or table.startswith(
            QUEUE_PREFIX):
        return False
    return not (type_ == "index" and name in SEARCH_INDEXES)


def test_autogenerate_finds_no_difference_between_models_and_migrations(db_url):
    engine = open_db(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": _not_search})
            diff = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_the_comparison_sees_a_column_the_migrations_lack(sqlite_url):
    """The check above can fail: a model column no migration made is reported."""
    from sqlalchemy import Column, MetaData, Text

    engine = open_db(sqlite_url)
    try:
        extra = MetaData()
        for table in SQLModel.metadata.tables.values():
            table.to_metadata(extra)
        extra.tables["note"].append_column(Column("mood", Text))
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": _not_search})
            diff = compare_metadata(context, extra)
    finally:
        engine.dispose()
    assert [(d[0], d[3].name) for d in diff] == [("add_column", "mood")]
