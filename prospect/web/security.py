"""The workspace's guards, as one ASGI middleware: the Host check (DNS rebinding), the access
token for non-loopback binds, CSRF on every POST, and the Content-Security-Policy header.

Every POST body is read here once (capped), its form parsed and checked, then replayed to the
route, which finds the parsed form in `scope["prospect.form"]`: no route can forget the check.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "prospect_csrf"
TOKEN_COOKIE = "prospect_token"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_BODY = 20 * 1024 * 1024
OPEN_PATHS = ("/static/", "/login")


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address) only reaches this machine."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host headers the app answers; None for a wildcard bind (any name, token required)."""
    if is_wildcard(host):
        return None
    names = {host.lower()}
    if is_loopback(host):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    out = {f"{n}:{port}" for n in names}
    if port == 80:
        out |= names
    return frozenset(out)


@dataclass
class Guard:
    """What the middleware enforces, fixed when the app is made."""

    hosts: frozenset[str] | None
    token: str | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def csrf_token(self, cookie: str) -> str:
        """The token a page carries for the browser holding CSRF cookie `cookie`."""
        return hmac.new(self.secret, b"csrf:" + cookie.encode(), hashlib.sha256).hexdigest()

    def token_cookie(self) -> str:
        """The cookie value proving the browser was given the access token."""
        return hmac.new(self.secret, b"token:" + (self.token or "").encode(),
                        hashlib.sha256).hexdigest()

    def token_ok(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.encode(),
                                                              self.token.encode())


def _cookies(scope: Scope) -> dict[str, str]:
    raw = "; ".join(v.decode("latin-1") for k, v in scope["headers"] if k == b"cookie")
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed cookie header counts as no cookies
        return {}
    return {k: m.value for k, m in jar.items()}


def _header(scope: Scope, name: bytes) -> str:
    for k, v in scope["headers"]:
        if k == name:
            return v.decode("latin-1")
    return ""


def csp(nonce: str) -> str:
    """The policy of every page: only this app, scripts by file or nonce, no inline style."""
    return ("default-src 'self'; script-src 'self' 'nonce-" + nonce + "'; style-src 'self'; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; "
            "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")


# the brief's own page (the preview frame): its inline stylesheet, its fonts, no script at all
BRIEF_CSP = ("default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' "
             "data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; "
             "sandbox allow-same-origin")


class GuardMiddleware:
    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app, self.guard = app, guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        g = self.guard
        host = _header(scope, b"host").lower()
        if g.hosts is not None and host not in g.hosts:
            await _plain(send, 400, "Unknown Host header: this workspace answers only the "
                                    "address it was started on.")
            return
        cookies = _cookies(scope)
        csrf_cookie = cookies.get(CSRF_COOKIE) or ""
        new_cookie = None
        if len(csrf_cookie) < 20:
            csrf_cookie = new_cookie = secrets.token_urlsafe(24)
        nonce = secrets.token_urlsafe(16)
        scope["prospect.csrf"] = g.csrf_token(csrf_cookie)
        scope["prospect.nonce"] = nonce
        path = scope["path"]
        authed = g.token is None or hmac.compare_digest(cookies.get(TOKEN_COOKIE, ""),
                                                        g.token_cookie())
        scope["prospect.authed"] = authed
        if not authed and not path.startswith(OPEN_PATHS):
            if scope["method"] in ("GET", "HEAD"):
                await _redirect(send, "/login?next=" + quote(path), new_cookie)
            else:
                await _plain(send, 401, "This workspace needs its access token: open /login.")
            return
        form: FormData | None = None
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            body = await _read_body(receive)
            if body is None:
                await _plain(send, 413, "The upload is too large (20 MB at most).")
                return
            receive = _replay(body)
            form = await Request(scope, receive).form(max_files=4, max_fields=5000)
            receive = _replay(body)
            given = _header(scope, CSRF_HEADER.encode()) or str(form.get(CSRF_FIELD) or "")
            if new_cookie is not None or not hmac.compare_digest(given, scope["prospect.csrf"]):
                await form.close()
                await _plain(send, 403, "This form has expired or did not come from this "
                                        "workspace: reload the page and try again.")
                return
            scope["prospect.form"] = form

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", csp(nonce).encode()))
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"),
                            (b"cross-origin-opener-policy", b"same-origin")]
                if b"x-frame-options" not in names:
                    headers.append((b"x-frame-options", b"SAMEORIGIN"))
                if new_cookie is not None:
                    headers.append((b"set-cookie", _cookie(CSRF_COOKIE, new_cookie).encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            if form is not None:
                await form.close()


def _cookie(name: str, value: str) -> str:
    return f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"


def token_set_cookie(guard: Guard) -> str:
    """The Set-Cookie value that keeps the access token in the browser."""
    return _cookie(TOKEN_COOKIE, guard.token_cookie())


async def _read_body(receive: Receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"content-security-policy", b"default-src 'none'")]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str, new_cookie: str | None) -> None:
    headers = [(b"location", location.encode()), (b"content-length", b"0")]
    if new_cookie:
        headers.append((b"set-cookie", _cookie(CSRF_COOKIE, new_cookie).encode()))
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def request_value(request: Request, key: str) -> Any:
    """What the middleware put in the scope for this request (csrf, nonce, form)."""
    return request.scope.get(f"prospect.{key}")
