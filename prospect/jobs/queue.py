"""A team's job queue on the PostgreSQL database it already shares (procrastinate).

`refresh` jobs gather one prospect each. A queueing lock per prospect means a prospect is
queued at most once at a time; a lock per prospect means two workers never gather the same
one together. A job whose pages failed for a passing reason is retried with backoff (or
after the site's Retry-After); after `max_attempts()` it stays failed, its last error kept in
the audit log for `prospect jobs`. Workers send heartbeats; a job whose worker stopped
sending them (killed) is put back in the queue by the next worker that looks. A `tick` job
every minute runs what `prospect schedule` set up: the nightly refresh.

A worker's jobs run in its one event loop and share one gatherer (HTTP client, fleet-wide
slots, robots.txt answers, a reading and a writing thread), so the connections it holds stay
at WORKER_CONNECTIONS whatever its concurrency.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, col, select

from prospect.config import GatherSettings
from prospect.errors import InvalidValue, ProspectError
from prospect.jobs.politeness import FLEET_CONNECTIONS, FleetLimiter, PgRobotsStore
from prospect.jobs.refresh import TransientFailure, refresh_shared
from prospect.store.models import Event, Prospect, Setting, utcnow
from prospect.store.repo import log_event

if TYPE_CHECKING:
    from prospect.gather.run import SharedGather

QUEUE = "refresh"
TASK_REFRESH = "prospect.refresh"
TASK_TICK = "prospect.tick"
TASK_PACK = "prospect.pack"
TEAM = "team"  # the settings row owner for what the whole team shares
HEARTBEAT_S = 2.0
STALLED_AFTER_S = 10.0
# a worker's PostgreSQL connections, whatever its --concurrency: procrastinate's pool (jobs,
# heartbeats, the stalled-job reaper) and its LISTEN connection; the store's pool (one
# reading and one writing thread shared by every job, and the jobs' own bookkeeping); the
# fleet limiter's two (slot locks, pacing and robots.txt; the LISTEN for freed slots)
QUEUE_CONNECTIONS = 2
STORE_CONNECTIONS = 3
WORKER_CONNECTIONS = QUEUE_CONNECTIONS + 1 + STORE_CONNECTIONS + FLEET_CONNECTIONS
NEEDS_TEAM_DB = ("a team database is needed for this: PostgreSQL "
                 "(--db postgresql+psycopg://user@host:5432/dbname); with SQLite, run "
                 "'prospect refresh' without --enqueue")

_STATUS = {"todo": "queued", "doing": "running", "succeeded": "done", "failed": "failed",
           "cancelled": "cancelled", "aborting": "running", "aborted": "cancelled"}


class TeamDatabaseNeeded(ProspectError):
    """The command needs PostgreSQL, the database a team shares."""


def require_team_db(db_url: str) -> str:
    """The psycopg connection string of a PostgreSQL URL; a clear error for SQLite."""
    url = make_url(db_url)
    if url.get_backend_name() != "postgresql":
        raise TeamDatabaseNeeded(NEEDS_TEAM_DB)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def named(db_url: str, name: str) -> str:
    """`db_url` whose connections show as `name` in pg_stat_activity.application_name."""
    return make_url(db_url).update_query_dict({"application_name": name[:63]}).render_as_string(
        hide_password=False)


def worker_name() -> str:
    """How a worker's connections are named in pg_stat_activity: machine and process."""
    import socket

    return f"prospect-worker-{socket.gethostname()}-{os.getpid()}"


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if 0 < value < 1e6 else default


def max_attempts() -> int:
    """How many times a job runs before it stays failed ($PROSPECT_JOB_TRIES, default 5)."""
    return int(_env_number("PROSPECT_JOB_TRIES", 5))


