"""What gather stores, on SQLite and PostgreSQL: snapshots, conditional requests, dedup,
extraction failures kept apart, one audit event per prospect."""

from __future__ import annotations

import hashlib
import json
import zlib

from gather_support import Reply, add, fast_settings, page, snapshots, sources

from prospect.gather import gather


def test_pages_are_stored_once_per_distinct_body(engine, sites):
    version = {"body": "<p>Ana García leads finance.</p>"}
    site = sites({
        "/static": lambda _: page(version["body"]),
        "/etag": lambda seen: (Reply(304, headers={"ETag": '"v1"'})
                               if seen.headers.get("if-none-match") == '"v1"'
                               else page("<p>tagged</p>", ETag='"v1"')),
        "/dated": lambda seen: (Reply(304) if seen.headers.get("if-modified-since")
                                else page("<p>dated</p>",
                                          **{"Last-Modified": "Mon, 02 Mar 2026 10:00:00 GMT"})),
    })
    urls = [site.url("/static"), site.url("/etag"), site.url("/dated")]
    pid = add(engine, "Ana García", urls)
    settings = fast_settings()

    first = gather(engine, [pid], settings, actor="tester")
    assert first.counts() == {"ok": 3}
    assert all(r.new_snapshot for r in first.results)
    snaps = snapshots(engine)
    assert len(snaps) == 3
    static = snapshots(engine, site.url("/static"))[0]
    raw = zlib.decompress(static.body)
    assert raw == version["body"].encode()
    assert static.content_hash == hashlib.sha256(raw).hexdigest()
    assert static.http_status == 200 and static.content_type.startswith("text/html")
    src = sources(engine, pid)
    assert src[site.url("/etag")].etag == '"v1"'
    assert src[site.url("/static")].content_hash == static.content_hash
    assert src[site.url("/static")].last_fetched_at is not None

    second = gather(engine, [pid], settings)
    got = {r.url: r for r in second.results}
    assert got[site.url("/etag")].status == "not_modified"
    assert got[site.url("/dated")].status == "not_modified"
    assert got[site.url("/static")].status == "ok"
    assert not any(r.new_snapshot for r in second.results)
    assert len(snapshots(engine)) == 3  # a re-gather of unchanged pages adds nothing
    etag_reqs = [s for s in site.seen if s.path == "/etag"]
    assert etag_reqs[1].headers["if-none-match"] == '"v1"'
    dated = [s for s in site.seen if s.path == "/dated"]
    assert dated[1].headers["if-modified-since"] == "Mon, 02 Mar 2026 10:00:00 GMT"
    assert sources(engine, pid)[site.url("/etag")].status == "not_modified"

    version["body"] = "<p>Ana García now leads operations.</p>"
    third = gather(engine, [pid], settings)
    assert {r.url: r.new_snapshot for r in third.results}[site.url("/static")] is True
    version["body"] = "<p>Ana García leads finance.</p>"  # back to the first version
    gather(engine, [pid], settings)
    static_snaps = snapshots(engine, site.url("/static"))
    assert len(static_snaps) == 2
    assert sources(engine, pid)[site.url("/static")].content_hash == static.content_hash


def test_user_agent_robots_first_and_once_and_audit_event(engine, sites):
    site = sites({f"/p{i}": page(f"<p>page {i}</p>") for i in range(5)})
    pid = add(engine, "Bo Chen", [site.url(f"/p{i}") for i in range(5)])
    settings = fast_settings(contact="mailto:sales@example.org")
    gather(engine, [pid], settings, actor="tester")
    assert site.paths()[0] == "/robots.txt" and site.count("/robots.txt") == 1
    from prospect import __version__

    assert {s.headers["user-agent"] for s in site.seen} == {
        f"prospect/{__version__} (+mailto:sales@example.org)"}

    from sqlmodel import Session, select

    from prospect.store.models import Event

    with Session(engine) as s:
        events = s.exec(select(Event).where(Event.action == "gather")).all()
    assert len(events) == 1 and events[0].prospect_id == pid and events[0].actor == "tester"
    assert json.loads(events[0].detail)["counts"] == {"ok": 5}


def test_extraction_failure_keeps_the_snapshot_and_the_run(engine, sites, monkeypatch):
    from prospect.gather import pipeline

    real = pipeline.extract_page

    def flaky(html, url, person, content_type=None):
        if "explode" in html:
            raise RuntimeError("parser choked")
        return real(html, url, person, content_type=content_type)

    monkeypatch.setattr(pipeline, "extract_page", flaky)
    site = sites({"/bad": page("<p>explode</p>"), "/good": page("<p>fine</p>")})
    pid = add(engine, "Cy Diaz", [site.url("/bad"), site.url("/good")])
    report = gather(engine, [pid], fast_settings())
    src = sources(engine, pid)
    bad = src[site.url("/bad")]
    assert bad.status == "ok" and bad.error == "extraction failed: RuntimeError: parser choked"
    assert bad.content_hash is not None
    assert len(snapshots(engine, site.url("/bad"))) == 1
    assert src[site.url("/good")].status == "ok" and src[site.url("/good")].error is None
    assert report.counts() == {"ok": 2}


def test_a_failed_write_keeps_the_snapshot_and_says_why(engine, sites, monkeypatch):
    from prospect.store import sync

    def broken(*args, **kwargs):
        raise RuntimeError("disk said no")

    monkeypatch.setattr(sync, "apply_page", broken)
    site = sites({"/p": page("<p>Cy Diaz leads finance.</p>")})
    pid = add(engine, "Cy Diaz", [site.url("/p")])
    report = gather(engine, [pid], fast_settings())
    src = sources(engine, pid)[site.url("/p")]
    assert src.status == "ok" and src.error == "extraction failed: RuntimeError: disk said no"
    assert src.content_hash is not None and len(snapshots(engine, site.url("/p"))) == 1
    assert report.results[0].new_snapshot and report.results[0].notes_added == 0


def test_the_page_is_read_from_its_decoded_body_before_the_write(engine, sites, monkeypatch):
    from prospect.gather import persist
    from prospect.store.sync import PageContent

    calls = []

    def record(html, url, person, content_type=None):
        calls.append((person.name, url, html))
        return PageContent(title="seen")

    monkeypatch.setattr(persist, "read_html", record)
    site = sites({"/w": Reply(200, "<p>Peña</p>".encode("cp1252"),
                              {"Content-Type": "text/html; charset=windows-1252"})})
    pid = add(engine, "Di Peña", [site.url("/w")])
    gather(engine, [pid], fast_settings())
    gather(engine, [pid], fast_settings())  # unchanged: not extracted again
    assert len(calls) == 1
    name, url, html = calls[0]
    assert (name, url, html) == ("Di Peña", site.url("/w"), "<p>Peña</p>")
    assert sources(engine, pid)[site.url("/w")].title == "seen"

