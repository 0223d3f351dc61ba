"""The one place gather writes to the store: a fetch result becomes the source's new state, a
snapshot when the body is new, and the page's facts and notes; the page is read (decoded,
extracted, classified) before its one short transaction."""

from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from prospect.decode import decode_body
from prospect.extract import Person
from prospect.gather.fetch import FetchResult
from prospect.gather.pipeline import read_html
from prospect.store import sync
from prospect.store.engine import read_session
from prospect.store.models import Prospect, Snapshot, Source
from prospect.store.repo import log_event
from prospect.store.sync import PageContent

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
    # what the run read with the job: the source's last body (its sha256) and the person;
    # without `person`, `prepare` reads both when the page comes
    content_hash: str | None = None
    person: Person | None = None


@dataclass
class SourceResult:
    """How one source fared in this run, and what its page added to the profile."""

    prospect: str  # slug
    url: str
    status: str
    http_status: int | None = None
    error: str | None = None
    new_snapshot: bool = False
    origin: str = "user"
    facts_added: int = 0
    notes_added: int = 0
    notes_gone: int = 0
    warnings: list[str] = field(default_factory=list)
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
                "facts_added": self.facts_added, "notes_added": self.notes_added,
                "notes_gone": self.notes_gone, "warnings": list(self.warnings),
                "mentions": self.mentions, "outcome": self.outcome}


@dataclass
class Prepared:
    """A fetched page after the pure step (decode, extract, classify), before any write."""

    digest: str | None = None  # sha256 of the body; None unless the fetch was ok
    encoding: str | None = None
    page: PageContent | None = None  # None: unchanged since the last snapshot, or failed
    warning: str | None = None  # why a changed page has no content


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


def prepare(engine: Engine, job: Job, result: FetchResult, *, force: bool = False
            ) -> Prepared:
    """Run the pure step on a fetched page whose body differs from the source's last one
    (or on any body with `force`); writes nothing.

    The source's last body and the person are those the job was planned with; a job
    without them (and `force`) reads them now. Should another process store a body for the
    source meanwhile, the write sees it and has the page prepared again with `force`."""
    if result.status != "ok":
        return Prepared()
    body = result.body or b""
    digest = hashlib.sha256(body).hexdigest()
    if job.person is not None and not force:
        if job.content_hash == digest:
            return Prepared(digest)
        return _read(job, result, digest, job.person)
    with read_session(engine) as s:
        row = s.execute(sa_select(col(Source.content_hash), col(Prospect.name),
                                  col(Prospect.company), col(Prospect.title),
                                  col(Prospect.lang))
                        .join(Prospect, col(Prospect.id) == col(Source.prospect_id))
                        .where(col(Source.id) == job.source_id,
                               col(Source.prospect_id) == job.prospect_id)).first()
    if row is None:
        return Prepared(digest, warning="source was removed while gathering")
    content_hash, name, company, title, lang = row
    if content_hash == digest and not force:
        return Prepared(digest)
    return _read(job, result, digest, Person(name, company, title, lang))


def _read(job: Job, result: FetchResult, digest: str, person: Person) -> Prepared:
    html, encoding = decode_body(result.body or b"", result.content_type)
    try:
        page = read_html(html, result.final_url or job.url, person, result.content_type)
    except Exception as exc:  # noqa: BLE001 - one bad page never aborts the run
        return Prepared(digest, encoding,
                        warning=f"extraction failed: {type(exc).__name__}: {exc}"[:500])
    return Prepared(digest, encoding, page)


def persist(engine: Engine, job: Job, result: FetchResult, seen_at: datetime,
            prepared: Prepared | None = None) -> SourceResult:
    """Store `result` for `job`'s source (and its prepared content) in one short transaction.

    A page whose content cannot be written keeps its snapshot, with the reason on the source.
    """
    ready = prepared or prepare(engine, job, result)
    try:
        return with_lock_retry(lambda: _write(engine, job, result, seen_at, ready))
    except _Unprepared:
        # another process stored a different body meanwhile: this one is new again
        return persist(engine, job, result, seen_at, prepare(engine, job, result, force=True))
    except ContentNotWritten as failed:
        warning = str(failed)
    bare = Prepared(ready.digest, ready.encoding, warning=warning)
    return with_lock_retry(lambda: _write(engine, job, result, seen_at, bare))


Page = tuple[Job, FetchResult, datetime, Prepared]