class _Retry:
    """Backoff 5 s, 10 s, 20 s… ($PROSPECT_JOB_BACKOFF is the first wait), or the site's own
    Retry-After when it gave one."""

    def __new__(cls) -> Any:
        from procrastinate import BaseRetryStrategy, RetryDecision

        class Strategy(BaseRetryStrategy):
            def get_retry_decision(self, *, exception: BaseException,
                                   job: Any) -> RetryDecision | None:
                if not isinstance(exception, TransientFailure):
                    return None
                if job.attempts + 1 >= max_attempts():
                    return None
                first = _env_number("PROSPECT_JOB_BACKOFF", 5.0)
                wait = exception.retry_after or first * 2 ** job.attempts
                return RetryDecision(retry_in={"seconds": int(min(wait, 3600)) or 1})

        return Strategy()


@dataclass
class JobRow:
    id: int
    task: str
    prospect: str | None
    status: str
    attempts: int
    scheduled_for: datetime | None
    last_error: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "task": self.task, "prospect": self.prospect,
                "status": self.status, "attempts": self.attempts,
                "scheduled_for": self.scheduled_for.isoformat(timespec="seconds")
                if self.scheduled_for else None, "last_error": self.last_error}


@cache
def _engine(db_url: str) -> Engine:
    """The store's engine for a worker: schema checked, then at most STORE_CONNECTIONS
    connections (threads wait for one rather than open more)."""
    from sqlmodel import create_engine

    from prospect.store import open_db, textguard

    open_db(db_url).dispose()  # creates or upgrades the schema
    engine = create_engine(db_url, pool_pre_ping=True, pool_size=STORE_CONNECTIONS,
                           max_overflow=0)
    textguard.install(engine)
    return engine


