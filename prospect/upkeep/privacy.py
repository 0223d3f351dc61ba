"""The researched person's rights (GDPR Art. 15 and 17) and retention.

`export_data` gives everything held on one person; `forget` erases it so that no byte of it
stays in the database files; `prune` drops evidence older than a retention period.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from prospect.dates import parse_age
from prospect.errors import InvalidValue
from prospect.store import tally
from prospect.store.models import (
    Brief,
    Event,
    Fact,
    Note,
    NoteSource,
    Prospect,
    Snapshot,
    Source,
    utcnow,
)
from prospect.store.repo import delete_prospect_rows, log_event
from prospect.text import fold

BATCH = 5000
LOCK_TIMEOUT_S = 30


def _iso(value: Any) -> Any:
    return value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else value


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: _iso(v) for k, v in obj.model_dump().items() if k not in skip}


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def snapshot_text(snap: Snapshot) -> str | None:
    """The decoded page of a snapshot (None when the body is not readable text)."""
    try:
        raw = zlib.decompress(snap.body)
    except zlib.error:
        raw = snap.body
    ctype = (snap.content_type or "text/html").lower()
    if not (ctype.startswith("text/") or "xml" in ctype or "json" in ctype):
        return None
    try:
        return raw.decode(snap.encoding or "utf-8", errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


# -- Art. 15: a copy of everything ------------------------------------------------------------

def export_data(session: Session, prospect: Prospect) -> dict[str, Any]:
    """Everything held on one person, as JSON-ready data (snapshots decoded to text)."""
    pid = prospect.id
    sources = session.exec(select(Source).where(Source.prospect_id == pid)
                           .order_by(col(Source.id))).all()
    urls = {s.id: s.url for s in sources}
    snaps = session.exec(select(Snapshot).where(col(Snapshot.source_id).in_(list(urls)))
                         .order_by(col(Snapshot.id))).all() if urls else []
    notes = session.exec(select(Note).where(Note.prospect_id == pid).order_by(col(Note.id))).all()
    seen: dict[int, list[str]] = {}
    if notes:
        for ns in session.exec(select(NoteSource).where(
                col(NoteSource.note_id).in_([n.id for n in notes]))):
            seen.setdefault(ns.note_id, []).append(urls.get(ns.source_id, ""))
    facts = session.exec(select(Fact).where(Fact.prospect_id == pid).order_by(col(Fact.id))).all()
    briefs = session.exec(select(Brief).where(Brief.prospect_id == pid)
                          .order_by(col(Brief.id))).all()
    return {
        "exported_at": _iso(utcnow()),
        "profile": _row(prospect),
        "sources": [_row(s) for s in sources],
        "snapshots": [_row(s, ("body",)) | {"source_url": urls.get(s.source_id),
                                            "text": snapshot_text(s)} for s in snaps],
        "facts": [_row(f) | {"source_url": urls.get(f.source_id or 0)} for f in facts],
        "notes": [_row(n) | {"sources": seen.get(n.id or 0, [])} for n in notes],
        "briefs": [_row(b, ("model", "note_ids")) | {"note_ids": _json(b.note_ids),
                                                     "model": _json(b.model)} for b in briefs],
        "events": [_row(e, ("detail",)) | {"detail": _json(e.detail)}
                   for e in _events_about(session, prospect)],
    }


def write_export(session: Session, prospect: Prospect, path: Path) -> dict[str, int]:
    """`export_data` to a JSON file (written whole, then renamed); returns counts per part."""
    data = export_data(session, prospect)
    path = Path(path)
    if path.is_dir():
        raise InvalidValue(f"{path} is a folder; give a file name, e.g. {path / 'export.json'}")
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n",
                       encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidValue(f"cannot write {path}: {exc.strerror}") from None
    return {k: len(v) for k, v in data.items() if isinstance(v, list)}


def _needles(prospect: Prospect) -> list[re.Pattern[str]]:
    words = {fold(prospect.name), prospect.slug, fold(prospect.email or "")} - {""}
    return [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in words]


def _events_about(session: Session, prospect: Prospect) -> Iterator[Event]:
    """Events of this prospect, and any other event whose detail names them."""
    needles = _needles(prospect)
    q = select(Event).order_by(col(Event.id)).execution_options(yield_per=1000)
    for e in session.exec(q):
        if e.prospect_id == prospect.id:
            yield e
            continue
        detail = e.detail or ""
        parsed = _json(detail)
        if not isinstance(parsed, str):
            detail = json.dumps(parsed, ensure_ascii=False)  # undo \u escapes
        folded = fold(detail)
        if any(n.search(folded) for n in needles):
            yield e


# -- Art. 17: erasure -------------------------------------------------------------------------

def forget(session: Session, prospect: Prospect, actor: str | None = None,
           snapshots: bool = False) -> dict[str, Any]:
    """Erase the person and everything derived from them; leave one event with no personal data.

    Other prospects' stored pages and notes that name the person are listed in the result
    (`mentions`); with `snapshots`, those pages' stored copies are dropped too (the notes
    drawn from them stay). SQLite: secure_delete, FTS index merged, WAL checkpointed and
    VACUUMed, so the bytes are gone from the .db and -wal files. PostgreSQL: delete, then
    VACUUM FULL the touched tables.
    """
    pid = prospect.id
    assert pid is not None
    name = prospect.name
    engine = session.get_bind()
    sqlite = engine.dialect.name == "sqlite"
    conn = session.connection()
    if sqlite:
        conn.exec_driver_sql("PRAGMA secure_delete=ON")  # freed pages are zeroed, not left
    mentions = find_mentions(session, prospect)
    event_ids = [e.id for e in _events_about(session, prospect) if e.id is not None]
    counts = delete_prospect_rows(session, pid, event_ids)
    counts.setdefault("events", 0)
    if snapshots and mentions["pages"]:
        ids = [m["snapshot_id"] for m in mentions["pages"]]
        _drop(session, "snapshots", ids)
        counts["other_snapshots"] = len(ids)
        for m in mentions["pages"]:
            m["dropped"] = True
    session.expunge(prospect)
    log_event(session, "prospect.forget", pid, actor, record=pid, deleted=counts)
    if sqlite:
        # contentless FTS5 keeps deleted tokens in old segments until they are merged
        from prospect.store.search_sql import OPTIMIZE

        session.connection().exec_driver_sql(OPTIMIZE)
    session.commit()
    session.close()  # hand the connection back so VACUUM gets the database to itself
    warning = _compact(engine, sqlite)
    return {"record": pid, "name": name, "deleted": counts, "mentions": mentions,
            "warning": warning}


_TAG = re.compile(r"<[^>]*>")


def _page_words(snap: Snapshot) -> str:
    """A stored page as folded words (tags and entities gone), for finding a name in it."""
    import html

    text = snapshot_text(snap) or ""
    return " ".join(fold(html.unescape(_TAG.sub(" ", text))).split())


def find_mentions(session: Session, prospect: Prospect) -> dict[str, list[dict[str, Any]]]:
    """Other prospects' stored pages and notes that name `prospect` (name or e-mail)."""
    words = {" ".join(fold(prospect.name).split()), fold(prospect.email or "")} - {""}
    needles = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in words]
    if not needles:
        return {"pages": [], "notes": []}
    others = {p.id: p for p in session.exec(select(Prospect).where(Prospect.id != prospect.id))}
    pages: list[dict[str, Any]] = []
    q = (select(Snapshot, Source).join(Source, col(Source.id) == col(Snapshot.source_id))
         .where(Source.prospect_id != prospect.id).order_by(col(Snapshot.id))
         .execution_options(yield_per=200))
    for snap, src in session.exec(q):
        folded = _page_words(snap)
        if any(n.search(folded) for n in needles):
            owner = others.get(src.prospect_id)
            pages.append({"snapshot_id": snap.id, "url": src.url, "dropped": False,
                          "prospect": owner.slug if owner else "",
                          "prospect_name": owner.name if owner else ""})
    notes: dict[int, int] = {}
    nq = (select(Note.prospect_id, Note.text).where(Note.prospect_id != prospect.id)
          .execution_options(yield_per=1000))
    for owner_id, text_ in session.exec(nq):
        folded = " ".join(fold(text_ or "").split())
        if any(n.search(folded) for n in needles):
            notes[owner_id] = notes.get(owner_id, 0) + 1
    return {"pages": pages,
            "notes": [{"prospect": others[i].slug, "prospect_name": others[i].name,
                       "count": c} for i, c in sorted(notes.items()) if i in others]}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def forget_report(result: dict[str, Any], label: str | None = None) -> list[str]:
    """What `forget` did, in plain language: one line, then what is left elsewhere."""
    d = result["deleted"]
    parts = [_plural(d.get("sources", 0), "source"), _plural(d.get("notes", 0), "note")]
    parts += [_plural(d[k], one) for k, one in (("facts", "fact"), ("snapshots", "stored page"),
                                                ("briefs", "brief")) if d.get(k)]
    lines = [f"Erased {label or result['name']}: {', '.join(parts)}; the audit log keeps that "
             "an erasure happened, not who."]
    pages = result["mentions"]["pages"]
    dropped = [p for p in pages if p["dropped"]]
    kept = [p for p in pages if not p["dropped"]]
    if dropped:
        lines.append(f"Also dropped the stored copies of {_plural(len(dropped), 'page')} kept "
                     f"for other prospects that named them ({_where(dropped)}); the notes drawn "
                     "from those pages stay.")
    if kept:
        lines.append(f"Their name is still inside the stored copies of "
                     f"{_plural(len(kept), 'page')} kept for other prospects ({_where(kept)}). "
                     "'prospect forget REF --snapshots' drops such copies along with the person.")
    notes = result["mentions"]["notes"]
    if notes:
        who = "; ".join(f"{n['prospect_name']} ({n['prospect']}): {_plural(n['count'], 'note')}"
                        for n in notes[:10])
        lines.append(f"Their name is mentioned in notes about other prospects, which stay: "
                     f"{who}{' and more' if len(notes) > 10 else ''}. Review them with "
                     "'prospect note list REF'.")
    return lines


