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
            "action": e.action, "detail": detail}


def summarise(detail: Any, width: int = 100) -> str:
    """One line for a table cell: key=value pairs, long values cut."""
    if not isinstance(detail, dict):
        text = str(detail)
    else:
        text = ", ".join(f"{k}={_short(v)}" for k, v in detail.items())
    return text if len(text) <= width else text[: width - 1] + "…"


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:59] + "…"
