"""Full-text search across notes, facts and names: accent- and case-insensitive, ranked.

SQLite uses the FTS5 table `search_fts` (migration 0002); PostgreSQL uses to_tsvector over
`f_unaccent` with the GIN indexes of the same migration.
"""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session

from prospect.errors import InvalidValue
from prospect.vocab import NOTE_KINDS

DEFAULT_LIMIT = 20
RANK_CAP = 10_000  # most notes bm25 ranks for one query on SQLite
_TAGS = {1: "note", 2: "fact", 3: "prospect"}
_WORD = re.compile(r"\w", re.UNICODE)


def fts5_query(query: str) -> str:
    """The user's words as FTS5 quoted terms (all must match); no FTS syntax gets through."""
    terms = [t for t in query.split() if _WORD.search(t)]
    if not terms:
        raise InvalidValue(f"search needs at least one word, got {query!r}")
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def check_kind(kind: str | None) -> str | None:
    """`--kind`: a note kind, "name", "fact" or "fact:<field>"."""
    if kind is None:
        return None
    kind = kind.strip().lower()
    if kind in NOTE_KINDS or kind in ("name", "fact") or kind.startswith("fact:"):
        return kind
    raise InvalidValue(f"search kind must be one of {', '.join(NOTE_KINDS)}, name, fact or "
                       f"fact:FIELD, got {kind!r}")


