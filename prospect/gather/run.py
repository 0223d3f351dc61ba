"""One gather run: fetch every source of the chosen prospects (and discover new ones),
persisting each result as it arrives (a worker's run: its pages together, in one
transaction), and report what happened."""

from __future__ import annotations

import asyncio
import functools
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine

from prospect.clock import utcnow
from prospect.config import GatherSettings
from prospect.errors import GatherError, InvalidValue
from prospect.extract import Person
from prospect.gather.clients import HostClients
from prospect.gather.limits import HostLimiter
from prospect.gather.persist import (
    Job,
    Page,
    SourceResult,
    add_discovered,
    log_run,
    persist,
    persist_pages,
    prepare,
)
from prospect.gather.robots import RobotsStore


@dataclass
class ProgressEvent:
    """Sent after each page: `done` of `total` sources finished, `errors` of them failed."""

    done: int
    total: int
    errors: int
    url: str = ""
    status: str = ""
    phase: str = "fetch"  # fetch | discover (a crawl page, not counted in done/total)
    crawled: int = 0
    prospect: str = ""  # slug of the prospect this page is for ("" for a shared site crawl)

    @property
    def left(self) -> int:
        """Pages still to fetch (discovery may add more)."""
        return max(0, self.total - self.done)


@dataclass
class DiscoveredPage:
    prospect: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"prospect": self.prospect, "url": self.url}


