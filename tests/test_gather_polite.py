"""Politeness: robots.txt (RFC 9309), per-host and global limits, delays, the address guard."""

from __future__ import annotations

import pytest
from gather_support import Reply, add, fast_settings, page, sources

from prospect.gather import gather


def test_robots_rules_are_obeyed_and_disallowed_pages_never_requested(eng, sites):
    robots = "User-agent: *\nDisallow: /private\n\nUser-agent: prospect\nDisallow: /nobots\n"
    site = sites({"/public": page("<p>hi</p>"), "/private/x": page("<p>secret</p>"),
                  "/nobots": page("<p>no</p>")}, robots=robots)
    pid = add(eng, "Ana Ruiz", [site.url(p) for p in ("/public", "/private/x", "/nobots")])
    report = gather(eng, [pid], fast_settings())
    src = sources(eng, pid)
    assert src[site.url("/public")].status == "ok"
    # the group for our product token replaces the * group (RFC 9309 2.2.1)
    assert src[site.url("/private/x")].status == "ok"
    nob = src[site.url("/nobots")]
    assert nob.status == "robots_disallowed" and nob.error
    assert "/nobots" not in site.paths()
    assert site.paths()[0] == "/robots.txt" and site.count("/robots.txt") == 1
    assert report.counts() == {"ok": 2, "robots_disallowed": 1}


@pytest.mark.parametrize("robots_status,expected", [(404, "ok"), (403, "ok"),
                                                    (500, "robots_disallowed"),
                                                    (503, "robots_disallowed")])
def test_missing_robots_allows_and_broken_robots_disallows(eng, sites, robots_status, expected):
    site = sites({"/robots.txt": Reply(robots_status, b"", {"Content-Type": "text/plain"}),
                  "/a": page("<p>a</p>"), "/b": page("<p>b</p>")})
    pid = add(eng, "Ana Ruiz", [site.url("/a"), site.url("/b")])
    gather(eng, [pid], fast_settings())
    assert {s.status for s in sources(eng, pid).values()} == {expected}
    if expected == "robots_disallowed":
        assert set(site.paths()) == {"/robots.txt"}
        assert "robots.txt unreachable (HTTP" in sources(eng, pid)[site.url("/a")].error
    assert site.paths()[0] == "/robots.txt"
    # 503 is retried like any page (at most twice), never more
    assert site.count("/robots.txt") == (3 if robots_status == 503 else 1)


def test_robots_is_fetched_once_per_host_across_prospects(eng, sites):
    a, b = sites(host="127.0.0.2"), sites(host="127.0.0.3")
    for s in (a, b):
        s.routes.update({f"/p{i}": page(f"<p>{i}</p>") for i in range(4)})
    p1 = add(eng, "One", [a.url(f"/p{i}") for i in range(4)] + [b.url("/p0")])
    p2 = add(eng, "Two", [b.url(f"/p{i}") for i in range(4)] + [a.url("/p0")])
    gather(eng, [p1, p2], fast_settings())
    for s in (a, b):
        assert s.count("/robots.txt") == 1 and s.paths()[0] == "/robots.txt"


def test_per_host_limit_is_never_exceeded(eng, sites):
    hosts = [sites(host=f"127.0.0.{i}") for i in (1, 2, 3)]
    for h in hosts:
        h.routes.update({f"/p{i}": Reply(200, b"<p>x</p>", {"Content-Type": "text/html"},
                                         delay=0.05) for i in range(8)})
    pid = add(eng, "Many Pages", [h.url(f"/p{i}") for h in hosts for i in range(8)])
    report = gather(eng, [pid], fast_settings(per_host=2, concurrency=16))
    assert report.counts() == {"ok": 24}
    assert [h.peak for h in hosts] == [2, 2, 2]  # reached, never above
    assert max(report.peak_per_host.values()) == 2


def test_global_concurrency_caps_all_hosts_together(eng, sites):
    import threading

    lock, state = threading.Lock(), {"now": 0, "peak": 0}

    def tracked(_):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        import time

        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return page("<p>x</p>")

    hosts = [sites(host=f"127.0.0.{i}") for i in (1, 2, 3)]
    for h in hosts:
        h.routes.update({f"/p{i}": tracked for i in range(4)})
    pid = add(eng, "Many Pages", [h.url(f"/p{i}") for h in hosts for i in range(4)])
    gather(eng, [pid], fast_settings(per_host=2, concurrency=3))
    assert state["peak"] == 3


