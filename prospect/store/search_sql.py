"""The full-text search index and every SQL statement that depends on it, in one place.

Migration 0002 builds the index from the definitions below and `prospect.upkeep.search` runs the
queries. They must agree to the character: PostgreSQL uses a GIN expression index only when a
query repeats its expression exactly, and the FTS5 rowid encoding is read back by the queries.
These definitions are what migration 0002 created: a change to them needs a new migration that
moves existing databases (and that keeps 0002's values written out in it).

SQLite: a contentless FTS5 table whose rowid encodes the row it indexes (note id*4+1, fact
id*4+2, prospect id*4+3). PostgreSQL: `f_unaccent` (an IMMUTABLE wrapper of unaccent) inside
`to_tsvector('simple', ...)`, one GIN index per indexed column.
"""

from __future__ import annotations

FTS_TABLE = "search_fts"
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
NOTE, FACT, PROSPECT = 1, 2, 3  # rowid tags: rowid = id * 4 + tag
# (table, column, rowid tag): what the index holds
SOURCES = (("note", "text", NOTE), ("fact", "value", FACT), ("prospect", "name", PROSPECT))
PG_INDEXES = (("ix_note_search", "note", "text"), ("ix_fact_search", "fact", "value"),
              ("ix_prospect_search", "prospect", "name"))


def tsvector(column: str) -> str:
    """The PostgreSQL expression the GIN indexes are built on (queries must repeat it)."""
    return f"to_tsvector('simple'::regconfig, f_unaccent({column}))"


OPTIMIZE = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('optimize')"

# what a hit shows, over the aliases n (note), f (fact), p (prospect), s (source)
SELECT_HIT = """
SELECT p.slug, p.name,
       CASE WHEN n.id IS NOT NULL THEN n.kind
            WHEN f.id IS NOT NULL THEN 'fact:' || f.field ELSE 'name' END AS kind,
       COALESCE(n.text, f.value, p.name) AS text,
       s.url AS source_url
"""
SELECT_ID = "\nSELECT p.id\n"  # only whose hit it is (the workspace's table filter)


def sqlite_hits(note_tags: str, other_tags: str, note_ok: str, fact_ok: str,
                select: str = SELECT_HIT) -> str:
    """Ranked hits on SQLite. `*_tags`: the rowid tags searched ("1", "2,3"; "-1" for none);
    `*_ok`: SQL conditions on n and f. Parameters: match, floor, ceiling, inner, limit."""
    return f"""
    WITH hits AS (
        SELECT * FROM (SELECT rowid AS rid, bm25({FTS_TABLE}) AS score FROM {FTS_TABLE}
            WHERE {FTS_TABLE} MATCH :match AND rowid >= :floor AND (rowid % 4) IN ({note_tags})
            ORDER BY score LIMIT :inner)
        UNION ALL
        SELECT * FROM (SELECT rowid AS rid, bm25({FTS_TABLE}) AS score FROM {FTS_TABLE}
            WHERE {FTS_TABLE} MATCH :match AND rowid <= :ceiling AND (rowid % 4) IN ({other_tags})
            ORDER BY score LIMIT :inner)
    )
    {select}
    FROM hits h
    LEFT JOIN note n ON h.rid % 4 = {NOTE} AND n.id = h.rid / 4
    LEFT JOIN fact f ON h.rid % 4 = {FACT} AND f.id = h.rid / 4
    JOIN prospect p ON p.id = CASE h.rid % 4 WHEN {NOTE} THEN n.prospect_id
                                            WHEN {FACT} THEN f.prospect_id ELSE h.rid / 4 END
    LEFT JOIN source s ON s.id = COALESCE(n.source_id, f.source_id)
    WHERE (h.rid % 4 != {NOTE} OR (n.gone_at IS NULL AND {note_ok}))
      AND (h.rid % 4 != {FACT} OR (f.gone_at IS NULL AND {fact_ok}))
    ORDER BY h.score, h.rid LIMIT :limit
    """


def sqlite_floor(note_tags: str) -> str:
    """The lowest note rowid among the newest N matches (parameters: match, N - 1)."""
    return (f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? "
            f"AND (rowid % 4) IN ({note_tags}) ORDER BY rowid DESC LIMIT 1 OFFSET ?")


# the highest fact or prospect rowid (a cheap primary-key max)
SQLITE_CEILING = (f"SELECT max(coalesce((SELECT max(id) FROM fact), 0) * 4 + {FACT}, "
                  f"coalesce((SELECT max(id) FROM prospect), 0) * 4 + {PROSPECT})")


def sqlite_count(tags: str) -> str:
    """How many rows match, counting at most up to a limit (parameters: match, limit)."""
    return (f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? "
            f"AND (rowid % 4) IN ({tags}) LIMIT ?)")


def pg_hits(note_ok: str, fact_ok: str, name_ok: str, select: str = SELECT_HIT) -> str:
    """Ranked hits on PostgreSQL through the GIN indexes. Parameters: query, limit."""
    return f"""
    WITH q AS (SELECT plainto_tsquery('simple'::regconfig, f_unaccent(:query)) AS q),
    hits AS (
        SELECT {NOTE} AS tag, n.id, ts_rank({tsvector('n.text')}, q.q) AS score FROM note n, q
        WHERE {tsvector('n.text')} @@ q.q AND n.gone_at IS NULL AND {note_ok}
        UNION ALL
        SELECT {FACT}, f.id, ts_rank({tsvector('f.value')}, q.q) FROM fact f, q
        WHERE {tsvector('f.value')} @@ q.q AND f.gone_at IS NULL AND {fact_ok}
        UNION ALL
        SELECT {PROSPECT}, p.id, ts_rank({tsvector('p.name')}, q.q) FROM prospect p, q
        WHERE {tsvector('p.name')} @@ q.q AND {name_ok}
        ORDER BY score DESC, tag, id LIMIT :limit
    )
    {select}
    FROM hits h
    LEFT JOIN note n ON h.tag = {NOTE} AND n.id = h.id
    LEFT JOIN fact f ON h.tag = {FACT} AND f.id = h.id
    JOIN prospect p ON p.id = CASE h.tag WHEN {NOTE} THEN n.prospect_id
                                        WHEN {FACT} THEN f.prospect_id ELSE h.id END
    LEFT JOIN source s ON s.id = COALESCE(n.source_id, f.source_id)
    ORDER BY h.score DESC, h.tag, h.id
    """