@dataclass
class GatherReport:
    """What a run did, per source; `counts()` per status."""

    results: list[SourceResult] = field(default_factory=list)
    discovered: list[DiscoveredPage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    peak_per_host: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(r.status for r in self.results).items()))

    def outcomes(self) -> dict[str, int]:
        """Pages per outcome in words (ok, not found, robots.txt forbids, https failed...)."""
        from prospect.gather.outcome import OUTCOMES

        found = Counter(r.outcome for r in self.results)
        order = {o: i for i, o in enumerate(OUTCOMES)}
        return dict(sorted(found.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts(), "outcomes": self.outcomes(),
                "total": len(self.results),
                "new_snapshots": sum(r.new_snapshot for r in self.results),
                "notes_added": sum(r.notes_added for r in self.results),
                "notes_gone": sum(r.notes_gone for r in self.results),
                "facts_added": sum(r.facts_added for r in self.results),
                "elapsed_s": round(self.elapsed, 3),
                "results": [r.to_dict() for r in self.results],
                "discovered": [d.to_dict() for d in self.discovered],
                "warnings": list(self.warnings)}


@dataclass
class _Plan:
    prospect_id: int
    slug: str
    name: str
    domain: str | None
    jobs: list[Job]
    person: Person


def check_settings(settings: GatherSettings) -> None:
    """Refuse limits that cannot work, naming the value."""
    if settings.concurrency < 1:
        raise InvalidValue(f"concurrency must be at least 1, got {settings.concurrency}")
    if settings.per_host < 1:
        raise InvalidValue(f"per-host limit must be at least 1, got {settings.per_host}")
    if settings.delay < 0:
        raise InvalidValue(f"delay must be 0 or more seconds, got {settings.delay:g}")
    if settings.timeout <= 0:
        raise InvalidValue(f"timeout must be more than 0 seconds, got {settings.timeout:g}")
    if settings.max_bytes < 1:
        raise InvalidValue(f"size cap must be at least 1 byte, got {settings.max_bytes}")


def select_prospects(session: Any, refs: Sequence[str], all_: bool = False) -> list[int]:
    """The ids to gather: the REFs given (id or slug), or every prospect with `all_`."""
    from prospect.store.repo import get_prospect, list_prospects

    if refs and all_:
        raise InvalidValue("name prospects or use --all, not both")
    if all_:
        ids = [p.id for p in list_prospects(session)]
        if not ids:
            raise GatherError("there are no prospects yet: add one with 'prospect add NAME'")
        return ids  # type: ignore[return-value]
    if not refs:
        raise GatherError("name the prospects to gather (id or slug), or use --all")
    return list(dict.fromkeys(get_prospect(session, r).id for r in refs))  # type: ignore[misc]


def _load(engine: Engine, prospect_ids: Sequence[int], *,
          missing_ok: bool = False) -> list[_Plan]:
    """The plan of each prospect; with `missing_ok`, a prospect that is gone has none."""
    from prospect.store.engine import read_session
    from prospect.store.models import Prospect
    from prospect.store.repo import get_prospect, list_sources

    plans = []
    with read_session(engine) as s:
        for pid in dict.fromkeys(prospect_ids):
            found = s.get(Prospect, pid) if missing_ok else get_prospect(s, pid)
            if found is None:
                continue
            p = found
            person = Person(p.name, p.company, p.title, p.lang)
            jobs = [Job(p.id, p.slug, src.id, src.url, src.origin, src.etag,  # type: ignore[arg-type]
                        src.last_modified, src.content_hash, person)
                    for src in list_sources(s, p.id)]  # type: ignore[arg-type]
            plans.append(_Plan(p.id, p.slug, p.name, p.company_domain, jobs, person))  # type: ignore[arg-type]
    return plans


def gather(engine: Engine, prospect_ids: Sequence[int], settings: GatherSettings, *,
           discover: bool = False, actor: str | None = None,
           on_progress: Callable[[ProgressEvent], None] | None = None,
           limiter: Callable[[GatherSettings], HostLimiter] | None = None,
           robots_store: RobotsStore | None = None) -> GatherReport:
    """Fetch the sources of `prospect_ids` politely, storing each result as it arrives.

    Raises GatherError only when there is nothing to attempt; a failing page is reported on
    its source and in the report, never raised. A team's job queue passes `limiter` (a
    factory of per-host limits shared by every machine) and `robots_store` (robots.txt
    answers shared through the database).
    """
    check_settings(settings)
    plans, report = _plan(engine, prospect_ids, discover)
    started = time.monotonic()
    run = _Run(engine, plans, settings, discover, actor, on_progress, report)
    run.make_limiter, run.robots_store = limiter, robots_store
    asyncio.run(run.main())
    report.elapsed = time.monotonic() - started
    _log_runs(engine, plans, report, actor)
    return report


def _plan(engine: Engine, prospect_ids: Sequence[int],
          discover: bool) -> tuple[list[_Plan], GatherReport]:
    return _check(_load(engine, prospect_ids), discover)


def _check(plans: list[_Plan], discover: bool | None) -> tuple[list[_Plan], GatherReport]:
    """The report of a run of `plans`, or GatherError when there is nothing to attempt.
    `discover` None: discover where a company domain is known, and say nothing elsewhere."""
    crawlable = [p for p in plans if discover is not False and p.domain]
    if not any(p.jobs for p in plans) and not crawlable:
        names = ", ".join(p.slug for p in plans)
        hint = ("add a --domain to the prospect" if discover else
                "add pages with 'prospect source add REF URL', or use --discover with a --domain")
        raise GatherError(f"nothing to gather for {names}: no pages yet ({hint})")
    report = GatherReport()
    for p in plans:
        if discover and not p.domain:
            report.warnings.append(f"{p.slug} has no company domain: discovery skipped "
                                   f"(set one with 'prospect edit {p.slug} --domain SITE')")
    return plans, report


def _log_runs(engine: Engine, plans: list[_Plan], report: GatherReport,
              actor: str | None) -> None:
    for p in plans:
        mine = [r for r in report.results if r.prospect == p.slug]
        log_run(engine, p.prospect_id, actor, dict(Counter(r.status for r in mine)),
                discovered=sum(d.prospect == p.slug for d in report.discovered))


@functools.cache
def _tls_context() -> Any:
    """The process's TLS context (CA bundle loaded once: ~35 ms each time it is built)."""
    import httpx

    return httpx.create_ssl_context()


def make_client(settings: GatherSettings) -> HostClients:
    """The HTTP clients of a run, one per origin (a worker shares them across its runs)."""
    import httpx

    from prospect.gather.fetch import ACCEPT

    headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT,
               "Accept-Language": "en, es;q=0.9, *;q=0.5"}
    limits = httpx.Limits(max_connections=None,
                          max_keepalive_connections=min(settings.per_host, settings.concurrency))
    tls = _tls_context()
    return HostClients(lambda: httpx.AsyncClient(
        headers=headers, timeout=settings.timeout, limits=limits, follow_redirects=False,
        verify=tls))


class SharedGather:
    """What a long-lived process (a team's worker) shares across the gather runs it makes in
    one event loop: the HTTP client, the per-host limiter (its limits then hold across the
    runs), the robots.txt store, one reading thread and one writing thread. Building these
    once instead of per run saves their cost, and the database connections a process holds
    stay the same however many runs it makes at once."""

    def __init__(self, settings: GatherSettings, limiter: HostLimiter,
                 robots_store: RobotsStore | None = None) -> None:
        check_settings(settings)
        self.settings, self.limiter, self.robots_store = settings, limiter, robots_store
        self.client = make_client(settings)
        self.reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prospect-read")
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prospect-db")

    async def gather(self, engine: Engine, prospect_ids: Sequence[int], *,
                     discover: bool | None = False, actor: str | None = None,
                     plans: list[_Plan] | None = None) -> GatherReport:
        """`gather` inside the running event loop, with what this object shares. `plans`:
        those of `prospect_ids`, when the caller has read them (`load_plans`); `discover`
        None: where a company domain is known.

        The audit event of each prospect is written with the run's last pages, in their
        transaction (on its own when that could not be)."""
        loop = asyncio.get_running_loop()
        if plans is None:
            plans = await loop.run_in_executor(self.reader, _load, engine, prospect_ids)
        plans, report = _check(plans, discover)
        started = time.monotonic()
        run = _Run(engine, plans, self.settings, discover is not False, actor, None, report)
        await run.main(self)
        report.elapsed = time.monotonic() - started
        if not run.logged:
            await loop.run_in_executor(self.writer, _log_runs, engine, plans, report, actor)
        return report

    async def load_plans(self, engine: Engine, prospect_ids: Sequence[int]) -> list[_Plan]:
        """The plans of those of `prospect_ids` that still exist, read on the reading
        thread (pass them to `gather`: they are what it would read)."""
        return await asyncio.get_running_loop().run_in_executor(
            self.reader, functools.partial(_load, engine, prospect_ids, missing_ok=True))

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.limiter.aclose()
        await asyncio.to_thread(self.reader.shutdown, wait=True)
        await asyncio.to_thread(self.writer.shutdown, wait=True)


