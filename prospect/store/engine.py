"""Engine factory and schema upgrade: every open applies pending Alembic migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session, create_engine

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


def read_session(engine: Engine) -> Session:
    """A Session for reads that need no transaction of their own (what a page's trip looks
    up before its write). On PostgreSQL its connection runs in autocommit: no BEGIN and
    ROLLBACK round trips, and psycopg keeps the statements it has prepared, which it forgets
    on every ROLLBACK, so the statements a worker runs for every page would otherwise be
    parsed and planned anew each time. SQLite keeps its usual read transaction."""
    session = Session(engine)
    if engine.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return session


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


def known_revisions() -> list[str]:
    """Every migration this version of prospect ships, oldest first.

    Migration files are named `NNNN_<what>.py` with revision id `NNNN` (a test checks this
    against Alembic's own reading), so revisions are found without importing Alembic:
    opening a database that is already up to date stays cheap.
    """
    from prospect.resources import migrations_dir

    return sorted(p.name.split("_", 1)[0]
                  for p in (migrations_dir() / "versions").glob("[0-9]*_*.py"))


def head_revision() -> str:
    """The newest migration this version of prospect ships."""
    return max(known_revisions(), default="")


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for a blank database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _user_tables(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [t for t in inspect(conn).get_table_names() if not t.startswith("sqlite_")]


def _transactional(engine: Engine) -> Engine:
    """An engine whose transactions cover DDL too.

    Python's sqlite3 driver commits before every CREATE or ALTER, so a migration that failed
    halfway would leave half a schema. This engine lets SQLite see our BEGIN IMMEDIATE,
    which also makes a second process that opens the file at the same time wait its turn.
    """
    if engine.dialect.name != "sqlite":
        return engine
    mig = create_engine(engine.url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

    @event.listens_for(mig, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, record: object) -> None:
        _sqlite_pragmas(dbapi_conn, record)
        dbapi_conn.isolation_level = None  # the driver issues no BEGIN/COMMIT of its own

    @event.listens_for(mig, "begin")
    def _begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    return mig


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` (default: the newest), all in one transaction."""
    from alembic import command

    mig = _transactional(engine)
    try:
        with mig.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)  # type: ignore[arg-type]
    finally:
        if mig is not engine:
            mig.dispose()


def check_schema(engine: Engine, url: str) -> str | None:
    """The revision to migrate from, after checking the database is ours and not newer.

    A database that holds tables but no migration record is somebody else's: it is refused
    untouched. One at a revision this version does not know was written by a newer prospect.
    """
    current = current_revision(engine)
    if current is None:
        tables = _user_tables(engine)
        if tables:
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise StoreError(f"{_safe(url)} is not a prospect database (it already holds "
                             f"tables: {shown}); nothing was changed. Give another file "
                             f"with --db or PROSPECT_DB")
    elif current not in known_revisions():
        raise StoreError(f"this database was written by a newer prospect (revision "
                         f"{current}); upgrade prospect to use it")
    return current


def _peek_sqlite(url: str) -> None:
    """Refuse an existing SQLite file that is not ours before anything writes to it.

    Even the WAL pragma rewrites a file's header, so the check reads the file read-only.
    """
    parsed = make_url(url)
    path = Path(parsed.database or "")
    if parsed.get_backend_name() != "sqlite" or not parsed.database or \
            parsed.database == ":memory:" or not path.is_file() or path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is not a prospect database ({exc}); nothing was changed. "
                         f"Give another file with --db or PROSPECT_DB") from None
    names = {n for n in names if not n.startswith("sqlite_")}
    if names and "alembic_version" not in names:
        shown = ", ".join(sorted(names)[:5]) + (", …" if len(names) > 5 else "")
        raise StoreError(f"{path} is not a prospect database (it already holds tables: "
                         f"{shown}); nothing was changed. Give another file with --db or "
                         f"PROSPECT_DB")


def open_db(url: str, upgrade: bool = True) -> Engine:
    """Open the database at `url`, creating or upgrading its schema."""
    try:
        _peek_sqlite(url)
    except SQLAlchemyError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    engine = make_engine(url)
    try:
        if upgrade:
            current = check_schema(engine, url)
            if current != head_revision():
                migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        orig = exc.orig if isinstance(exc, DBAPIError) else None
        msg = str(orig) if orig else str(exc)
        raise StoreError(f"cannot open database {_safe(url)}: {msg.splitlines()[0]}") from None
    except StoreError:
        engine.dispose()
        raise
    return engine


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return url
