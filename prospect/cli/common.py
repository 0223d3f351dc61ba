"""What every command shares: global options, the database session, output and errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup

from prospect.errors import ProspectError


@dataclass
class State:
    db: str | None = None
    author: str | None = None


state = State()


class Group(TyperGroup):
    """Root command group: a ProspectError becomes one line on stderr and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ProspectError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None


def db_url() -> str:
    from prospect.config import resolve_db_url

    return resolve_db_url(state.db)


@contextmanager
def session() -> Iterator[Any]:
    """A Session on the chosen database, schema upgraded, engine disposed afterwards."""
    from sqlmodel import Session

    from prospect.store import open_db

    engine = open_db(db_url())
    try:
        with Session(engine) as s:
            yield s
    finally:
        engine.dispose()


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None,
                empty: str = "Nothing to show.") -> None:
    """A readable table on a terminal; plain columns when piped."""
    if not rows:
        typer.echo(empty)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    Console(width=None if sys.stdout.isatty() else 140).print(table)


def interactive() -> bool:
    """Whether a person is at the keyboard (stdin and stdout are terminals)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirm_destruction(what: str, yes: bool) -> None:
    """Ask before erasing `what` (naming it in full); without a terminal, `--yes` is needed.

    Refusing exits 1 having changed nothing.
    """
    if yes:
        return
    if not interactive():
        typer.echo(f"Error: not a terminal, so nothing was asked and nothing was deleted: "
                   f"add --yes to {what}.", err=True)
        raise typer.Exit(1)
    if not typer.confirm(f"{what[0].upper()}{what[1:]}?", default=False):
        typer.echo("Nothing deleted.")
        raise typer.Exit(1)


YesOpt = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of a table.")
