"""What every command shares: global options, the database session, output and errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
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


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr when it is a terminal, silent otherwise; yields a
    function that advances it by n (rows read, briefs written)."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task(label, total=total)
    bar.start()
    try:
        yield lambda n: bar.advance(task, n)
    finally:
        bar.stop()


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


URL_WIDTH = 32  # a shortened address in a table cell
PIPED_WIDTH = 100
GAP = 2  # spaces between columns
MIN_TEXT = 14  # a column of words is never made narrower than its longest word, up to this


def short_url(url: str, width: int = URL_WIDTH) -> str:
    """An address for a table cell: no scheme or 'www.', the middle elided past `width`
    ('acme.example/…/equipo/ana'); `--json` always carries the full one."""
    text = url.split("://", 1)[-1]
    text = text[4:] if text.startswith("www.") else text
    text = text.rstrip("/") or text
    if len(text) <= width:
        return text
    host, _, path = text.partition("/")
    tail = path.rsplit("/", 1)[-1]
    if len(host) + len(tail) + 3 <= width:
        return f"{host}/…/{tail}"
    return text[: width - 1] + "…"


def _cell(value: Any) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    return short_url(text) if text.startswith(("http://", "https://")) else text


def _widths(columns: Sequence[str], cells: list[list[str]], width: int,
            gap: int = GAP) -> list[int]:
    """Column widths within `width`: one-word columns (ids, slugs, dates, short addresses)
    keep their full width; columns of words share what is left, in proportion to their
    length, and wrap at spaces."""
    natural = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    wordy = [any(" " in r[i] for r in cells) for i in range(len(columns))]
    room = width - gap * (len(columns) - 1)
    fixed = sum(n for n, w in zip(natural, wordy, strict=True) if not w)
    flexible = [i for i, w in enumerate(wordy) if w]
    if fixed + sum(natural[i] for i in flexible) <= room or not flexible:
        return natural
    # the narrowest a column of words gets: its longest word (up to MIN_TEXT), so names and
    # short titles wrap between words rather than inside them
    least = {i: max(len(columns[i]), min(MIN_TEXT, max(
        len(w) for r in cells for w in r[i].split() or [""]))) for i in flexible}
    out = list(natural)
    for i in flexible:
        out[i] = least[i]
    spare = room - fixed - sum(least.values())
    want = {i: natural[i] - least[i] for i in flexible}
    total = sum(want.values())
    if spare > 0 and total:
        for i in flexible:  # what is left, in proportion to what each column lacks
            out[i] += min(want[i], spare * want[i] // total)
        spare = room - fixed - sum(out[i] for i in flexible)
        for i in sorted(flexible, key=lambda i: natural[i] - out[i], reverse=True):
            extra = max(0, min(spare, natural[i] - out[i]))  # rounding leftovers
            out[i] += extra
            spare -= extra
    return out


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int,
                 title: str | None = None) -> str:
    """The text of a table `width` columns wide (see `print_table`)."""
    cells = [[_cell(v) for v in r] for r in rows]
    widths, spaces = _widths(columns, cells, width), GAP
    if sum(widths) + GAP * (len(widths) - 1) > width:  # tight: one space between columns
        widths, spaces = _widths(columns, cells, width, 1), 1
    lines = [title] if title else []
    gap = " " * spaces

    def add_row(values: Sequence[str]) -> None:
        wrapped = [_wrap(v, w) if len(v) > w else [v] for v, w in zip(values, widths,
                                                                       strict=True)]
        for k in range(max(len(x) for x in wrapped)):
            lines.append(gap.join((x[k] if k < len(x) else "").ljust(w)
                                  for x, w in zip(wrapped, widths, strict=True)).rstrip())

    add_row(list(columns))
    lines.append(gap.join("─" * w for w in widths))
    for r in cells:
        add_row(r)
    return "\n".join(lines)


def table_width() -> int:
    """The terminal's width; when piped, $COLUMNS or 100."""
    import os
    import shutil

    if sys.stdout.isatty():
        return shutil.get_terminal_size((PIPED_WIDTH, 24)).columns
    raw = os.environ.get("COLUMNS", "")
    return int(raw) if raw.isdigit() and int(raw) >= 20 else PIPED_WIDTH


def print_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None,
                empty: str = "Nothing to show.") -> None:
    """A readable table that fits the terminal (80 columns too), or 100 columns when piped:
    words wrap within their column, one-word values (ids, slugs, dates) are never broken, web
    addresses are shortened (the full ones are in --json)."""
    if not rows:
        typer.echo(empty)
        return
    typer.echo(format_table(columns, rows, table_width(), title))


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
