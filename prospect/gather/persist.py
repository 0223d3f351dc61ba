"""The one place gather writes to the store: a fetch result becomes the source's new state, a
snapshot when the body is new, and extracted facts/notes; one short transaction per source."""

from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from prospect.gather.decode import decode_body
from prospect.gather.fetch import FetchResult

T = TypeVar("T")
LOCK_RETRIES = 6


@dataclass
class Job:
    """One source to fetch, as read at the start of the run."""

    prospect_id: int
    slug: str
    source_id: int
    url: str
    origin: str = "user"
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class SourceResult:
    """How one source fared in this run."""

    prospect: str  # slug
    url: str
    status: str
    http_status: int | None = None
    error: str | None = None
    new_snapshot: bool = False
    origin: str = "user"
    mentions: bool | None = None  # whether the page names the person (None: not read)

    @property
    def outcome(self) -> str:
        """In words: ok, not found, robots.txt forbids, https failed... (see outcome.py)."""
        from prospect.gather.outcome import outcome

        return outcome(self.url, self.status, self.http_status, self.error, self.mentions)

    def to_dict(self) -> dict[str, Any]:
        return {"prospect": self.prospect, "url": self.url, "status": self.status,
                "http_status": self.http_status, "error": self.error,
                "new_snapshot": self.new_snapshot, "origin": self.origin,
                "mentions": self.mentions, "outcome": self.outcome}


def with_lock_retry(fn: Callable[[], T]) -> T:
    """Run a write, retrying when another process holds the SQLite write lock."""
    for attempt in range(LOCK_RETRIES):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc).lower() or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.1 * 2 ** attempt)
    raise AssertionError("unreachable")


def persist(engine: Engine, job: Job, result: FetchResult, seen_at: datetime) -> SourceResult:
    """Store `result` for `job`'s source and commit; extraction failures keep the snapshot."""
    try:
        return with_lock_retry(lambda: _write(engine, job, result, seen_at, extract=True))
    except ExtractionFailed as failed:
        warning = str(failed)
    return with_lock_retry(lambda: _write(engine, job, result, seen_at, extract=False,
                                          warning=warning))


class ExtractionFailed(Exception):
    """apply_page (or its commit) raised: the page is kept, its notes are not."""


def _write(engine: Engine, job: Job, result: FetchResult, seen_at: datetime, *, extract: bool,
           warning: str | None = None) -> SourceResult:
    from sqlmodel import Session, select

    from prospect.store.models import Prospect, Snapshot, Source

    with Session(engine) as s:
        src = s.get(Source, job.source_id)
        if src is None:
            return SourceResult(job.slug, job.url, result.status, result.http_status,
                                "source was removed while gathering", origin=job.origin)
        src.status, src.http_status, src.error = result.status, result.http_status, result.error
        src.last_fetched_at = seen_at
        new_snapshot = False
        mentions: bool | None = None
        if result.status in ("ok", "not_modified"):
            src.etag = result.etag or src.etag
            src.last_modified = result.last_modified or src.last_modified
        if result.status == "ok":
            body = result.body or b""
            digest = hashlib.sha256(body).hexdigest()
            if digest != src.content_hash:
                snap = s.exec(select(Snapshot).where(Snapshot.source_id == src.id,
                                                     Snapshot.content_hash == digest)).first()
                html, encoding = decode_body(body, result.content_type)
                if snap is None:
                    # a body seen before (A -> B -> A) is not stored twice
                    snap = Snapshot(source_id=src.id, fetched_at=seen_at,
                                    final_url=result.final_url or job.url,
                                    http_status=result.http_status,
                                    content_type=result.content_type, encoding=encoding,
                                    body=zlib.compress(body, 6), content_hash=digest)
                    s.add(snap)
                    new_snapshot = True
                src.content_hash = digest
                s.add(src)
                s.flush()
                if extract:
                    mentions = _extract(s, s.get(Prospect, src.prospect_id), src, snap, html,
                                        seen_at).mentions
                else:
                    src.error = warning
        if result.status in ("ok", "not_modified") and mentions is None and extract:
            mentions = _still_mentions(s, src)  # unchanged page: what it gave last time
        s.add(src)
        try:
            s.commit()
        except OperationalError as exc:
            if "locked" in str(exc).lower() or not extract:
                raise
            raise ExtractionFailed(f"extraction failed: {exc}"[:500]) from exc
        except Exception as exc:
            if not extract:
                raise
            raise ExtractionFailed(f"extraction failed: {type(exc).__name__}: {exc}"[:500]) from exc
        return SourceResult(job.slug, job.url, src.status, src.http_status, src.error,
                            new_snapshot, origin=job.origin, mentions=mentions)


def _still_mentions(session: Any, source: Any) -> bool:
    """Whether facts or notes about the person came from this source (an unchanged page)."""
    from sqlmodel import col, select

    from prospect.store.models import Fact, NoteSource

    if session.exec(select(Fact.id).where(Fact.source_id == source.id,
                                          col(Fact.gone_at).is_(None)).limit(1)).first():
        return True
    return session.exec(select(NoteSource.id).where(NoteSource.source_id == source.id)
                        .limit(1)).first() is not None


def _extract(session: Any, prospect: Any, source: Any, snapshot: Any, html: str,
             seen_at: datetime) -> Any:
    from prospect.store import sync

    try:
        return sync.apply_page(session, prospect, source, snapshot, html, seen_at)
    except OperationalError as exc:
        if "locked" in str(exc).lower():
            raise
        session.rollback()
        raise ExtractionFailed(f"extraction failed: {exc}"[:500]) from exc
    except Exception as exc:  # noqa: BLE001 - one bad page never aborts the run
        session.rollback()
        raise ExtractionFailed(f"extraction failed: {type(exc).__name__}: {exc}"[:500]) from exc


def add_discovered(engine: Engine, prospect_id: int, url: str, actor: str | None) -> int | None:
    """Add `url` as a discovered source; None when the prospect already has it."""
    from sqlmodel import Session, select

    from prospect.store.models import Source
    from prospect.store.repo import log_event

    def write() -> int | None:
        with Session(engine) as s:
            if s.exec(select(Source.id).where(Source.prospect_id == prospect_id,
                                              Source.url == url)).first() is not None:
                return None
            src = Source(prospect_id=prospect_id, url=url, origin="discovered")
            s.add(src)
            log_event(s, "source.add", prospect_id, actor, url=url, origin="discovered")
            s.commit()
            return src.id

    return with_lock_retry(write)


def log_run(engine: Engine, prospect_id: int, actor: str | None, counts: dict[str, int],
            **detail: Any) -> None:
    """The audit event of one prospect's gather run."""
    from sqlmodel import Session

    from prospect.store.repo import log_event

    def write() -> None:
        with Session(engine) as s:
            log_event(s, "gather", prospect_id, actor, counts=counts, **detail)
            s.commit()

    with_lock_retry(write)
