"""Start the workspace: check the bind address and token, then run it under Uvicorn."""

from __future__ import annotations

import os
import threading
import webbrowser

from prospect.errors import InvalidValue
from prospect.web.security import is_loopback, is_wildcard

TOKEN_ENV = "PROSPECT_UI_TOKEN"


def check_bind(host: str, port: int, token: str | None) -> str | None:
    """The token to require (None on loopback without one); refuses an open bind without one."""
    token = (token if token is not None else os.environ.get(TOKEN_ENV) or "").strip() or None
    if not 0 < port < 65536:
        raise InvalidValue(f"port must be between 1 and 65535, got {port}")
    if not is_loopback(host) and token is None:
        raise InvalidValue(f"binding {host} lets other machines reach your prospects: give an "
                           f"access token with --token or ${TOKEN_ENV}")
    if token is not None and len(token) < 8:
        raise InvalidValue("the access token must be at least 8 characters")
    return token


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if is_wildcard(host) else host
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    return f"http://{shown}:{port}/"


def serve(db_url: str, *, host: str = "127.0.0.1", port: int = 8765, token: str | None = None,
          open_browser: bool = False, actor: str | None = None,
          say: object = print) -> None:
    """Run the workspace until interrupted (Ctrl-C)."""
    import uvicorn

    from prospect.web.app import create_app

    token = check_bind(host, port, token)
    app = create_app(db_url, host=host, port=port, token=token, actor=actor)
    url = url_for(host, port)
    if callable(say):
        say(f"The workspace is at {url} (Ctrl-C to stop)."
            + (" It asks for the access token once." if token else ""))
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host.strip("[]"), port=port, log_level="warning",
                proxy_headers=False, server_header=False)
