"""Real HTTP servers on loopback for the gather tests and bench: programmable routes, and a
record of what each server received (paths, order, headers, requests in flight)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What a route answers: status, headers, a body or a stream of chunks, a delay first."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunks: Iterable[bytes] | None = None
    drop: bool = False  # close the connection without answering


def page(html: str, status: int = 200, content_type: str = "text/html; charset=utf-8",
         **headers: str) -> Reply:
    return Reply(status, html.encode("utf-8"), {"Content-Type": content_type, **headers})


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


Route = Reply | Callable[["Seen"], Reply]


class Site:
    """One server on host:port; `routes` maps a path (with query) to a Reply or a function."""

    def __init__(self, host: str = "127.0.0.1", routes: dict[str, Route] | None = None,
                 robots: str | None = "User-agent: *\nAllow: /\n") -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        if robots is not None:
            self.routes.setdefault("/robots.txt", Reply(200, robots.encode(),
                                                        {"Content-Type": "text/plain"}))
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.peak = 0
        self.bytes_sent: dict[str, int] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, 0), _handler(self))
        self.server.daemon_threads = True
        self.host, self.port = self.server.server_address[:2]
        self.base = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]

    def count(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _enter(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # headers and body go out in separate writes: without this, Nagle's algorithm and
        # delayed ACKs add ~40 ms to every response
        disable_nagle_algorithm = True
        protocol_version = "HTTP/1.1"  # keep-alive, like real sites

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()},
                        time.monotonic())
            site._enter(seen)
            left = False
            try:
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None:
                    reply = Reply(404, b"<h1>not found</h1>", {"Content-Type": "text/html"})
                else:
                    reply = route(seen) if callable(route) else route
                if reply.delay:
                    time.sleep(reply.delay)
                # done working: the client cannot finish before the first byte is written, so
                # this never counts a request the client already released
                site._leave()
                left = True
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.chunks is None:
                    self.send_header("Content-Length", str(len(reply.body)))
                else:  # a body without a length ends when the connection does
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                sent = 0
                try:
                    if reply.chunks is None:
                        self.wfile.write(reply.body)
                        sent = len(reply.body)
                    else:
                        for chunk in reply.chunks:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                site.bytes_sent[self.path] = site.bytes_sent.get(self.path, 0) + sent
            finally:
                if not left:
                    site._leave()

    return Handler


def stream_bytes(total: int, chunk: int = 64 * 1024) -> Iterable[bytes]:
    """`total` bytes of generated HTML, produced as they are sent (the server holds none)."""
    block = (b"<p>" + b"x" * (chunk - 7) + b"</p>\n")[:chunk]
    left = total
    while left > 0:
        yield block[:left]
        left -= chunk


def fast_settings(**overrides: Any) -> Any:
    """GatherSettings with small timeouts and waits so fault tests stay quick."""
    from prospect.config import GatherSettings

    values: dict[str, Any] = {"delay": 0.0, "timeout": 2.0, "retry_after_cap": 0.05,
                              "contact": "mailto:test@example.org"}
    values.update(overrides)
    return GatherSettings(**values)


def add(engine: Any, name: str, urls: Iterable[str] = (), domain: str | None = None) -> int:
    """Create a prospect with sources; returns its id."""
    from sqlmodel import Session

    from prospect.store.repo import ProspectInput, add_prospect

    with Session(engine) as s:
        return add_prospect(s, ProspectInput(name=name, company_domain=domain),  # type: ignore[return-value]
                            urls=list(urls), actor="test").id


def sources(engine: Any, prospect_id: int) -> dict[str, Any]:
    """url -> Source row (detached copies) of one prospect."""
    from sqlmodel import Session

    from prospect.store.repo import list_sources

    with Session(engine) as s:
        rows = list_sources(s, prospect_id)
        for r in rows:
            s.expunge(r)
        return {r.url: r for r in rows}


def snapshots(engine: Any, url: str | None = None) -> list[Any]:
    from sqlmodel import Session, col, select

    from prospect.store.models import Snapshot, Source

    with Session(engine) as s:
        q = select(Snapshot).join(Source, col(Source.id) == col(Snapshot.source_id))
        if url:
            q = q.where(Source.url == url)
        rows = list(s.exec(q.order_by(col(Snapshot.id))).all())
        for r in rows:
            s.expunge(r)
        return rows


class Sites:
    """Makes servers for one test and closes them all afterwards."""

    def __init__(self) -> None:
        self.made: list[Site] = []

    def __call__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1",
                 **kw: Any) -> Site:
        site = Site(host, routes, **kw)
        self.made.append(site)
        return site

    def close(self) -> None:
        for s in self.made:
            s.close()
