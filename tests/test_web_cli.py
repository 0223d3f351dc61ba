"""`prospect serve` and `prospect demo --serve`: thin commands that start the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prospect.cli import app


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record what would be served instead of listening."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.delenv("PROSPECT_UI_TOKEN", raising=False)
    return calls


def test_serve_on_loopback_with_the_global_options(runner, sqlite_url, uvicorn_calls):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["--db", sqlite_url, "--author", "Zed", "serve",
                                 "--port", "9123"])
    assert result.exit_code == 0, result.output
    assert "The workspace is at http://127.0.0.1:9123/" in result.output
    (call,) = uvicorn_calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 9123)
    web = call["app"].state.web
    assert web.actor == "Zed" and web.guard.token is None
    assert "127.0.0.1:9123" in web.guard.hosts and "evil.example:9123" not in web.guard.hosts


def test_serve_elsewhere_needs_a_good_token(runner, sqlite_url, uvicorn_calls, monkeypatch):  # type: ignore[no-untyped-def]
    short = runner.invoke(app, ["--db", sqlite_url, "serve", "--host", "0.0.0.0",
                                "--token", "short"])
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    assert runner.invoke(app, ["--db", sqlite_url, "serve", "--port", "0"]).exit_code == 1
    monkeypatch.setenv("PROSPECT_UI_TOKEN", "from-the-environment")
    ok = runner.invoke(app, ["--db", sqlite_url, "serve", "--host", "0.0.0.0"])
    assert ok.exit_code == 0, ok.output
    assert "asks for the access token once" in ok.output
    guard = uvicorn_calls[-1]["app"].state.web.guard
    assert guard.token == "from-the-environment" and guard.hosts is None
    assert not uvicorn_calls[-1].get("proxy_headers", True)


@pytest.mark.slow
def test_demo_serve_opens_the_demo_database(runner, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    import prospect.web.serve as serve_module

    seen: dict[str, Any] = {}
    def fake_serve(url: str, **kw: Any) -> None:
        import httpx

        # the sample site is still up while the workspace runs: Gather works there too
        seen.update(url=url, site=httpx.get(site_url(url)).status_code, **kw)

    def site_url(url: str) -> str:
        from sqlmodel import Session, select

        from prospect.store import open_db
        from prospect.store.models import Source

        engine = open_db(url)
        with Session(engine) as s:
            first = s.exec(select(Source.url)).first()
        engine.dispose()
        return first

    monkeypatch.setattr(serve_module, "serve", fake_serve)
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo"), "--serve"])
    assert result.exit_code == 0, result.output
    assert seen["url"] == f"sqlite:///{tmp_path / 'demo' / 'demo.db'}"
    assert seen["open_browser"] is True and seen["site"] == 200
    from sqlmodel import Session, func, select

    from prospect.store import open_db
    from prospect.store.models import Prospect

    engine = open_db(seen["url"])
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Prospect)).one() == 2
    engine.dispose()
