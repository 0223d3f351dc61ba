"""Full-text search across notes, facts and names: accent- and case-insensitive, ranked.

The SQL lives with the index it depends on (`prospect.store.search_sql`, built by migration
0002); this module picks the statement, fills the parameters and over-fetches on SQLite.
"""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session

from prospect.errors import InvalidValue
from prospect.store import search_sql as q
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
    return [_hit(row) for row in _hits(session, query, kind, limit, q.SELECT_HIT)]


def search_prospect_ids(session: Session, query: str, *, kind: str | None = None,
                        limit: int = DEFAULT_LIMIT) -> list[int]:
    """The prospects `search` would name in its best `limit` hits, best first, each once
    (the workspace's table filter: the same hits, without reading their text)."""
    rows = _hits(session, query, kind, limit, q.SELECT_ID)
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


def _sqlite_hits(session: Session, match: str, kind: str | None, limit: int,
                 select: str) -> list[Any]:
    note_ok, fact_ok, name_ok = _kind_filter(kind, "n", "f")
    notes = str(q.NOTE) if note_ok != "1=0" else "-1"
    others = ",".join(str(t) for t, ok in ((q.FACT, fact_ok), (q.PROSPECT, name_ok))
                      if ok != "1=0") or "-1"
    # Ranking (bm25) is what costs, walking the matches is cheap. Names and facts are few, so
    # all of them are ranked; for notes, a very common word ranks only the newest RANK_CAP
    # matching notes (rowid >= floor is pushed into FTS5). Gone rows are filtered after
    # ranking, so over-fetch (inner) to still fill the page.
    sql = q.sqlite_hits(notes, others, note_ok, fact_ok, select)
    conn = session.connection()
    floor = conn.exec_driver_sql(q.sqlite_floor(notes), (match, RANK_CAP - 1)).scalar() or 0
    # fact and prospect rowids end at the highest ids (a cheap primary-key max), usually far
    # below the notes' rowids, so the range keeps FTS5 from walking the notes' matches again
    ceiling = conn.exec_driver_sql(q.SQLITE_CEILING).scalar()
    params = _params(kind, limit) | {"match": match, "floor": floor, "ceiling": ceiling}
    # a kind filter keeps about one ranked note in eight: over-fetch more from the start
    inner = max(limit * 5, 100) * (10 if kind else 1)
    while True:
        rows = conn.exec_driver_sql(sql, params | {"inner": inner}).all()
        if len(rows) >= limit or inner >= RANK_CAP * 2:
            return list(rows)
        total = conn.exec_driver_sql(q.sqlite_count(f"{notes},{others}"),
                                     (match, inner + 1)).scalar()
        if (total or 0) <= inner:
            return list(rows)
        inner *= 10


def _pg_hits(session: Session, query: str, kind: str | None, limit: int,
             select: str) -> list[Any]:
    from sqlalchemy import text

    sql = q.pg_hits(*_kind_filter(kind, "n", "f"), select)
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