def test_delay_spaces_out_requests_to_one_host(eng, sites):
    site = sites({f"/p{i}": page("<p>x</p>") for i in range(4)})
    pid = add(eng, "Slow Site", [site.url(f"/p{i}") for i in range(4)])
    gather(eng, [pid], fast_settings(per_host=4, delay=0.15))
    starts = sorted(s.at for s in site.seen if s.path != "/robots.txt")  # not paced
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    # the client spaces starts 0.15 s apart; arrival at the server may jitter on a busy
    # machine, while without the delay the gaps would be close to nothing
    assert len(starts) == 4 and min(gaps) >= 0.1


def test_guard_refuses_private_addresses_from_a_public_start():
    import asyncio

    from prospect.gather.netguard import Guard, Resolver, is_public_ip

    assert is_public_ip("8.8.8.8") and is_public_ip("2606:4700::1111")
    for ip in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.0.1", "169.254.169.254",
               "::1", "fe80::1", "100.64.0.1", "0.0.0.0", "::ffff:127.0.0.1", "224.0.0.1"):
        assert not is_public_ip(ip), ip

    async def checks():
        resolver = Resolver()
        public = await Guard.for_start(resolver, "http://8.8.8.8/")
        private = await Guard.for_start(resolver, "http://127.0.0.1:8000/")
        return (public.allow_private, await public.check("http://169.254.169.254/latest"),
                await public.check("http://localhost:9/"), await public.check("http://1.1.1.1/"),
                private.allow_private, await private.check("http://127.0.0.2/"),
                await private.check("file:///etc/passwd"))

    pub_allow, meta, local, ok, priv_allow, priv_ok, file_ = asyncio.run(checks())
    assert pub_allow is False and priv_allow is True
    assert meta and "169.254.169.254" in meta
    assert local and "refused" in local
    assert ok is None and priv_ok is None
    assert file_ and "only http and https" in file_


def test_redirect_from_public_into_private_is_blocked(eng, sites, monkeypatch):
    from prospect.gather import netguard

    # 127.0.0.2 plays a public host here; every other loopback address stays private
    monkeypatch.setattr(netguard, "is_public_ip",
                        lambda ip: ip == "127.0.0.2")
    inner = sites({"/admin": page("<p>internal</p>")}, host="127.0.0.3")
    outer = sites({"/go": Reply(302, headers={"Location": inner.url("/admin")})},
                  host="127.0.0.2")
    pid = add(eng, "Eve", [outer.url("/go")])
    report = gather(eng, [pid], fast_settings())
    src = sources(eng, pid)[outer.url("/go")]
    assert src.status == "blocked" and "127.0.0.3" in src.error
    assert inner.seen == []  # not even its robots.txt
    assert report.counts() == {"blocked": 1}


def _page_starts(site, paths):
    return sorted(s.at for s in site.seen if s.path in paths)


def test_robots_is_not_paced_but_pages_still_are(eng, sites):
    pages = [f"/p{i}" for i in range(3)]
    site = sites({p: page("<p>x</p>") for p in pages})
    pid = add(eng, "Paced Site", [site.url(p) for p in pages])
    report = gather(eng, [pid], fast_settings(per_host=4, delay=0.6))
    assert report.counts() == {"ok": 3} and site.paths()[0] == "/robots.txt"
    starts = _page_starts(site, pages)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.5  # every two pages still start the delay apart (less jitter)


def test_robots_neither_waits_for_the_delay_nor_pushes_back_the_first_page(eng, sites):
    # a long delay, so that a paced robots.txt would hold the page back 5 s: the margin
    # below is wide enough that a loaded machine cannot fake either outcome
    site = sites({"/p": page("<p>x</p>")})
    pid = add(eng, "Unpaced Robots", [site.url("/p")])
    report = gather(eng, [pid], fast_settings(per_host=4, delay=5.0))
    assert report.counts() == {"ok": 1} and site.paths() == ["/robots.txt", "/p"]
    assert _page_starts(site, ["/p"])[0] - site.seen[0].at < 2.5


