"""Shared fixtures: isolated user folders, SQLite and PostgreSQL databases, a CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

PG_ADMIN_URL = os.environ.get("PROSPECT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SHARED_PAGES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pages"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real files: PROSPECT_HOME and PROSPECT_DB point at a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PROSPECT_HOME", str(home))
    monkeypatch.delenv("PROSPECT_DB", raising=False)
    monkeypatch.setenv("PROSPECT_DELAY", "0")
    return home


def _pg_reason() -> str | None:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means: skip with the reason
        return f"PostgreSQL not available at 127.0.0.1:5432 ({type(exc).__name__}: {exc})"


_PG_SKIP = _pg_reason()


def _create_pg_db() -> tuple[str, str]:
    import psycopg

    name = f"prospect_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _drop_pg_db(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL: a real SQLite file, and a real PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'prospect.db'}"
        return
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    name, url = _create_pg_db()
    try:
        yield url
    finally:
        _drop_pg_db(name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file database URL (for tests that only need one backend)."""
    return f"sqlite:///{tmp_path / 'prospect.db'}"


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    from prospect.store import open_db

    eng = open_db(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    with Session(engine) as s:
        yield s


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner, db_url: str):  # type: ignore[no-untyped-def]
    """Run `prospect --db <db_url> ARGS...`; returns the click Result."""
    from prospect.cli import app

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", db_url, *args], input=input)

    invoke.db_url = db_url  # type: ignore[attr-defined]
    return invoke


@pytest.fixture
def shared_pages() -> Path:
    """The real pages in ../shared/fixtures/pages (skips where that folder is absent)."""
    if not SHARED_PAGES.is_dir():
        pytest.skip(f"shared fixtures not found at {SHARED_PAGES} (a fresh clone has none)")
    return SHARED_PAGES


@pytest.fixture
def sites():  # type: ignore[no-untyped-def]
    """Fake web sites on 127.0.0.1 for the gathering tests (see gather_support.py)."""
    from gather_support import Sites

    made = Sites()
    yield made
    made.close()


@pytest.fixture
def eng(sqlite_url: str):  # type: ignore[no-untyped-def]
    """An engine on a fresh SQLite file, schema migrated."""
    from prospect.store import open_db

    engine = open_db(sqlite_url)
    yield engine
    engine.dispose()