# a worker's run writes the pages it kept back once it has this many, or bodies this big
BATCH_PAGES = 32
BATCH_BYTES = 16 * 1024 * 1024


class _Run:
    def __init__(self, engine: Engine, plans: list[_Plan], settings: GatherSettings,
                 discover: bool, actor: str | None,
                 on_progress: Callable[[ProgressEvent], None] | None,
                 report: GatherReport) -> None:
        self.engine, self.plans, self.settings = engine, plans, settings
        self.discover, self.actor, self.on_progress, self.report = (discover, actor,
                                                                    on_progress, report)
        self.total = sum(len(p.jobs) for p in plans)
        self.done = self.errors = self.crawled = 0
        # one writer thread: writes never block the event loop and never race each other;
        # one reader thread runs each page's pure step (decode, extract, classify) before
        # its write, so no page is parsed while the database is locked (made in main())
        self.writer: ThreadPoolExecutor
        self.reader: ThreadPoolExecutor
        self.make_limiter: Callable[[GatherSettings], HostLimiter] | None = None
        self.robots_store: RobotsStore | None = None
        # a worker's run keeps its pages back and writes them together, at its end or every
        # BATCH_PAGES (a job whose worker died is run again, and what it had stored is
        # recognised); other runs store each page as it comes, for their progress display
        self.batch: list[Page] | None = None
        self.logged = False  # whether the run's audit events went with its last pages

    async def main(self, shared: SharedGather | None = None) -> None:
        if shared is not None:
            self.reader, self.writer = shared.reader, shared.writer
            self.batch = []
            await self._fetch_all(shared.client, shared.limiter, shared.robots_store)
            await self._store_batch(last=True)
            self.report.peak_per_host = shared.limiter.peaks()  # since the limiter was made
            return
        s = self.settings
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prospect-db")
        self.reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prospect-read")
        limiter = (self.make_limiter(s) if self.make_limiter else
                   HostLimiter(s.concurrency, s.per_host, s.delay))
        try:
            async with make_client(s) as client:
                await self._fetch_all(client, limiter, self.robots_store)
        finally:
            await limiter.aclose()
            self.reader.shutdown(wait=True)
            self.writer.shutdown(wait=True)
            self.report.peak_per_host = limiter.peaks()

    async def _fetch_all(self, client: Any, limiter: HostLimiter,
                         robots_store: RobotsStore | None) -> None:
        from prospect.gather.fetch import Fetcher

        self.fetcher = Fetcher(client, self.settings, limiter, robots_store=robots_store)
        self._progress(ProgressEvent(0, self.total, 0))
        tasks = [self._source(job) for p in self.plans for job in p.jobs]
        tasks += [self._crawl(domain, group) for domain, group in self._sites().items()]
        await asyncio.gather(*tasks)

    def _sites(self) -> dict[str, list[_Plan]]:
        from prospect.gather.discover import base_url

        sites: dict[str, list[_Plan]] = {}
        if self.discover:
            for p in self.plans:
                if not p.domain:
                    continue
                base = base_url(p.domain)
                host = urlsplit(base).hostname
                if not host or any(c.isspace() for c in base):
                    self.report.warnings.append(
                        f"{p.slug}: company domain {p.domain!r} is not a web address, "
                        f"discovery skipped")
                    continue
                sites.setdefault(base, []).append(p)
        return sites

    async def _write(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.writer, fn, *args)

    async def _source(self, job: Job, result: Any = None) -> None:
        if result is None:
            result = await self.fetcher.fetch(job.url, etag=job.etag,
                                              last_modified=job.last_modified)
        try:
            prepared = await asyncio.get_running_loop().run_in_executor(
                self.reader, prepare, self.engine, job, result)
        except Exception as exc:  # noqa: BLE001 - a failed page loses one page, not the run
            self._stored(job, self._unsaved(job, result, exc))
            return
        if self.batch is not None:
            self.batch.append((job, result, utcnow(), prepared))
            if len(self.batch) >= BATCH_PAGES or \
                    sum(len(p[1].body or b"") for p in self.batch) >= BATCH_BYTES:
                await self._store_batch()  # a big run does not hold every page till its end
        else:
            await self._store((job, result, utcnow(), prepared))

    async def _store(self, page: Page) -> None:
        job, result = page[0], page[1]
        try:
            out = await self._write(persist, self.engine, *page)
        except Exception as exc:  # noqa: BLE001 - a failed write loses one page, not the run
            out = self._unsaved(job, result, exc)
        self._stored(job, out)

    async def _store_batch(self, last: bool = False) -> None:
        """Write the pages a worker's run kept back, in one transaction (or, when that
        fails, each on its own). The `last` pages of a run carry its audit events."""
        pages, self.batch = self.batch or [], []
        events = functools.partial(self._events, list(self.report.results)) if last else None
        outs = (await self._write(persist_pages, self.engine, pages, events)
                if len(pages) > 1 else None)
        self.logged = outs is not None and last
        if outs is None:
            for page in pages:
                await self._store(page)
            return
        for page, out in zip(pages, outs, strict=True):
            self._stored(page[0], out)

    def _events(self, before: list[SourceResult], s: Any, outs: list[SourceResult]) -> None:
        """Add the run's audit events to the session `s` of its last pages (`outs`, after
        the results `before`); as `_log_runs` writes them."""
        from prospect.store.repo import log_event

        results = before + outs
        for p in self.plans:
            counts = Counter(r.status for r in results if r.prospect == p.slug)
            log_event(s, "gather", p.prospect_id, self.actor, counts=dict(counts),
                      discovered=sum(d.prospect == p.slug for d in self.report.discovered))

    def _unsaved(self, job: Job, result: Any, exc: Exception) -> SourceResult:
        out = SourceResult(job.slug, job.url, "error", result.http_status,
                           f"could not be saved: {type(exc).__name__}: {exc}"[:300],
                           origin=job.origin)
        self.report.warnings.append(f"{job.url}: {out.error}")
        return out

    def _stored(self, job: Job, out: SourceResult) -> None:
        self.report.warnings.extend(f"{job.url}: {w}" for w in out.warnings)
        self.report.results.append(out)
        self.done += 1
        self.errors += out.status not in ("ok", "not_modified")
        self._progress(ProgressEvent(self.done, self.total, self.errors, job.url, out.status,
                                     prospect=job.slug))

    def _progress(self, event: ProgressEvent) -> None:
        if self.on_progress:
            try:
                self.on_progress(event)
            except Exception:  # noqa: BLE001, S110 - a broken progress display is not fatal
                pass

    async def _crawl(self, domain: str, plans: list[_Plan]) -> None:
        from prospect.gather.discover import SiteCrawl, max_pages_from_env, names_person

        def seen(url: str, res: Any) -> None:
            self.crawled += 1
            self._progress(ProgressEvent(self.done, self.total, self.errors, url, res.status,
                                         phase="discover", crawled=self.crawled))

        crawl = SiteCrawl(self.fetcher, domain, [p.name for p in plans], max_pages_from_env(),
                          on_page=seen)
        try:
            pages = await crawl.run()
        except Exception as exc:  # noqa: BLE001 - discovery failing leaves the sources intact
            self.report.warnings.append(f"discovery on {domain} failed: {exc}")
            return
        if not pages and crawl.home is not None and crawl.home.status != "ok":
            self.report.warnings.append(_home_failed(domain, crawl.home, plans))
        for plan in plans:
            known = {j.url for j in plan.jobs}
            for page in pages:
                if page.url in known or not names_person(plan.name, page.text):
                    continue
                known.add(page.url)
                sid = await self._write(add_discovered, self.engine, plan.prospect_id,
                                        page.url, self.actor)
                if sid is None:
                    continue
                self.report.discovered.append(DiscoveredPage(plan.slug, page.url))
                self.total += 1
                await self._source(Job(plan.prospect_id, plan.slug, sid, page.url,
                                       "discovered", person=plan.person), page.result)


def _home_failed(domain: str, home: Any, plans: list[_Plan]) -> str:
    """The warning when a company site's home page could not be read: say why, and how to
    give the address over plain http when https is what failed."""
    from prospect.gather.outcome import HTTPS_FAILED, outcome

    why = outcome(home.url, home.status, home.http_status, home.error)
    text = f"discovery on {domain}: {why} ({home.error or home.status})"
    if why == HTTPS_FAILED:
        plain = "http://" + domain.split("://", 1)[-1]
        slugs = ", ".join(p.slug for p in plans)
        text += (f"; if the site has no https, give its address with http:// "
                 f"(prospect edit {slugs} --domain {plain})")
    return text
