"""search index: accent- and case-insensitive full-text search over notes, facts and names

The names, the rowid tags and the indexed expression come from `prospect.store.search_sql`, the
one home of the search SQL, so the queries cannot drift from the index they rely on.

SQLite: one contentless FTS5 table `search_fts` (tokenizer unicode61, remove_diacritics 2)
kept in sync by triggers. Its rowid encodes what a row points at, so triggers delete by rowid:
note id*4+1, fact id*4+2, prospect id*4+3. Contentless, so note text is not stored twice.

PostgreSQL: the unaccent extension, an IMMUTABLE wrapper `f_unaccent` (unaccent itself is only
STABLE, so it cannot be used in an index) and GIN expression indexes that the search query uses.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from alembic import op

from prospect.store.search_sql import FTS_TABLE, FTS_TOKENIZER, PG_INDEXES, SOURCES, tsvector

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _sqlite_upgrade() -> None:
    op.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
               f"body, content='', tokenize='{FTS_TOKENIZER}')")
    for table, column, tag in SOURCES:
        rid_new, rid_old = f"new.id*4+{tag}", f"old.id*4+{tag}"
        delete = (f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body) "
                  f"VALUES ('delete', {rid_old}, old.{column});")
        insert = f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES ({rid_new}, new.{column});"
        op.execute(f"CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER {table}_search_ad AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(f"CREATE TRIGGER {table}_search_au AFTER UPDATE OF {column} ON {table} "
                   f"BEGIN {delete} {insert} END")
        op.execute(f"INSERT INTO {FTS_TABLE}(rowid, body) "
                   f"SELECT id*4+{tag}, {column} FROM {table}")


def _sqlite_downgrade() -> None:
    for table, _column, _tag in SOURCES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def _pg_upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(
        "CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        "$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$")
    for name, table, column in PG_INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({tsvector(column)})")


def _pg_downgrade() -> None:
    for name, _table, _column in PG_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP FUNCTION IF EXISTS f_unaccent(text)")
    # the extension stays: other databases objects may use it, and it holds no data


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
    elif op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_downgrade()
    elif op.get_bind().dialect.name == "postgresql":
        _pg_downgrade()
