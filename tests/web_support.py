"""Helpers for the workspace tests: an app on a database, its CSRF token, a live server."""

from __future__ import annotations

import re
import socket
import threading
import time
from typing import Any

HOST, PORT = "127.0.0.1", 8765
BASE = f"http://{HOST}:{PORT}"
ACTOR = "web-tester"


def make_client(db_url: str, **kwargs: Any) -> Any:
    """A TestClient on a workspace over `db_url`, sending the Host the app was bound to."""
    from starlette.testclient import TestClient

    from prospect.web.app import create_app

    app = create_app(db_url, host=HOST, port=PORT, actor=ACTOR, **kwargs)
    return TestClient(app, base_url=BASE, follow_redirects=False)


def csrf(client: Any) -> str:
    """The CSRF token a page carries for this client's cookie."""
    page = client.get("/story").text
    found = re.search(r'"X-CSRF-Token": "([0-9a-f]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)


def post(client: Any, url: str, data: dict[str, Any] | None = None, htmx: bool = True,
         **kwargs: Any) -> Any:
    """A POST the way the page sends it: with the CSRF token (and as htmx by default)."""
    headers = {"X-CSRF-Token": csrf(client)}
    if htmx:
        headers["HX-Request"] = "true"
    return client.post(url, data=data or {}, headers=headers, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The real app under Uvicorn on 127.0.0.1, in a thread (for the browser tests)."""

    def __init__(self, db_url: str, **kwargs: Any) -> None:
        import uvicorn

        from prospect.web.app import create_app

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        app = create_app(db_url, host="127.0.0.1", port=self.port, actor=ACTOR, **kwargs)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the workspace did not start")
            time.sleep(0.05)

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
