"""The audit log of one prospect: edits, notes, gathers and briefs, with who and when."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from prospect.store.models import Event, Prospect


def history(session: Session, prospect: Prospect, limit: int | None = None) -> list[dict[str, Any]]:
    """Events of `prospect`, oldest first: `{at, actor, action, detail}` (detail parsed)."""
    q = select(Event).where(Event.prospect_id == prospect.id).order_by(col(Event.at), col(Event.id))
    events = session.exec(q).all()
    if limit is not None:
        events = events[-limit:]
    return [event_dict(e) for e in events]


def history_of(session: Session, ref: str, limit: int | None = None) -> list[dict[str, Any]]:
    """History by REF; a forgotten prospect's id still shows the event that records it."""
    from prospect.errors import NotFound
    from prospect.store.repo import get_prospect

    try:
        return history(session, get_prospect(session, ref), limit=limit)
    except NotFound:
        if not ref.strip().isdigit():
            raise
        events = session.exec(select(Event).where(Event.prospect_id == int(ref))
                              .order_by(col(Event.at), col(Event.id))).all()
        if not events:
            raise
        return [event_dict(e) for e in events][-(limit or len(events)):]


def event_dict(e: Event) -> dict[str, Any]:
    try:
        detail = json.loads(e.detail or "{}")
    except ValueError:
        detail = {"raw": e.detail}  # written by hand or by an older version: show it as is
    return {"id": e.id, "at": e.at.isoformat(timespec="seconds"), "actor": e.actor,
            "action": e.action, "detail": detail, "text": describe(e.action, detail)}


FIELD_WORDS = {"title": "title", "company": "company", "name": "name", "location": "location",
               "email": "e-mail", "company_domain": "company site", "lang": "brief language",
               "phone": "phone", "owner": "owner", "stage": "stage", "text": "text",
               "kind": "kind", "category": "category"}
LANG_WORDS = {"en": "English", "es": "Spanish"}


def when(at: str) -> str:
    """'2026-12-03T08:05:09+00:00' -> '2026-12-03 08:05 UTC' (the log is kept in UTC)."""
    return at[:16].replace("T", " ") + (" UTC" if len(at) > 16 else "")


def _v(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _quoted(text: Any) -> str:
    return f"“{_v(text)}”"


def _diff(changes: Any) -> str:
    if not isinstance(changes, dict):
        return _v(changes)
    parts = []
    for field, pair in changes.items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        word = FIELD_WORDS.get(field, field.replace("_", " "))
        parts.append(f"{word}: {_v(old)} → {_v(new)}")
    return "; ".join(parts)


def _count(n: Any, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def describe(action: str, detail: Any) -> str:
    """One sentence a person understands for an audit event; values are never cut."""
    d = detail if isinstance(detail, dict) else {"raw": detail}
    if "raw" in d and len(d) == 1:
        return f"{action}: {_v(d['raw'])}"
    note = f"note {d['note_id']}" if d.get("note_id") is not None else "a note"
    if action == "prospect.add":
        urls = d.get("urls") or []
        pages = f", with {_count(len(urls), 'page')} to gather" if urls else ""
        return f"Added {d.get('name') or 'this prospect'}{pages}."
    if action == "prospect.edit":
        text = f"Changed the profile: {_diff(d.get('changes') or {})}" if d.get("changes") \
            else "Changed the profile"
        if d.get("urls"):
            text += f"; added pages {', '.join(map(_v, d['urls']))}"
        return text + "."
    if action == "prospect.remove":
        return f"Removed this prospect ({_v(d.get('slug'))})."
    if action == "prospect.forget":
        deleted = d.get("deleted") or {}
        total = sum(v for v in deleted.values() if isinstance(v, int)) \
            if isinstance(deleted, dict) else deleted
        return (f"Erased everything held on this person ({_count(total, 'row')}); only this "
                f"record of the erasure is kept.")
    if action == "source.add":
        found = "Discovery found" if d.get("origin") == "discovered" else "Added"
        return f"{found} the page {_v(d.get('url'))} to gather."
    if action == "source.remove":
        return f"Removed the page {_v(d.get('url'))}."
    if action == "note.add":
        cat = f" ({d['category']})" if d.get("category") else ""
        return f"Added {note} ({_v(d.get('kind'))}{cat}): {_quoted(d.get('text'))}."
    if action == "note.edit":
        return f"Changed {note}: {_diff(d.get('changes') or {})}."
    if action == "note.delete":
        return f"Deleted {note}: {_quoted(d.get('text'))}."
    if action == "note.paste":
        skipped = f", {d['skipped']} already noted" if d.get("skipped") else ""
        src = f" from {d['source_url']}" if d.get("source_url") else ""
        return f"Pasted text{src}: {_count(d.get('count', 0), 'note')} added{skipped}."
    if action == "gather" and isinstance(d.get("counts"), dict):
        counts = d["counts"]
        n_pages = sum(v for v in counts.values() if isinstance(v, int))
        how = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in counts.items())
        found = f"; discovery found {_count(d['discovered'], 'new page')}" \
            if d.get("discovered") else ""
        return f"Gathered {_count(n_pages, 'page')}" + (f" ({how})" if how else "") + found + "."
    if action == "brief":
        fmt = str(d.get("format") or "").upper()
        lang = LANG_WORDS.get(d.get("lang") or "", d.get("lang") or "")
        lang = f" in {lang}" if lang else ""
        notes = f" ({_count(d['notes'], 'note')})" if d.get("notes") is not None else ""
        sent = ", marked as sent to the buyer" if d.get("sent") else ""
        if d.get("path"):
            return f"Wrote a {fmt} brief{lang} to {d['path']}{notes}{sent}."
        if sent:
            return f"Showed a {fmt} brief{lang}{notes}{sent}."
        if "given" not in d:  # logged before previews were told apart
            return f"Made a {fmt} brief{lang}{notes}."
        given = d.get("given", True)
        return (f"Showed a {fmt} brief{lang} on screen{notes}" +
                (" (a preview: it does not count as given)." if not given else "."))
    return f"{action}: " + "; ".join(f"{k.replace('_', ' ')}: {_v(v)}" for k, v in d.items())
