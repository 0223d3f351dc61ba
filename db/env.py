"""Alembic environment: run migrations on the connection prospect hands over."""

from alembic import context
from sqlmodel import SQLModel

import prospect.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from prospect.config import resolve_db_url
        from prospect.store.engine import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or resolve_db_url())
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
