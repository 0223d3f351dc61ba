"""`prospect gather` tells outcomes apart (site unreachable, https failed, robots.txt forbids,
not found, page does not mention them), reports a company site it could not read, and says
which prospect it is on and how much is left."""

from __future__ import annotations

import json
import socket

from gather_support import Reply, add, fast_settings, page

from prospect.gather import gather
from prospect.gather.outcome import HTTPS_FAILED, NO_MENTION, NOT_FOUND, ROBOTS, UNREACHABLE


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_summary_tells_the_outcomes_apart(cli, sites, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    site = sites({"/ana": page("<h1>Ana Pérez</h1><p>Ana Pérez wants faster closes.</p>"),
                  "/other": page("<h1>Our products</h1><p>We sell pallets and crates.</p>"),
                  "/gone": page("no", status=404),
                  "/private/ana": page("<p>Ana Pérez</p>")},
                 robots="User-agent: *\nDisallow: /private/\n")
    https_url = site.url("/ana").replace("http://", "https://")
    closed = f"http://127.0.0.1:{_closed_port()}/ana"
    urls = [site.url(p) for p in ("/ana", "/other", "/gone", "/private/ana")]
    assert cli("add", "Ana Pérez", *[a for u in [*urls, https_url, closed]
                                     for a in ("--url", u)]).exit_code == 0
    res = cli("gather", "ana-perez", "--delay", "0", "--timeout", "3", "--json")
    data = json.loads(res.stdout)
    by_url = {r["url"]: r["outcome"] for r in data["results"]}
    assert by_url == {urls[0]: "ok", urls[1]: NO_MENTION, urls[2]: NOT_FOUND,
                      urls[3]: ROBOTS, https_url: HTTPS_FAILED, closed: UNREACHABLE}
    assert data["outcomes"]["ok"] == 1 and sum(data["outcomes"].values()) == 6

    table = cli("gather", "ana-perez", "--delay", "0", "--timeout", "3").stdout
    for words in (NO_MENTION, NOT_FOUND, ROBOTS, HTTPS_FAILED, UNREACHABLE):
        assert words in table, words


def test_a_company_site_that_fails_over_https_is_reported(engine, sites):
    site = sites({"/": page("<p>home</p>")})
    bare = f"https://{site.host}:{site.port}"  # what a bare host becomes: https
    pid = add(engine, "Ana Pérez", [], domain=bare)
    report = gather(engine, [pid], fast_settings(), discover=True)
    warning = " ".join(report.warnings)
    assert f"discovery on {bare}/: https failed" in warning
    assert f"--domain http://{site.host}:{site.port}/" in warning
    assert site.seen == []  # nothing was fetched over plain http behind the user's back


def test_progress_names_the_prospect_and_what_is_left(engine, sites):
    from prospect.cli.gather import describe

    site = sites({f"/p{i}": page("<p>x</p>") for i in range(3)})
    ana = add(engine, "Ana Pérez", [site.url("/p0"), site.url("/p1")])
    bo = add(engine, "Bo Li", [site.url("/p2")])
    events = []
    gather(engine, [ana, bo], fast_settings(), on_progress=events.append)
    done = [e for e in events if e.prospect]
    assert sorted(e.prospect for e in done) == ["ana-perez", "ana-perez", "bo-li"]
    assert [e.left for e in done] == [2, 1, 0]
    line = describe(done[0])
    assert line.startswith(f"Gathering {done[0].prospect}, 2 pages left")
    assert describe(done[-1]).endswith("0 pages left")


def test_a_robots_block_on_the_whole_page_is_not_a_fetch_error(cli, sites):
    site = sites({"/x": Reply(200, b"<p>x</p>", {"Content-Type": "text/html"})},
                 robots="User-agent: *\nDisallow: /\n")
    cli("add", "Cy Li", "--url", site.url("/x"))
    data = json.loads(cli("gather", "cy-li", "--delay", "0", "--json").stdout)
    assert data["outcomes"] == {ROBOTS: 1}