def persist_pages(engine: Engine, pages: list[Page],
                  also: Callable[[Session, list[SourceResult]], None] | None = None
                  ) -> list[SourceResult] | None:
    """Store several fetched pages (a worker's run for one prospect) in one short
    transaction: what they are compared with is read in one query per table, and the
    prospect's figures are worked out once, at the commit, instead of once a page.

    None when that transaction could not be written (it wrote nothing then): the caller
    stores each page on its own with `persist`, which knows what to do with a page that
    fails. Each page is written as `persist` would write it, in the order given. `also`
    adds to the same transaction, given what the pages came to (the run's audit event).
    """
    if len({job.source_id for job, *_ in pages}) != len(pages):
        return None  # a source twice: each page must see the one before it committed
    try:
        with Session(engine) as s:
            known = read_known(s, pages)
            steps = [_page(s, job, result, seen_at, prepared, known)
                     for job, result, seen_at, prepared in pages]
            s.flush()  # every new snapshot and source state at once
            out = [_content(s, step, flush=False) if isinstance(step, _Step) else step
                   for step in steps]
            if also is not None:
                also(s, out)
            s.commit()  # and every fact, note and link at once, where none needed an id
            return out
    except Exception:  # noqa: BLE001 - rolled back; each page on its own says what failed
        return None


@dataclass
class Known:
    """What a batch of pages is compared with, read before its first write: their sources
    (in the session), the snapshots that already hold their new bodies, and the facts,
    notes and note links of each page whose content is written."""

    states: dict[int, sync.PageState]
    snapshots: dict[tuple[int, str], Snapshot]
    sources: dict[int, Source]  # held, so the session's (weak) identity map keeps them


def read_known(s: Session, pages: list[Page]) -> Known:
    ids = [job.source_id for job, *_ in pages]
    sources = {src.id: src for src in s.exec(select(Source).where(col(Source.id).in_(ids)))
               if src.id is not None}
    new_body: dict[int, str] = {}  # source id -> the digest of a body it has not had last
    owners: dict[int, int] = {}  # source id -> prospect, for the pages with content
    for job, result, _, prepared in pages:
        src = sources.get(job.source_id)
        if src is None or src.id is None or result.status != "ok" or \
                (prepared.digest or "") == src.content_hash:
            continue
        new_body[src.id] = prepared.digest or ""
        if prepared.page is not None:
            owners[src.id] = src.prospect_id
    snapshots: dict[tuple[int, str], Snapshot] = {}
    if new_body:
        for snap in s.exec(select(Snapshot).where(
                col(Snapshot.source_id).in_(new_body),
                col(Snapshot.content_hash).in_(set(new_body.values())))
                .order_by(col(Snapshot.id))):
            if new_body.get(snap.source_id) == snap.content_hash:
                snapshots.setdefault((snap.source_id, snap.content_hash), snap)
    return Known(sync.read_states(s, owners) if owners else {}, snapshots, sources)


class ContentNotWritten(Exception):
    """Writing a page's facts and notes (or its commit) raised: the page is kept, its content
    is not."""


class _Unprepared(Exception):
    """The body is new to the source, but the pure step skipped it as already seen."""


def _write(engine: Engine, job: Job, result: FetchResult, seen_at: datetime,
           prepared: Prepared) -> SourceResult:
    with Session(engine) as s:
        out = _page(s, job, result, seen_at, prepared)
        if isinstance(out, _Step):
            if out.snap is not None:
                s.flush()
            out = _content(s, out)
        try:
            s.commit()
        except OperationalError as exc:
            if "locked" in str(exc).lower() or prepared.page is None:
                raise
            raise ContentNotWritten(f"extraction failed: {exc}"[:500]) from exc
        except Exception as exc:
            if prepared.page is None:
                raise
            raise ContentNotWritten(
                f"extraction failed: {type(exc).__name__}: {exc}"[:500]) from exc
        return out


@dataclass
class _Step:
    """A page between its two writes: its source and snapshot rows are in the session, its
    content (facts and notes) is not yet."""

    job: Job
    prepared: Prepared
    seen_at: datetime
    src: Source
    snap: Snapshot | None  # the page's body, when it is new to the source
    state: sync.PageState | None
    new_snapshot: bool
    mentions: bool | None


