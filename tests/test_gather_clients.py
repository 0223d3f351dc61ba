"""A run fetches through one HTTP client per origin, on real loopback servers: each host's
requests share their client (and its connections), the least recently used idle client is
closed past the limit, a client in use never is, and closing the run closes them all."""

from __future__ import annotations

import asyncio
from typing import Any

from gather_support import Reply, fast_settings, page

from prospect.gather.clients import HostClients, origin
from prospect.gather.run import make_client


def test_origin_keeps_scheme_host_and_port_apart() -> None:
    assert origin("http://A.example:8080/x?y") == origin("http://a.example:8080/z")
    assert origin("http://a.example/x") != origin("https://a.example/x")
    assert origin("http://a.example:81/") != origin("http://a.example:82/")
    assert origin("http://[::1/") == ""  # httpx then says what is wrong with it


async def _get(clients: Any, url: str) -> tuple[int, bytes, str]:
    async with clients.stream("GET", url) as resp:
        return resp.status_code, await resp.aread(), resp.request.headers["User-Agent"]


def test_each_host_gets_its_client_with_the_run_headers(sites: Any) -> None:
    a, b = sites(host="127.0.0.2"), sites(host="127.0.0.3")
    a.routes["/p"] = page("<p>a</p>")
    b.routes["/p"] = page("<p>b</p>")
    settings = fast_settings()

    async def go() -> tuple[list[tuple[int, bytes, str]], int, int]:
        clients = make_client(settings)
        async with clients:
            got = [await _get(clients, u) for u in (a.url("/p"), b.url("/p"), a.url("/p"))]
            open_ = len(clients)
        return got, open_, len(clients)

    got, open_, after = asyncio.run(go())
    assert [g[:2] for g in got] == [(200, b"<p>a</p>"), (200, b"<p>b</p>"), (200, b"<p>a</p>")]
    assert {g[2] for g in got} == {settings.user_agent}
    assert open_ == 2 and after == 0
    assert a.count("/p") == 2 and b.count("/p") == 1


class _Client:
    """Says whether it was closed; answers through a real httpx client."""

    def __init__(self) -> None:
        import httpx

        self.inner = httpx.AsyncClient()
        self.is_closed = False

    def stream(self, method: str, url: str, **kw: Any) -> Any:
        return self.inner.stream(method, url, **kw)

    async def aclose(self) -> None:
        self.is_closed = True
        await self.inner.aclose()


def test_past_the_limit_the_least_recent_idle_client_closes_never_a_busy_one(
        sites: Any) -> None:
    slow, quick, third = (sites(host=f"127.0.0.{n}") for n in (2, 3, 4))
    slow.routes["/p"] = Reply(200, b"slow", {"Content-Type": "text/plain"}, delay=0.4)
    quick.routes["/p"] = page("quick")
    third.routes["/p"] = page("third")
    made: list[_Client] = []

    def make() -> _Client:
        made.append(_Client())
        return made[-1]

    def closed() -> list[bool]:
        return [c.is_closed for c in made]

    async def go() -> list[tuple[int, list[bool]]]:
        clients = HostClients(make, keep=1)
        steps = []
        async with clients:
            long = asyncio.create_task(_get(clients, slow.url("/p")))
            await asyncio.sleep(0.1)  # the slow host's client is in use from here
            await _get(clients, quick.url("/p"))
            steps.append((len(clients), closed()))  # the busy one stays, the idle one goes
            await long
            steps.append((len(clients), closed()))  # one open: within the limit
            await _get(clients, third.url("/p"))
            steps.append((len(clients), closed()))  # the least recent idle one goes
        return steps

    assert asyncio.run(go()) == [(1, [False, True]), (1, [False, True]),
                                 (1, [True, True, False])]
    assert closed() == [True, True, True]  # and every one at the end
    assert slow.count("/p") == quick.count("/p") == third.count("/p") == 1