class WorkerKit:
    """What a worker's jobs share, made inside its event loop on the first job: the store's
    engine and one SharedGather (HTTP client, fleet limiter, robots.txt store, threads)."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self._shared: SharedGather | None = None

    def engine(self) -> Engine:
        return _engine(self.db_url)

    def shared(self) -> SharedGather:
        if self._shared is None:
            from prospect.gather.run import SharedGather

            settings = GatherSettings.from_env()
            fleet = FleetLimiter(require_team_db(self.db_url), settings.concurrency,
                                 settings.per_host, settings.delay)
            self._shared = SharedGather(settings, fleet, PgRobotsStore(fleet))
        return self._shared

    async def aclose(self) -> None:
        if self._shared is not None:
            await self._shared.aclose()


def make_app(db_url: str, kit: WorkerKit | None = None) -> Any:
    """The procrastinate app for `db_url` with prospect's tasks registered; a worker passes
    the `kit` its jobs share (without one, each job makes and closes its own)."""
    import procrastinate

    conninfo = require_team_db(db_url)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(
        conninfo=conninfo, min_size=1, max_size=QUEUE_CONNECTIONS))

    @app.task(name=TASK_REFRESH, queue=QUEUE, retry=_Retry(), pass_context=True)
    async def refresh(context: Any, prospect_id: int) -> dict[str, Any]:
        mine = kit or WorkerKit(db_url)
        engine = mine.engine()
        try:
            out = await refresh_shared(engine, prospect_id, mine.shared(), actor="worker")
            if out.transient:
                raise TransientFailure(f"{len(out.transient)} page(s) failed for a passing "
                                       f"reason, first: {out.transient[0]}")
        except Exception as exc:
            await asyncio.to_thread(_log_failure, engine, prospect_id, context.job, exc)
            raise
        finally:
            if kit is None:
                await mine.aclose()
        return {"slug": out.slug, "counts": out.counts, "skipped": out.skipped}

    @app.task(name=TASK_PACK, queue="schedule", retry=_Retry(), pass_context=True)
    async def pack(context: Any, user: str, day: str) -> dict[str, Any]:
        engine = _engine(db_url)
        try:
            return await asyncio.to_thread(morning_pack, engine, user, day)
        except Exception as exc:
            await asyncio.to_thread(_log_failure, engine, None, context.job, exc)
            raise

    @app.periodic(cron="* * * * *", periodic_id="tick")
    @app.task(name=TASK_TICK, queue="schedule", queueing_lock="tick", pass_context=True)
    async def tick(context: Any, timestamp: int) -> int:
        return await run_schedule(app, db_url, datetime.fromtimestamp(timestamp, UTC))

    return app


def _log_failure(engine: Engine, prospect_id: int | None, job: Any,
                 exc: BaseException) -> None:
    with Session(engine) as s:
        log_event(s, "job.error", prospect_id, "worker", job_id=job.id,
                  attempt=job.attempts + 1, error=f"{type(exc).__name__}: {exc}"[:500])
        s.commit()


# -- enqueueing -----------------------------------------------------------------------------

async def _enqueue(app: Any, prospect_ids: Sequence[int], chunk: int = 500) -> int:
    """Queue one refresh per prospect not already queued (the app is open); how many."""
    from procrastinate import exceptions

    task = app.tasks[TASK_REFRESH]
    added = 0
    for start in range(0, len(prospect_ids), chunk):
        ids = list(prospect_ids[start:start + chunk])
        locks = [f"refresh-{i}" for i in ids]
        rows = await app.connector.execute_query_all_async(
            "SELECT queueing_lock FROM procrastinate_jobs WHERE status = 'todo' "
            "AND queueing_lock = ANY(%(locks)s)", locks=locks)
        queued = {r["queueing_lock"] for r in rows}
        todo = [i for i, lock in zip(ids, locks, strict=True) if lock not in queued]
        if not todo:
            continue
        try:
            added += await _defer_batch(app, todo)
        except exceptions.AlreadyEnqueued:
            for i in todo:  # another machine queued some meanwhile: one by one
                try:
                    await task.configure(queueing_lock=f"refresh-{i}",
                                         lock=f"prospect-{i}").defer_async(prospect_id=i)
                    added += 1
                except exceptions.AlreadyEnqueued:
                    pass
    return added


async def _defer_batch(app: Any, ids: list[int]) -> int:
    from procrastinate import jobs as jobs_module

    batch = [jobs_module.Job(id=None, queue=QUEUE, lock=f"prospect-{i}",
                             queueing_lock=f"refresh-{i}", task_name=TASK_REFRESH,
                             task_kwargs={"prospect_id": i}, priority=0)
             for i in ids]
    await app.job_manager.batch_defer_jobs_async(batch)
    return len(batch)


def enqueue_refresh(db_url: str, prospect_ids: Sequence[int]) -> int:
    """Queue a refresh of each prospect (never twice); the number queued now."""
    app = make_app(db_url)

    async def go() -> int:
        async with app.open_async():
            return await _enqueue(app, prospect_ids)

    return asyncio.run(go())


# -- the worker -----------------------------------------------------------------------------

async def _requeue_stalled(app: Any, every: float) -> None:
    """Put back in the queue the jobs of workers that stopped sending heartbeats."""
    while True:
        try:
            for job in await app.job_manager.get_stalled_jobs(
                    seconds_since_heartbeat=STALLED_AFTER_S):
                await app.job_manager.retry_job(job)
        except Exception:  # noqa: BLE001, S110 - the next round tries again
            pass
        await asyncio.sleep(every)


def warm_up() -> None:
    """Load, once and before the first job, what reading a page needs: the extraction
    libraries, both lexicons, trafilatura's stop lists. Left to the first jobs, each of the
    jobs that start together loads its own copy at once, and the first minute is slow."""
    from prospect.extract import Person
    from prospect.gather.pipeline import read_page
    from prospect.gather.run import make_client

    page = ("<html><head><title>Ana Example</title></head><body><article><p>Ana Example "
            "said: we want to open two new warehouses next year. Queremos crecer en Perú."
            "</p></article></body></html>")
    read_page(page.encode(), "http://example.invalid/ana", Person("Ana Example"),
              "text/html; charset=utf-8")
    make_client(GatherSettings.from_env())  # imports httpx and builds its TLS context


async def _work(db_url: str, concurrency: int, wait: bool) -> None:
    kit = WorkerKit(db_url)
    app = make_app(db_url, kit)
    async with app.open_async():
        reaper = asyncio.create_task(_requeue_stalled(app, HEARTBEAT_S))
        try:
            await app.run_worker_async(
                queues=[QUEUE, "schedule"], concurrency=concurrency, wait=wait,
                update_heartbeat_interval=HEARTBEAT_S, stalled_worker_timeout=STALLED_AFTER_S,
                install_signal_handlers=True, listen_notify=True)
        finally:
            reaper.cancel()
            await kit.aclose()


def run_worker(db_url: str, concurrency: int = 8, *, wait: bool = True) -> None:
    """Work the team's queue until interrupted (or, with wait=False, until it is empty).

    The worker holds at most WORKER_CONNECTIONS connections to the database, whatever its
    concurrency; they are named after the machine and process in pg_stat_activity."""
    if concurrency < 1:
        raise InvalidValue(f"--concurrency must be at least 1, got {concurrency}")
    make_app(db_url)  # a clear error for SQLite before anything starts
    url = named(db_url, worker_name())
    _engine(url)
    warm_up()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        asyncio.run(_work(url, concurrency, wait))
    except KeyboardInterrupt:
        pass


# -- what is queued -------------------------------------------------------------------------

def list_jobs(session: Session, db_url: str, *, limit: int = 50,
              status: str | None = None) -> list[JobRow]:
    """The newest jobs with their state and, for failures, the last error."""
    require_team_db(db_url)
    from sqlalchemy import text

    wanted = {v: k for k, v in _STATUS.items()}
    where = ""
    params: dict[str, Any] = {"limit": limit}
    if status:
        if status not in ("queued", "running", "failed", "done", "cancelled"):
            raise InvalidValue("--status must be queued, running, failed, done or cancelled")
        where = "WHERE status = CAST(:status AS procrastinate_job_status)"
        params["status"] = wanted[status]
    rows = session.execute(text(
        f"SELECT id, task_name, args, status, attempts, scheduled_at FROM procrastinate_jobs "
        f"{where} ORDER BY id DESC LIMIT :limit"), params).all()
    pids = {int(json.loads(r[2]) .get("prospect_id", 0)) if isinstance(r[2], str)
            else int((r[2] or {}).get("prospect_id", 0)) for r in rows}
    slugs = dict(session.exec(select(Prospect.id, Prospect.slug)
                              .where(col(Prospect.id).in_(pids))).all())
    errors: dict[int, str] = {}
    for ev in session.exec(select(Event).where(Event.action == "job.error")
                           .order_by(col(Event.id))).all():
        detail = json.loads(ev.detail or "{}")
        if "job_id" in detail:
            errors[int(detail["job_id"])] = str(detail.get("error"))
    out = []
    for r in rows:
        args = json.loads(r[2]) if isinstance(r[2], str) else (r[2] or {})
        pid = args.get("prospect_id")
        out.append(JobRow(id=r[0], task=r[1], prospect=slugs.get(pid) if pid else None,
                          status=_STATUS.get(str(r[3]), str(r[3])), attempts=r[4],
                          scheduled_for=r[5], last_error=errors.get(r[0])))
    return out


# -- schedules ------------------------------------------------------------------------------

def set_schedule(session: Session, *, refresh_at: str | None, packs_at: str | None = None,
                 off: bool = False) -> dict[str, Any]:
    """Keep the team's nightly refresh time and morning pack time (HH:MM, local to the
    workers) in settings."""
    if off:
        for row in session.exec(select(Setting).where(Setting.user == TEAM,
                                                      col(Setting.key).like("schedule.%"))):
            session.delete(row)
        session.commit()
        return {}
    done = {"refresh_at": _hhmm(refresh_at or "02:00"), "packs_at": _hhmm(packs_at or "07:00")}
    _put(session, TEAM, "schedule.refresh_at", done["refresh_at"])
    _put(session, TEAM, "schedule.packs_at", done["packs_at"])
    session.commit()
    return done


def set_calendar(session: Session, user: str, calendar: str, *, packs_dir: str | None = None,
                 internal_domains: Sequence[str] = ()) -> None:
    """A user's calendar (file or https feed) whose meetings get a pack each morning."""
    _put(session, user, "calendar", calendar)
    if packs_dir:
        _put(session, user, "packs_dir", packs_dir)
    if internal_domains:
        _put(session, user, "internal_domains", ",".join(internal_domains))
    session.commit()


