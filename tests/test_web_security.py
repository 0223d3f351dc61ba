"""The workspace's guards: CSRF, the Host check, the access token, the CSP, escaping."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, func, select
from web_support import BASE, csrf, make_client, post

from prospect.store.models import Note, Prospect


@pytest.fixture
def client(sqlite_url: str):  # type: ignore[no-untyped-def]
    from prospect.store import open_db
    from prospect.store.repo import ProspectInput, add_prospect

    engine = open_db(sqlite_url)
    with Session(engine) as s:
        add_prospect(s, ProspectInput(name="Ana Ruiz"))
    c = make_client(sqlite_url, engine=engine)
    c.engine = engine
    yield c
    c.close()
    engine.dispose()


def _notes(client) -> int:  # type: ignore[no-untyped-def]
    with Session(client.engine) as s:
        return s.exec(select(func.count()).select_from(Note)).one()


def test_post_without_csrf_token_is_refused(client):  # type: ignore[no-untyped-def]
    client.get("/")  # the browser has its CSRF cookie
    r = client.post("/p/ana-ruiz/notes", data={"text": "sneaky"})
    assert r.status_code == 403
    r = client.post("/p/ana-ruiz/notes", data={"text": "sneaky", "csrf_token": "0" * 64})
    assert r.status_code == 403
    assert _notes(client) == 0
    assert post(client, "/p/ana-ruiz/notes", {"text": "fine"}).status_code == 200
    assert _notes(client) == 1


def test_csrf_token_is_bound_to_the_browser_cookie(client, sqlite_url):  # type: ignore[no-untyped-def]
    token = csrf(client)
    from starlette.testclient import TestClient

    other = TestClient(client.app, base_url=BASE)  # another browser: another cookie
    other.get("/")
    r = other.post("/p/ana-ruiz/notes", data={"text": "x"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 403
    # a first request without any cookie cannot post either
    fresh = TestClient(client.app, base_url=BASE)
    assert fresh.post("/p/ana-ruiz/notes", data={"text": "x", "csrf_token": token}
                      ).status_code == 403
    assert _notes(client) == 0


def test_cookie_is_httponly_and_samesite_strict(client):  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    r = TestClient(client.app, base_url=BASE).get("/")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_foreign_host_header_is_refused(client):  # type: ignore[no-untyped-def]
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:9999"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200
    r = client.post("/p/ana-ruiz/notes", data={"text": "x"},
                    headers={"Host": "rebound.example:8765", "X-CSRF-Token": csrf(client)})
    assert r.status_code == 400 and _notes(client) == 0


def test_non_loopback_bind_without_token_is_refused(monkeypatch, runner, sqlite_url):  # type: ignore[no-untyped-def]
    from prospect.cli import app
    from prospect.errors import InvalidValue
    from prospect.web.serve import check_bind

    monkeypatch.delenv("PROSPECT_UI_TOKEN", raising=False)
    with pytest.raises(InvalidValue, match="--token"):
        check_bind("0.0.0.0", 8765, None)
    with pytest.raises(InvalidValue, match="--token"):
        check_bind("192.168.1.20", 8765, None)
    assert check_bind("127.0.0.1", 8765, None) is None
    assert check_bind("localhost", 8765, None) is None
    monkeypatch.setenv("PROSPECT_UI_TOKEN", "a-long-enough-secret")
    assert check_bind("0.0.0.0", 8765, None) == "a-long-enough-secret"
    monkeypatch.delenv("PROSPECT_UI_TOKEN")
    result = runner.invoke(app, ["--db", sqlite_url, "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "give an access token with --token or $PROSPECT_UI_TOKEN" in result.output


def test_token_is_asked_once_and_kept_in_a_cookie(sqlite_url):  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    from prospect.web.app import create_app

    app = create_app(sqlite_url, host="10.0.0.5", port=8765, token="correct-horse-battery")
    c = TestClient(app, base_url="http://10.0.0.5:8765", follow_redirects=False)
    r = c.get("/p/x")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/p/x"
    assert c.post("/p/x/notes", data={"text": "x"}).status_code == 401
    page = c.get("/login").text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)
    bad = c.post("/login", data={"token": "wrong", "csrf_token": token})
    assert bad.status_code == 403 and "not the access token" in bad.text
    good = c.post("/login", data={"token": "correct-horse-battery", "csrf_token": token,
                                  "next": "/changes"})
    assert good.status_code == 303 and good.headers["location"] == "/changes"
    cookie = good.headers["set-cookie"]
    assert "prospect_token=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "correct-horse-battery" not in cookie
    assert c.get("/").status_code == 200


def test_hostile_text_is_escaped_everywhere(client):  # type: ignore[no-untyped-def]
    from prospect.store.repo import add_note, add_source, edit_prospect

    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    with Session(client.engine) as s:
        edit_prospect(s, "ana-ruiz", {"company": hostile, "title": hostile})
        add_note(s, "ana-ruiz", hostile, kind="goal")
        add_source(s, "ana-ruiz", "https://example.org/\"><script>alert(2)</script>")
    for path in ("/", "/p/ana-ruiz", "/changes", "/?q=alert"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
        scripts = re.findall(r"<script[^>]*>", page)
        assert scripts and all("src=" in s for s in scripts), path  # no inline script
    page = client.get("/p/ana-ruiz").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    with Session(client.engine) as s:
        assert s.exec(select(Prospect.company)).one() == hostile  # stored as given


def test_responses_carry_a_strict_content_security_policy(client):  # type: ignore[no-untyped-def]
    r = client.get("/")
    policy = r.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'nonce-" in directives["script-src"] and "http" not in policy
    page = r.text
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert all(f'nonce="{nonce}"' in s for s in re.findall(r"<script[^>]*>", page))
    assert client.get("/static/htmx.min.js").status_code == 200


def test_the_page_loads_nothing_from_outside(client):  # type: ignore[no-untyped-def]
    for path in ("/", "/p/ana-ruiz", "/story", "/import", "/changes"):
        page = client.get(path).text
        loads = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)="([^"]+)"',
                           page)
        assert loads, path
        for url in loads:
            assert url.startswith("/") and not url.startswith("//"), (path, url)
