"""Each fault a page can have ends as a clear status on its source, never aborting the others."""

from __future__ import annotations

import zlib

import pytest
from gather_support import (
    Reply,
    Seen,
    add,
    fast_settings,
    page,
    snapshots,
    sources,
    stream_bytes,
)

from prospect.gather import gather


def _run(eng, urls, **settings):
    pid = add(eng, "Ana García", urls)
    report = gather(eng, [pid], fast_settings(**settings), actor="test")
    return report, sources(eng, pid)


def test_every_fault_gets_its_status_and_none_aborts_the_others(eng, sites):
    hits = {"n": 0}

    def busy_then_ok(_: Seen) -> Reply:
        hits["n"] += 1
        if hits["n"] == 1:
            return Reply(429, b"slow down", {"Retry-After": "0"})
        return page("<p>Ana García, after waiting</p>")

    site = sites({
        "/ok": page("<p>Ana García</p>"),
        "/missing": page("gone", status=404),
        "/broken": page("oops", status=500),
        "/slow": Reply(200, b"<p>late</p>", {"Content-Type": "text/html"}, delay=3),
        "/drop": Reply(drop=True),
        "/pdf": Reply(200, b"%PDF-1.4", {"Content-Type": "application/pdf"}),
        "/busy": busy_then_ok,
    })
    urls = [site.url(p) for p in ("/ok", "/missing", "/broken", "/slow", "/drop", "/pdf",
                                  "/busy")]
    report, srcs = _run(eng, urls, timeout=0.5)
    by = {u.rsplit("/", 1)[1]: srcs[u] for u in urls}
    assert (by["ok"].status, by["ok"].http_status, by["ok"].error) == ("ok", 200, None)
    assert (by["missing"].status, by["missing"].http_status) == ("error", 404)
    assert "404" in by["missing"].error
    assert (by["broken"].status, by["broken"].http_status) == ("error", 500)
    assert by["slow"].status == "error" and "timed out after 0.5 s" in by["slow"].error
    assert by["drop"].status == "error" and by["drop"].error.startswith("connection failed")
    assert by["pdf"].status == "error"
    assert by["pdf"].error == "unsupported content type: application/pdf"
    assert by["busy"].status == "ok" and site.count("/busy") == 2
    # a plain 4xx/5xx is not retried
    assert site.count("/missing") == 1 and site.count("/broken") == 1
    assert report.counts() == {"error": 5, "ok": 2}
    assert len(snapshots(eng)) == 2


def test_503_is_retried_at_most_twice_with_retry_after_capped(eng, sites):
    site = sites({"/down": Reply(503, b"busy", {"Retry-After": "3600"}),
                  "/backoff": Reply(429, b"busy")})
    report, srcs = _run(eng, [site.url("/down"), site.url("/backoff")], retry_after_cap=0.05)
    down = srcs[site.url("/down")]
    assert (down.status, down.http_status) == ("error", 503)
    assert "after 2 retries" in down.error
    # one try and two retries, no retry storm (and not an hour's wait: the cap applies)
    assert site.count("/down") == 3
    assert site.count("/backoff") == 3
    assert srcs[site.url("/backoff")].http_status == 429


def test_redirects_are_followed_up_to_five_and_loops_are_errors(eng, sites):
    routes = {f"/r{i}": Reply(302, headers={"Location": f"/r{i + 1}"}) for i in range(7)}
    routes["/r7"] = page("<p>end</p>")
    routes["/loop-a"] = Reply(301, headers={"Location": "/loop-b"})
    routes["/loop-b"] = Reply(301, headers={"Location": "/loop-a"})
    site = sites(routes)
    report, srcs = _run(eng, [site.url("/r2"), site.url("/r0"), site.url("/loop-a")])
    assert srcs[site.url("/r2")].status == "ok"  # five hops
    snap = snapshots(eng, site.url("/r2"))[0]
    assert snap.final_url == site.url("/r7")
    too_many = srcs[site.url("/r0")]
    assert too_many.status == "error" and too_many.error == "more than 5 redirects"
    loop = srcs[site.url("/loop-a")]
    assert loop.status == "error" and loop.error.startswith("redirect loop")
    assert site.count("/loop-a") == 1 and site.count("/loop-b") == 1


