"""The gather command: fetch prospects' pages politely and show how each went."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from prospect.cli.common import JsonOpt, print_json, print_table, session, state

Refs = Annotated[list[str] | None, typer.Argument(
    help="Prospect ids or slugs (see 'prospect list').", show_default=False)]


def gather(
    refs: Refs = None,
    all_: Annotated[bool, typer.Option("--all", help="Gather every prospect.")] = False,
    discover: Annotated[bool, typer.Option(
        "--discover", help="Also look for pages naming the person on their company site "
        "(--domain).")] = False,
    concurrency: Annotated[int | None, typer.Option(
        help="Pages fetched at once in total (default 16, $PROSPECT_CONCURRENCY).")] = None,
    per_host: Annotated[int | None, typer.Option(
        help="Pages fetched at once from one site (default 2, $PROSPECT_PER_HOST).")] = None,
    delay: Annotated[float | None, typer.Option(
        help="Seconds between two requests to one site, or its robots.txt Crawl-delay if "
             "longer (default 0.5, $PROSPECT_DELAY).")] = None,
    timeout: Annotated[float | None, typer.Option(
        help="Seconds before a page is given up (default 15, $PROSPECT_TIMEOUT).")] = None,
    json_out: bool = JsonOpt,
) -> None:
    """Fetch the pages of the named prospects and store what changed."""
    from prospect.config import GatherSettings
    from prospect.gather import gather as run
    from prospect.gather import select_prospects

    settings = GatherSettings.from_env(concurrency=concurrency, per_host=per_host, delay=delay,
                                       timeout=timeout)
    with session() as s:
        ids = select_prospects(s, refs or [], all_)
        s.close()
        with _progress(enabled=sys.stderr.isatty()) as on_progress:
            report = run(s.get_bind(), ids, settings, discover=discover, actor=state.author,
                         on_progress=on_progress)
    if json_out:
        print_json(report.to_dict())
    else:
        _summary(report)


def _summary(report: Any) -> None:
    print_table(["outcome", "pages"], list(report.outcomes().items()), title="Gather summary",
                empty="No pages were fetched.")
    failed = [r for r in report.results if r.outcome not in ("ok", "unchanged")]
    if failed:
        print_table(["prospect", "url", "outcome", "detail"],
                    [[r.prospect, r.url, r.outcome, r.error or ""] for r in failed],
                    title="Pages that need a look")
    for d in report.discovered:
        typer.echo(f"Discovered for {d.prospect}: {d.url}")
    for w in report.warnings:
        typer.echo(f"Warning: {w}", err=True)
    new = sum(r.new_snapshot for r in report.results)
    notes = sum(r.notes_added for r in report.results)
    gone = sum(r.notes_gone for r in report.results)
    typer.echo(f"{len(report.results)} pages in {report.elapsed:.1f} s, {new} new versions "
               f"stored, {notes} new notes, {gone} notes gone.")


def describe(ev: Any) -> str:
    """The progress line: which prospect, roughly how much is left."""
    if ev.phase == "discover":
        return f"Discovering on their company site ({ev.crawled} pages checked)"
    who = f" {ev.prospect}" if ev.prospect else ""
    return f"Gathering{who}, {ev.left} {'page' if ev.left == 1 else 'pages'} left"


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[Any], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[errors]} errors"),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Gathering", total=None, errors=0)

        def update(ev: Any) -> None:
            bar.update(task, completed=ev.done, total=ev.total or None, errors=ev.errors,
                       description=describe(ev))

        yield update


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("gather")(gather)
