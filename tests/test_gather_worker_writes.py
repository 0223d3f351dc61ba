"""A worker's run writes its pages in one transaction: what it stores must be what a run
that stores each page as it comes stores, round after round, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gather_support import add, fast_settings, page, snapshots
from sqlalchemy import event
from sqlmodel import Session, col, select

from prospect.gather import gather
from prospect.gather.limits import HostLimiter
from prospect.gather.run import GatherReport, SharedGather
from prospect.store import tally
from prospect.store.models import Fact, Note, NoteSource, Prospect, Source

PLAN = "We want to open two new warehouses in Peru next year."
NEAR = f"According to Reuters, Ana García said: {PLAN}"  # the same note as p1's
RISK = "Our biggest worry is that a new supplier could disrupt our deliveries."


def _person(title: str) -> str:
    return ('<script type="application/ld+json">{"@type": "Person", "name": "Ana García", '
            f'"jobTitle": "{title}"}}</script>')


# each round: path -> body of that page (the same for both prospects)
ROUNDS: list[dict[str, str]] = [
    {"/p1": f"{_person('CFO')}<p>Ana García said: {PLAN}</p>",
     "/p2": f"<p>Ana García said: {PLAN}</p><p>Ana García said: {RISK}</p>",
     "/p3": f"<p>{NEAR}</p>"},
    {"/p1": f"{_person('COO')}<p>Ana García leads operations.</p>",  # the plan leaves p1
     "/p2": f"<p>Ana García said: {RISK}</p>",
     "/p3": "<p>Nothing about anyone.</p>"},
    {"/p1": f"{_person('CFO')}<p>Ana García said: {PLAN}</p>",  # back to the first body
     "/p2": f"<p>Ana García said: {RISK}</p>",
     "/p3": "<p>Nothing about anyone.</p>"},
]


def _as_worker(engine: Any, pid: int) -> GatherReport:
    async def go() -> GatherReport:
        settings = fast_settings()
        shared = SharedGather(settings, HostLimiter(settings.concurrency, settings.per_host,
                                                    0.0))
        try:
            return await shared.gather(engine, [pid], actor="worker")
        finally:
            await shared.aclose()

    return asyncio.run(go())


def _stored(engine: Any, pid: int) -> dict[str, Any]:
    """The prospect's rows, with what differs between two prospects (ids, times, the part of
    the URL naming the prospect) left out."""
    with Session(engine) as s:
        srcs = {src.id: src.url.rsplit("/", 1)[1] for src in
                s.exec(select(Source).where(Source.prospect_id == pid))}
        notes = {n.id: n for n in s.exec(select(Note).where(Note.prospect_id == pid))}
        return {
            "sources": sorted((srcs[src.id], src.status, src.error, src.content_hash, src.title)
                              for src in s.exec(select(Source).where(Source.prospect_id == pid))),
            "snapshots": sorted((srcs[sn.source_id], sn.content_hash) for sn in
                                snapshots(engine) if sn.source_id in srcs),
            "facts": sorted((srcs.get(f.source_id), f.field, f.value, f.gone_at is None)
                            for f in s.exec(select(Fact).where(Fact.prospect_id == pid))),
            # which page a note was first seen on, or which page's result counts it as added
            # or gone, follows the order the answers came in: the same for both ways of
            # writing, but not from one run to the next
            "notes": sorted((n.text, n.kind, n.category, n.gone_at is None)
                            for n in notes.values()),
            "links": sorted((notes[ns.note_id].text, srcs[ns.source_id]) for ns in
                            s.exec(select(NoteSource).where(
                                col(NoteSource.note_id).in_(list(notes))))),
            "figures": tally.stored(s, [pid])[pid][0],
            "computed": tally.computed(s, [pid])[pid][0],
        }


def _results(report: GatherReport) -> tuple[Any, ...]:
    pages = sorted((r.url.rsplit("/", 1)[1], r.status, r.error, r.new_snapshot, r.facts_added,
                    r.mentions) for r in report.results)
    return (pages, sum(r.notes_added for r in report.results),
            sum(r.notes_gone for r in report.results))


@pytest.mark.parametrize("batch_pages", [32, 2])
def test_a_workers_run_stores_what_a_page_by_page_run_stores(engine, sites, monkeypatch,
                                                            batch_pages):
    from prospect.gather import run

    monkeypatch.setattr(run, "BATCH_PAGES", batch_pages)  # 2: a batch of two, then one
    body: dict[str, str] = {}
    site = sites({f"/{who}{path}": (lambda _, p=path: page(body[p]))
                  for who in ("one", "two") for path in ROUNDS[0]})
    by_page = add(engine, "Ana García", [site.url(f"/one{p}") for p in ROUNDS[0]])
    batched = add(engine, "Ana García", [site.url(f"/two{p}") for p in ROUNDS[0]])
    commits: list[int] = []
    event.listen(engine, "commit", lambda conn: commits.append(1))
    for round_ in [*ROUNDS, ROUNDS[-1]]:  # the last again: nothing changed
        body.update(round_)
        one = gather(engine, [by_page], fast_settings())
        commits.clear()
        two = _as_worker(engine, batched)
        # its pages and the run's audit event in one transaction (or a few)
        assert len(commits) == 1 if batch_pages > 3 else len(commits) <= 3
        assert _results(two) == _results(one)
        assert _stored(engine, batched) == _stored(engine, by_page)
        stored = _stored(engine, batched)
        assert stored["figures"] == stored["computed"]
    with Session(engine) as s:
        assert s.get(Prospect, batched).last_gathered_at is not None  # type: ignore[union-attr]


def test_a_page_the_batch_cannot_write_is_written_alone_and_the_others_keep_theirs(
        engine, sites, monkeypatch):
    from prospect.store import sync

    real = sync.apply_page

    def picky(session, prospect_id, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        if source.url.endswith("/bad"):
            raise RuntimeError("disk said no")
        return real(session, prospect_id, source, *args, **kwargs)

    monkeypatch.setattr(sync, "apply_page", picky)
    site = sites({"/bad": page(f"<p>Ana García said: {RISK}</p>"),
                  "/good": page(f"<p>Ana García said: {PLAN}</p>")})
    pid = add(engine, "Ana García", [site.url("/bad"), site.url("/good")])
    report = _as_worker(engine, pid)
    got = {r.url.rsplit("/", 1)[1]: r for r in report.results}
    assert got["bad"].status == "ok" and got["bad"].new_snapshot
    assert got["bad"].error == "extraction failed: RuntimeError: disk said no"
    assert got["good"].error is None and got["good"].notes_added == 1
    stored = _stored(engine, pid)
    assert [n[0] for n in stored["notes"]] == [f"Ana García said: {PLAN}"]
    assert len(stored["snapshots"]) == 2


def test_a_body_the_plan_took_as_seen_but_the_store_has_not_is_read_after_all(engine, sites):
    """The run plans with each source's last body; when the store holds another one by
    the time the page comes (another process wrote meanwhile), the page is read anyway."""
    import hashlib

    from prospect.clock import utcnow
    from prospect.extract import Person
    from prospect.gather.fetch import FetchResult
    from prospect.gather.persist import Job, persist, prepare

    site = sites({"/p": page(f"<p>Ana García said: {RISK}</p>")})
    pid = add(engine, "Ana García", [site.url("/p")])
    gather(engine, [pid], fast_settings())
    body = f"<p>Ana García said: {PLAN}</p>".encode()
    with Session(engine) as s:
        src = s.exec(select(Source).where(Source.prospect_id == pid)).one()
        job = Job(pid, "ana-garcia", src.id, src.url,  # type: ignore[arg-type]
                  content_hash=hashlib.sha256(body).hexdigest(), person=Person("Ana García"))
    result = FetchResult(job.url, "ok", 200, final_url=job.url, body=body,
                         content_type="text/html; charset=utf-8")
    ready = prepare(engine, job, result)
    assert ready.page is None  # taken as seen, from the plan
    out = persist(engine, job, result, utcnow(), ready)
    assert out.new_snapshot and out.notes_added == 1 and out.error is None
    assert f"Ana García said: {PLAN}" in [n[0] for n in _stored(engine, pid)["notes"]]


@pytest.mark.parametrize("batch_pages", [32, 2])
def test_a_workers_run_writes_its_audit_event_with_its_last_pages(engine, sites, monkeypatch,
                                                                  batch_pages):
    """One `gather` event a run, counting every page of it, in the last pages' transaction
    (2: the last batch is one page, stored on its own, and the event after it)."""
    import json

    from prospect.gather import run
    from prospect.store.models import Event

    monkeypatch.setattr(run, "BATCH_PAGES", batch_pages)
    site = sites({"/a": page(f"<p>Ana García said: {PLAN}</p>"), "/b": page("<p>b</p>"),
                  "/c": page("gone", status=404)})
    pid = add(engine, "Ana García", [site.url(p) for p in ("/a", "/b", "/c")])
    commits: list[int] = []
    event.listen(engine, "commit", lambda conn: commits.append(1))
    _as_worker(engine, pid)
    assert len(commits) == (1 if batch_pages > 3 else 3)
    with Session(engine) as s:
        events = s.exec(select(Event).where(Event.action == "gather")).all()
    assert [(e.prospect_id, e.actor) for e in events] == [(pid, "worker")]
    assert json.loads(events[0].detail) == {"counts": {"error": 1, "ok": 2},
                                            "discovered": 0}


def test_a_worker_skips_a_prospect_that_is_gone(engine) -> None:
    from prospect.jobs.refresh import refresh_shared

    async def go() -> Any:
        settings = fast_settings()
        shared = SharedGather(settings, HostLimiter(settings.concurrency, settings.per_host,
                                                    0.0))
        try:
            return await refresh_shared(engine, 999_999, shared, actor="worker")
        finally:
            await shared.aclose()

    out = asyncio.run(go())
    assert out.skipped == "no such prospect any more" and out.slug == ""
