"""Engine factory and schema upgrade: every open applies pending Alembic migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import create_engine

from prospect.errors import StoreError
from prospect.store import textguard

SQLITE_BUSY_MS = 30_000


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout."""
    try:
        parsed = make_url(url)
    except SQLAlchemyError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if path and path != ":memory:":
            _check_sqlite_path(Path(path))
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        textguard.install(engine)
        return engine
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot use database {parsed.render_as_string()}: {exc}") from exc
    textguard.install(engine)
    return engine


def _check_sqlite_path(path: Path) -> None:
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the folder for the database {path}: {exc.strerror}") from None
    if path.is_dir():
        raise StoreError(f"the database path {path} is a folder, not a file")
    if path.exists():
        import os

        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(f"cannot read and write the database file {path}")
    else:
        import os

        if not os.access(parent, os.W_OK):
            raise StoreError(f"cannot write in {parent} to create the database")


def _alembic_config(connection: object) -> object:
    from alembic.config import Config

    from prospect.resources import migrations_dir

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration this version of prospect ships.

    Migration files are named `NNNN_<what>.py` with revision id `NNNN` (a test checks this
    against Alembic's own reading), so the head is found without importing Alembic: opening a
    database that is already up to date stays cheap.
    """
    from prospect.resources import migrations_dir

    names = [p.name.split("_", 1)[0] for p in (migrations_dir() / "versions").glob("[0-9]*_*.py")]
    return max(names, default="")


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for a blank database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` (default: the newest)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)  # type: ignore[arg-type]


def open_db(url: str, upgrade: bool = True) -> Engine:
    """Open the database at `url`, creating or upgrading its schema."""
    engine = make_engine(url)
    try:
        if upgrade and current_revision(engine) != head_revision():
            migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        msg = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
        raise StoreError(f"cannot open database {_safe(url)}: {msg.splitlines()[0]}") from None
    return engine


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return url