@pytest.mark.parametrize("asked,cap", [(1.0, 30.0), (60.0, 0.4)])
def test_crawl_delay_longer_than_ours_spaces_pages_and_is_capped(eng, sites, asked, cap):
    pages = [f"/p{i}" for i in range(3)]
    robots = f"User-agent: *\nAllow: /\nCrawl-delay: {asked:g}\n"
    site = sites({p: page("<p>x</p>") for p in pages}, robots=robots)
    pid = add(eng, "Slow Please", [site.url(p) for p in pages])
    report = gather(eng, [pid], fast_settings(per_host=4, delay=0.2, retry_after_cap=cap))
    assert report.counts() == {"ok": 3}
    starts = _page_starts(site, pages)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    wanted = min(asked, cap)  # 1 s as asked; 60 s cut to the Retry-After cap
    assert min(gaps) >= wanted - 0.1
    assert max(gaps) < wanted + 5  # never the 60 s the second site asked for


def test_crawl_delay_of_our_group_with_request_rate_clamped_to_the_cap():
    from prospect.gather.robots import RobotsRules

    def delay(robots: str, cap: float = 30.0) -> float:
        return RobotsRules.from_answer(200, robots.encode()).crawl_delay("prospect", cap)

    assert delay("User-agent: *\nCrawl-delay: 2\n") == 2.0
    # the group for our product token replaces the * group, Crawl-delay included
    assert delay("User-agent: *\nCrawl-delay: 9\n\nUser-agent: prospect\nAllow: /\n") == 0.0
    assert delay("User-agent: *\nDisallow:\n\nUser-agent: prospect\nCrawl-delay: 3\n") == 3.0
    assert delay("User-agent: *\nRequest-rate: 1/4\n") == 4.0  # one request per 4 s
    assert delay("User-agent: *\nCrawl-delay: 1\nRequest-rate: 2/10\n") == 5.0
    assert delay("User-agent: *\nCrawl-delay: 600\n", cap=30.0) == 30.0
    assert delay("User-agent: *\nCrawl-delay: soon\nRequest-rate: 0/5\n") == 0.0
    assert delay("User-agent: *\nDisallow: /private\n") == 0.0
    assert RobotsRules("allow_all", "robots.txt answered HTTP 404").crawl_delay(
        "prospect", 30.0) == 0.0


def test_a_robots_fetch_still_holds_one_of_the_hosts_slots(eng, sites):
    # www's robots.txt redirects to the main host's: that fetch competes with the main
    # host's own robots.txt for its one slot, and waits for the slot but not the delay
    main = sites(host="127.0.0.2", routes={
        "/robots.txt": Reply(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"},
                             delay=0.2),
        "/b": page("<p>b</p>")})
    www = sites(host="127.0.0.3", routes={
        "/robots.txt": Reply(301, b"", {"Location": main.url("/robots.txt")}),
        "/a": page("<p>a</p>")})
    pid = add(eng, "Two Hosts", [www.url("/a"), main.url("/b")])
    report = gather(eng, [pid], fast_settings(per_host=1, delay=5.0))
    assert report.counts() == {"ok": 2}
    assert main.count("/robots.txt") == 2 and www.count("/robots.txt") == 1
    assert main.peak == 1  # never above per_host, robots.txt fetches included
    assert max(report.peak_per_host.values()) == 1
    first, second = (s.at for s in main.seen if s.path == "/robots.txt")
    assert second - first < 2.5  # one after the other, not a paced 5 s apart


def test_a_stored_robots_answer_is_parsed_once_per_process() -> None:
    from prospect.gather.robots import PARSED_MAX_BYTES, stored_rules

    body = b"User-agent: *\nDisallow: /private\nCrawl-delay: 2\n"
    first = stored_rules(200, body)
    assert stored_rules(200, bytes(body)) is first  # the next job reuses the parsed rules
    assert not first.allows("http://a.test/private/x", "prospect")
    assert first.allows("http://a.test/open", "prospect")
    assert first.crawl_delay("prospect", 30) == 2
    other = stored_rules(200, b"User-agent: *\nDisallow: /\n")
    assert other is not first and not other.allows("http://a.test/open", "prospect")
    assert stored_rules(404, b"").mode == "allow_all"
    big = b"User-agent: *\nDisallow: /x\n" + b"# padding\n" * (PARSED_MAX_BYTES // 10 + 1)
    assert stored_rules(200, big) is not stored_rules(200, big)  # too large to keep