def calendar_users(session: Session) -> list[str]:
    return sorted({r.user for r in session.exec(select(Setting).where(
        Setting.key == "calendar", Setting.user != TEAM))})


def morning_pack(engine: Engine, user: str, day: str) -> dict[str, Any]:
    """Build `user`'s meeting pack for `day` from the calendar in their settings."""
    from pathlib import Path

    from prospect.config import data_dir
    from prospect.meetings.prep import prepare

    with Session(engine) as s:
        calendar = get_setting(s, user, "calendar")
        folder = get_setting(s, user, "packs_dir")
        internal = get_setting(s, user, "internal_domains") or ""
    if not calendar:
        return {"user": user, "skipped": "no calendar in this user's settings"}
    out = Path(folder).expanduser() if folder else data_dir() / "packs" / user
    report = prepare(engine, calendar, day=day, out=out / day, actor="worker",
                     internal_domains=[d for d in internal.split(",") if d])
    return {"user": user, "day": day, "folder": str(out / day),
            "meetings": len(report.items)}


def get_setting(session: Session, user: str, key: str) -> str | None:
    row = session.exec(select(Setting).where(Setting.user == user, Setting.key == key)).first()
    return row.value if row else None


def _put(session: Session, user: str, key: str, value: str) -> None:
    row = session.exec(select(Setting).where(Setting.user == user, Setting.key == key)).first()
    if row is None:
        row = Setting(user=user, key=key, value=value)
    row.value, row.updated_at = value, utcnow()
    session.add(row)