def _where(pages: list[dict[str, Any]]) -> str:
    shown = [f"{p['url']} for {p['prospect_name']}" for p in pages[:5]]
    more = f" and {len(pages) - 5} more" if len(pages) > 5 else ""
    return "; ".join(shown) + more


def _compact(engine: Any, sqlite: bool) -> str | None:
    """Rewrite the files so deleted rows leave no trace; a warning if others hold the tables."""
    from sqlalchemy.exc import OperationalError

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        try:
            if sqlite:
                conn.exec_driver_sql("PRAGMA secure_delete=ON")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.exec_driver_sql("VACUUM")
                # VACUUM itself went through the WAL: copy it in and empty the file again
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
                if busy and busy[0]:
                    return ("another prospect process is reading the database; run "
                            "'prospect forget' again later to finish wiping the WAL file")
            else:
                # a teammate's open transaction must not make forget hang for ever
                conn.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT_S}s'")
                for table in ("note_source", "note", "fact", "snapshot", "source", "brief",
                              "event", "prospect"):
                    conn.exec_driver_sql(f"VACUUM FULL {table}")
        except OperationalError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            return (f"the rows are deleted, but the database could not be compacted yet "
                    f"({reason}); run VACUUM FULL when nobody else is using it")
    return None


# -- retention --------------------------------------------------------------------------------