def search(session: Session, query: str, *, kind: str | None = None,
           limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Best hits first: `{slug, name, kind, text, source_url}`; gone notes and facts excluded."""
    return [_hit(row) for row in _hits(session, query, kind, limit, _SELECT)]


def search_prospect_ids(session: Session, query: str, *, kind: str | None = None,
                        limit: int = DEFAULT_LIMIT) -> list[int]:
    """The prospects `search` would name in its best `limit` hits, best first, each once
    (the workspace's table filter: the same hits, without reading their text)."""
    rows = _hits(session, query, kind, limit, _SELECT_ID)
    return list(dict.fromkeys(int(row[0]) for row in rows))


def _hits(session: Session, query: str, kind: str | None, limit: int,
          select: str) -> list[Any]:
    kind = check_kind(kind)
    if limit < 1:
        raise InvalidValue(f"limit must be at least 1, got {limit}")
    if not query or not query.strip():
        raise InvalidValue("search needs at least one word")
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _sqlite_hits(session, fts5_query(query), kind, limit, select)
    if dialect == "postgresql":
        return _pg_hits(session, query, kind, limit, select)
    raise InvalidValue(f"search is not available on {dialect}")  # pragma: no cover


def _kind_filter(kind: str | None, note: str, fact: str) -> tuple[str, str, str]:
    """SQL conditions for note, fact and name rows under `--kind` (1=0 switches a part off)."""
    if kind is None:
        return "1=1", "1=1", "1=1"
    if kind == "name":
        return "1=0", "1=0", "1=1"
    if kind == "fact":
        return "1=0", "1=1", "1=0"
    if kind.startswith("fact:"):
        return "1=0", f"{fact}.field = :field", "1=0"
    return f"{note}.kind = :kind", "1=0", "1=0"


_SELECT = """
SELECT p.slug, p.name,
       CASE WHEN n.id IS NOT NULL THEN n.kind
            WHEN f.id IS NOT NULL THEN 'fact:' || f.field ELSE 'name' END AS kind,
       COALESCE(n.text, f.value, p.name) AS text,
       s.url AS source_url
"""
_SELECT_ID = "\nSELECT p.id\n"


def _sqlite_hits(session: Session, match: str, kind: str | None, limit: int,
                 select: str) -> list[Any]:
    note_ok, fact_ok, name_ok = _kind_filter(kind, "n", "f")
    notes = "1" if note_ok != "1=0" else "-1"
    others = ",".join(str(t) for t, ok in ((2, fact_ok), (3, name_ok)) if ok != "1=0") or "-1"
    # Ranking (bm25) is what costs, walking the matches is cheap. Names and facts are few, so
    # all of them are ranked; for notes, a very common word ranks only the newest RANK_CAP
    # matching notes (rowid >= floor is pushed into FTS5). Gone rows are filtered after
    # ranking, so over-fetch (inner) to still fill the page.
    sql = f"""
    WITH hits AS (
        SELECT * FROM (SELECT rowid AS rid, bm25(search_fts) AS score FROM search_fts
            WHERE search_fts MATCH :match AND rowid >= :floor AND (rowid % 4) IN ({notes})
            ORDER BY score LIMIT :inner)
        UNION ALL
        SELECT * FROM (SELECT rowid AS rid, bm25(search_fts) AS score FROM search_fts
            WHERE search_fts MATCH :match AND rowid <= :ceiling AND (rowid % 4) IN ({others})
            ORDER BY score LIMIT :inner)
    )
    {select}
    FROM hits h
    LEFT JOIN note n ON h.rid % 4 = 1 AND n.id = h.rid / 4
    LEFT JOIN fact f ON h.rid % 4 = 2 AND f.id = h.rid / 4
    JOIN prospect p ON p.id = CASE h.rid % 4 WHEN 1 THEN n.prospect_id
                                            WHEN 2 THEN f.prospect_id ELSE h.rid / 4 END
    LEFT JOIN source s ON s.id = COALESCE(n.source_id, f.source_id)
    WHERE (h.rid % 4 != 1 OR (n.gone_at IS NULL AND {note_ok}))
      AND (h.rid % 4 != 2 OR (f.gone_at IS NULL AND {fact_ok}))
    ORDER BY h.score, h.rid LIMIT :limit
    """
    conn = session.connection()
    floor = conn.exec_driver_sql(
        f"SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND (rowid % 4) IN ({notes}) "
        f"ORDER BY rowid DESC LIMIT 1 OFFSET ?", (match, RANK_CAP - 1)).scalar() or 0
    # fact and prospect rowids end at the highest ids (a cheap primary-key max), usually far
    # below the notes' rowids, so the range keeps FTS5 from walking the notes' matches again
    ceiling = conn.exec_driver_sql(
        "SELECT max(coalesce((SELECT max(id) FROM fact), 0) * 4 + 2, "
        "coalesce((SELECT max(id) FROM prospect), 0) * 4 + 3)").scalar()
    params = _params(kind, limit) | {"match": match, "floor": floor, "ceiling": ceiling}
    # a kind filter keeps about one ranked note in eight: over-fetch more from the start
    inner = max(limit * 5, 100) * (10 if kind else 1)
    while True:
        rows = conn.exec_driver_sql(sql, params | {"inner": inner}).all()
        if len(rows) >= limit or inner >= RANK_CAP * 2:
            return list(rows)
        total = conn.exec_driver_sql(
            f"SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? "
            f"AND (rowid % 4) IN ({notes},{others}) LIMIT ?)", (match, inner + 1)).scalar()
        if (total or 0) <= inner:
            return list(rows)
        inner *= 10


def _pg_hits(session: Session, query: str, kind: str | None, limit: int,
             select: str) -> list[Any]:
    note_ok, fact_ok, name_ok = _kind_filter(kind, "n", "f")
    tsv = "to_tsvector('simple'::regconfig, f_unaccent({}))"
    sql = f"""
    WITH q AS (SELECT plainto_tsquery('simple'::regconfig, f_unaccent(:query)) AS q),
    hits AS (
        SELECT 1 AS tag, n.id, ts_rank({tsv.format('n.text')}, q.q) AS score FROM note n, q
        WHERE {tsv.format('n.text')} @@ q.q AND n.gone_at IS NULL AND {note_ok}
        UNION ALL
        SELECT 2, f.id, ts_rank({tsv.format('f.value')}, q.q) FROM fact f, q
        WHERE {tsv.format('f.value')} @@ q.q AND f.gone_at IS NULL AND {fact_ok}
        UNION ALL
        SELECT 3, p.id, ts_rank({tsv.format('p.name')}, q.q) FROM prospect p, q
        WHERE {tsv.format('p.name')} @@ q.q AND {name_ok}
        ORDER BY score DESC, tag, id LIMIT :limit
    )
    {select}
    FROM hits h
    LEFT JOIN note n ON h.tag = 1 AND n.id = h.id
    LEFT JOIN fact f ON h.tag = 2 AND f.id = h.id
    JOIN prospect p ON p.id = CASE h.tag WHEN 1 THEN n.prospect_id
                                        WHEN 2 THEN f.prospect_id ELSE h.id END
    LEFT JOIN source s ON s.id = COALESCE(n.source_id, f.source_id)
    ORDER BY h.score DESC, h.tag, h.id
    """
    from sqlalchemy import text

    return list(session.connection().execute(text(sql), _params(kind, limit) | {"query": query}))


def _params(kind: str | None, limit: int) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": limit}
    if kind and kind.startswith("fact:"):
        params["field"] = kind.split(":", 1)[1]
    elif kind and kind not in ("name", "fact"):
        params["kind"] = kind
    return params


def _hit(row: Any) -> dict[str, Any]:
    return {"slug": row[0], "name": row[1], "kind": row[2], "text": row[3], "source_url": row[4]}