def _hhmm(value: str) -> str:
    try:
        hour, minute = (int(x) for x in value.strip().split(":"))
    except ValueError:
        raise InvalidValue(f"a time must look like 02:00, got {value!r}") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise InvalidValue(f"a time must look like 02:00, got {value!r}")
    return f"{hour:02d}:{minute:02d}"


def _due(session: Session, now: datetime, what: str) -> bool:
    """Whether today's `what` (refresh, packs) is due and not yet queued (and mark it)."""
    at = get_setting(session, TEAM, f"schedule.{what}_at")
    if not at:
        return False
    local = now.astimezone()
    hour, minute = (int(x) for x in at.split(":"))
    if (local.hour, local.minute) < (hour, minute):
        return False
    day = local.date().isoformat()
    if get_setting(session, TEAM, f"schedule.{what}_done") == day:
        return False
    _put(session, TEAM, f"schedule.{what}_done", day)
    session.commit()
    return True


def nightly_due(session: Session, now: datetime) -> bool:
    return _due(session, now, "refresh")


async def run_schedule(app: Any, db_url: str, now: datetime) -> int:
    """What the minute's tick does: queue the nightly refresh and the morning packs when
    they are due; how many jobs it queued."""
    from procrastinate import exceptions

    from prospect.jobs.refresh import due_prospects

    engine = _engine(db_url)

    def due() -> tuple[list[int], list[str]]:
        with Session(engine) as s:
            ids = (due_prospects(s, older_than=now - timedelta(days=1))
                   if _due(s, now, "refresh") else [])
            users = calendar_users(s) if _due(s, now, "packs") else []
            return ids, users

    ids, users = await asyncio.to_thread(due)
    queued = await _enqueue(app, ids) if ids else 0
    day = now.astimezone().date().isoformat()
    for user in users:
        try:
            await app.tasks[TASK_PACK].configure(queueing_lock=f"pack-{user}-{day}").defer_async(
                user=user, day=day)
            queued += 1
        except exceptions.AlreadyEnqueued:
            pass
    return queued