def _page(s: Session, job: Job, result: FetchResult, seen_at: datetime, prepared: Prepared,
          known: Known | None = None) -> SourceResult | _Step:
    """The first of a page's two writes, in the session `s`: the source's new state and the
    snapshot of a new body. `known` is what a batch of pages read before its first write;
    without it, the rows this page needs are read here. A SourceResult when there is no
    second write (the source was removed meanwhile)."""
    page = prepared.page
    src = s.get(Source, job.source_id)
    if src is None:
        return SourceResult(job.slug, job.url, result.status, result.http_status,
                            "source was removed while gathering", origin=job.origin)
    assert src.id is not None
    digest = prepared.digest or ""
    changed = result.status == "ok" and digest != src.content_hash
    if changed and page is None and prepared.warning is None:
        raise _Unprepared
    # every read happens before the first write, so the write lock is held briefly
    state = (known.states[src.id] if known is not None else
             sync.read_state(s, src.prospect_id, src.id)) if changed and page else None
    # whether the page names them: from its content, or (unchanged) what it gave before
    mentions = page.mentions if page is not None else (
        _still_mentions(s, src) if result.status in ("ok", "not_modified") else None)
    if not changed:
        snap = None
    elif known is not None:
        snap = known.snapshots.get((src.id, digest))
    else:
        snap = s.exec(select(Snapshot).where(Snapshot.source_id == src.id,
                                             Snapshot.content_hash == digest)).first()
    src.status, src.http_status, src.error = result.status, result.http_status, result.error
    src.last_fetched_at = seen_at
    new_snapshot = False
    if result.status in ("ok", "not_modified"):
        src.etag = result.etag or src.etag
        src.last_modified = result.last_modified or src.last_modified
    if changed:
        if snap is None:
            # a body seen before (A -> B -> A) is not stored twice
            snap = Snapshot(source_id=src.id, fetched_at=seen_at,
                            final_url=result.final_url or job.url,
                            http_status=result.http_status,
                            content_type=result.content_type, encoding=prepared.encoding,
                            body=zlib.compress(result.body or b"", 6), content_hash=digest)
            s.add(snap)
            new_snapshot = True
        src.content_hash = digest
    s.add(src)
    return _Step(job, prepared, seen_at, src, snap if changed else None, state, new_snapshot,
                 mentions)


def _content(s: Session, step: _Step, flush: bool = True) -> SourceResult:
    """The second of a page's writes: its facts and notes (the snapshot has its id)."""
    src, page, counts = step.src, step.prepared.page, sync.SyncResult()
    if step.snap is not None:
        if page is not None:
            counts = _apply(s, src, step.snap, page, step.seen_at, step.state, flush)
        else:
            src.error = step.prepared.warning
    job = step.job
    # read now, as the commit expires them: reading them after would cost a transaction
    return SourceResult(job.slug, job.url, src.status, src.http_status, src.error,
                        step.new_snapshot, origin=job.origin, facts_added=counts.facts_added,
                        notes_added=counts.notes_added, notes_gone=counts.notes_gone,
                        warnings=counts.warnings, mentions=step.mentions)


def _apply(session: Session, source: Source, snapshot: Snapshot, page: PageContent,
           seen_at: datetime, state: sync.PageState | None, flush: bool) -> sync.SyncResult:
    try:
        return sync.apply_page(session, source.prospect_id, source, snapshot, page, seen_at,
                               state, flush=flush)
    except OperationalError as exc:
        if "locked" in str(exc).lower():
            raise
        session.rollback()
        raise ContentNotWritten(f"extraction failed: {exc}"[:500]) from exc
    except Exception as exc:  # noqa: BLE001 - one bad page never aborts the run
        session.rollback()
        raise ContentNotWritten(
            f"extraction failed: {type(exc).__name__}: {exc}"[:500]) from exc


def _still_mentions(session: Any, source: Any) -> bool:
    """Whether facts or notes about the person came from this source (an unchanged page)."""
    from sqlmodel import col, select

    from prospect.store.models import Fact, NoteSource

    if session.exec(select(Fact.id).where(Fact.source_id == source.id,
                                          col(Fact.gone_at).is_(None)).limit(1)).first():
        return True
    return session.exec(select(NoteSource.id).where(NoteSource.source_id == source.id)
                        .limit(1)).first() is not None


def add_discovered(engine: Engine, prospect_id: int, url: str, actor: str | None) -> int | None:
    """Add `url` as a discovered source; None when the prospect already has it."""
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
    def write() -> None:
        with Session(engine) as s:
            log_event(s, "gather", prospect_id, actor, counts=counts, **detail)
            s.commit()

    with_lock_retry(write)
