"""The refresh job: gather one prospect again. The same code runs inline (SQLite, or
`refresh` without `--enqueue`) and inside a team's worker processes.

A worker's run stores its pages together in one short transaction, at the end of the run
(see `prospect.gather.run`), and gathering recognises a page it has already stored, so a
job that is run twice (a worker killed mid-job, then retried) stores its results once.
A prospect whose pages failed for a passing reason (a timeout, 429, 5xx) raises
`TransientFailure`, so the queue retries it later with backoff.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from prospect.config import GatherSettings
from prospect.errors import GatherError
from prospect.gather.run import GatherReport, SharedGather, gather
from prospect.store.engine import read_session
from prospect.store.models import Prospect, Source

TRANSIENT_HTTP = (408, 425, 429, 500, 502, 503, 504)


class TransientFailure(Exception):
    """Some pages failed for a reason that may pass: try the prospect again later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class RefreshOutcome:
    prospect_id: int
    slug: str
    counts: dict[str, int] = field(default_factory=dict)
    transient: list[str] = field(default_factory=list)
    skipped: str | None = None  # why nothing was gathered (no pages, no domain)


def is_transient(status: str, http_status: int | None, error: str | None) -> bool:
    if status != "error":
        return False
    if http_status is not None:
        return http_status in TRANSIENT_HTTP
    text = (error or "").lower()
    return any(w in text for w in ("timed out", "timeout", "connect", "reset", "unreachable"))


def due_prospects(session: Session, *, older_than: datetime | None,
                  ids: Sequence[int] | None = None) -> list[int]:
    """Prospects (all, or `ids`) whose pages were last gathered before `older_than`."""
    last = (select(Source.prospect_id, func.max(Source.last_fetched_at).label("at"))
            .group_by(col(Source.prospect_id)).subquery())
    stmt = select(Prospect.id).outerjoin(last, last.c.prospect_id == Prospect.id)
    if ids is not None:
        stmt = stmt.where(col(Prospect.id).in_(list(ids)))
    if older_than is not None:
        stmt = stmt.where((last.c.at.is_(None)) | (last.c.at < older_than))
    return [int(i) for i in session.exec(stmt.order_by(col(Prospect.id))).all()
            if i is not None]


def _subject(engine: Engine, prospect_id: int) -> tuple[str, str | None] | None:
    with read_session(engine) as s:
        p = s.get(Prospect, prospect_id)
        return (p.slug, p.company_domain) if p is not None else None


def _outcome(prospect_id: int, slug: str, report: GatherReport) -> RefreshOutcome:
    out = RefreshOutcome(prospect_id, slug, counts=report.counts())
    out.transient = [f"{r.url}: {r.error or r.http_status}" for r in report.results
                     if is_transient(r.status, r.http_status, r.error)]
    return out


def refresh_prospect(engine: Engine, prospect_id: int, settings: GatherSettings, *,
                     actor: str | None = None, limiter: Callable[..., Any] | None = None,
                     robots_store: Any = None) -> RefreshOutcome:
    """Gather one prospect's pages (with discovery where a company domain is known)."""
    subject = _subject(engine, prospect_id)
    if subject is None:
        return RefreshOutcome(prospect_id, "", skipped="no such prospect any more")
    slug, domain = subject
    try:
        report = gather(engine, [prospect_id], settings, discover=bool(domain), actor=actor,
                        limiter=limiter, robots_store=robots_store)
    except GatherError as exc:
        return RefreshOutcome(prospect_id, slug, skipped=str(exc))
    return _outcome(prospect_id, slug, report)


async def refresh_shared(engine: Engine, prospect_id: int, shared: SharedGather, *,
                         actor: str | None = None) -> RefreshOutcome:
    """`refresh_prospect` inside a worker's event loop, with what its jobs share: the
    prospect is read with its pages, in the run's one read."""
    plans = await shared.load_plans(engine, [prospect_id])
    if not plans:
        return RefreshOutcome(prospect_id, "", skipped="no such prospect any more")
    slug = plans[0].slug
    try:
        # discovery where a company domain is known, as refresh_prospect
        report = await shared.gather(engine, [prospect_id], discover=None, actor=actor,
                                     plans=plans)
    except GatherError as exc:
        return RefreshOutcome(prospect_id, slug, skipped=str(exc))
    return _outcome(prospect_id, slug, report)