def prune(session: Session, older_than: str, actor: str | None = None) -> dict[str, Any]:
    """Delete snapshots, web notes and facts not seen within `older_than`; manual notes stay."""
    cutoff = utcnow() - parse_age(older_than)
    counts = {"snapshots": 0, "notes": 0, "facts": 0}
    for name, model, cond in (
        ("snapshots", Snapshot, col(Snapshot.fetched_at) < cutoff),
        ("notes", Note, (col(Note.origin) == "web") & (col(Note.last_seen_at) < cutoff)),
        ("facts", Fact, col(Fact.last_seen_at) < cutoff),
    ):
        while True:  # in batches: short transactions let a running gather keep writing
            ids = [i for i in session.exec(select(model.id).where(cond).limit(BATCH)).all()
                   if i is not None]
            if not ids:
                break
            _drop(session, name, ids)
            counts[name] += len(ids)
            session.commit()
    log_event(session, "prune", None, actor, older_than=older_than, cutoff=_iso(cutoff),
              deleted=counts)
    session.commit()
    return {"cutoff": _iso(cutoff), "deleted": counts}


def _drop(session: Session, name: str, ids: list[int]) -> None:
    if name == "snapshots":
        # explicit SET NULL: the result must not depend on the backend's foreign-key settings
        for model in (Note, NoteSource):
            session.exec(update(model).where(col(model.snapshot_id).in_(ids))
                         .values(snapshot_id=None))
        session.exec(delete(Snapshot).where(col(Snapshot.id).in_(ids)))
        return
    table: Any = Note if name == "notes" else Fact
    # bulk DELETEs the ORM does not see: the prospects' figures are recomputed at commit
    tally.mark(session, session.exec(select(table.prospect_id)
                                     .where(col(table.id).in_(ids)).distinct()).all())
    if name == "notes":
        session.exec(delete(NoteSource).where(col(NoteSource.note_id).in_(ids)))
        session.exec(delete(Note).where(col(Note.id).in_(ids)))
    else:
        session.exec(delete(Fact).where(col(Fact.id).in_(ids)))
