"""A dry run of any library function: a Session whose commits are all undone at the end.

Previews (pasted notes, an import) run the real function, read what it did, and roll back,
so the preview can never disagree with what saving will do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlmodel import Session


@contextmanager
def rehearsal(engine: Engine) -> Iterator[Session]:
    """A Session inside one outer transaction that is rolled back; its commits are savepoints."""
    conn = engine.connect()
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # pysqlite opens transactions itself and breaks savepoints: drive them by hand on a
        # connection that is thrown away afterwards
        conn.connection.driver_connection.isolation_level = None  # type: ignore[union-attr]
    trans = conn.begin()
    if sqlite:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    session = Session(bind=conn, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        trans.rollback()
        if sqlite:
            conn.invalidate()
        conn.close()