def test_a_64_mb_body_is_cut_off_at_the_cap(eng, sites):
    big = 64 * 1024 * 1024
    site = sites({
        "/huge": lambda _: Reply(200, headers={"Content-Type": "text/html"},
                                 chunks=stream_bytes(big)),
        "/declared": Reply(200, b"<p>small really</p>",
                           {"Content-Type": "text/html", "Content-Length": "999999999"},
                           chunks=[b"<p>small really</p>"]),
    })
    cap = 256 * 1024
    report, srcs = _run(eng, [site.url("/huge"), site.url("/declared")], max_bytes=cap)
    huge = srcs[site.url("/huge")]
    assert huge.status == "error" and "larger than the 0.25 MB cap" in huge.error
    assert srcs[site.url("/declared")].status == "error"
    # the client hung up: the server could not send much more than the cap
    assert site.bytes_sent.get("/huge", 0) < big // 4
    assert snapshots(eng) == []


def test_windows_1252_page_is_stored_and_decoded(eng, sites):
    from prospect.gather import decode_body

    body = "<p>Ana García – “café” in Peña</p>".encode("cp1252")
    site = sites({"/w": Reply(200, body, {"Content-Type": "text/html; charset=iso-8859-1"})})
    _run(eng, [site.url("/w")])
    snap = snapshots(eng)[0]
    raw = zlib.decompress(snap.body)
    assert raw == body and snap.encoding == "cp1252"
    text, _ = decode_body(raw, snap.content_type)
    assert "García – “café” in Peña" in text


@pytest.mark.parametrize("content_type,extra", [
    ("text/html; charset=windows-1252", b""),
    ("text/html", b'<meta charset="windows-1252">'),
    ("text/html", b'<meta http-equiv="Content-Type" content="text/html; charset=cp1252">'),
    (None, b""),
])
def test_decode_body_finds_the_charset(content_type, extra):
    from prospect.gather import decode_body

    body = (b"<html><head>" + extra + b"</head><body>"
            + "Señora Núñez dijo: “¡Qué año!” — en Peña, 5 €".encode("cp1252") * 3
            + b"</body></html>")
    text, encoding = decode_body(body, content_type)
    assert "Señora Núñez dijo: “¡Qué año!” — en Peña, 5 €" in text
    assert encoding


def test_decode_body_prefers_utf8_bom_and_replaces_garbage():
    from prospect.gather import decode_body

    assert decode_body("\ufeffé".encode(), "text/html; charset=cp1252") == ("é", "utf-8")
    text, enc = decode_body(b"caf\xc3\xa9 \xff", "text/html; charset=utf-8")
    assert text == "café \ufffd" and enc == "utf-8"


def test_a_site_that_does_not_answer_is_an_error_and_robots_is_tried_once(eng):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    urls = [f"http://127.0.0.1:{port}/a", f"http://127.0.0.1:{port}/b"]
    report, srcs = _run(eng, urls)
    for u in urls:
        assert srcs[u].status == "error"
        assert srcs[u].error.startswith("site unreachable: connection failed")
    assert report.counts() == {"error": 2}


def test_retry_after_accepts_seconds_and_dates_and_is_capped():
    from datetime import timedelta
    from email.utils import format_datetime

    from prospect.gather.fetch import retry_after
    from prospect.store.models import utcnow

    assert retry_after("2", 30) == 2.0
    assert retry_after("3600", 30) == 30.0
    assert retry_after("-5", 30) == 0.0
    assert retry_after("soon", 30) is None and retry_after(None, 30) is None
    later = format_datetime(utcnow() + timedelta(seconds=20), usegmt=True)
    assert 15 <= retry_after(later, 30) <= 20
