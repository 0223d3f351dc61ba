"""Turn one fetched page into stored facts and notes for its prospect (filled in by extraction)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from prospect.store.models import Prospect, Snapshot, Source


@dataclass
class SyncResult:
    """What one page added to, or removed from, a prospect's profile."""

    facts_added: int = 0
    notes_added: int = 0
    notes_gone: int = 0
    warnings: list[str] = field(default_factory=list)


def apply_page(session: Session, prospect: Prospect, source: Source, snapshot: Snapshot,
               html: str, seen_at: datetime) -> SyncResult:
    """Extract facts and notes from `html` (the decoded body of `snapshot`) and store them.

    Called by gather once per new snapshot, inside the session that stores the snapshot;
    the caller commits.
    """
    return SyncResult()
