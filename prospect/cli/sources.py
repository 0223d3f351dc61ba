"""Commands for the pages to gather about a prospect: source add, list, remove."""

from __future__ import annotations

from typing import Annotated

import typer

from prospect.cli.common import JsonOpt, print_json, print_table, session, state
from prospect.cli.profiles import Ref

source_app = typer.Typer(help="The public pages gathered for a prospect.", no_args_is_help=True)


@source_app.command("add")
def add(ref: Ref, url: Annotated[str, typer.Argument(help="The page's web address.")]) -> None:
    """Add a page to gather for a prospect."""
    from prospect.store.repo import source_added

    with session() as s:
        src, added = source_added(s, ref, url, actor=state.author)
        if added:
            typer.echo(f"Added source {src.url} (not gathered yet).")
        else:
            state_ = "not gathered yet" if src.status == "new" else f"last gather: {src.status}"
            typer.echo(f"Already a source: {src.url} ({state_}); nothing changed.")


@source_app.command("list")
def list_(ref: Ref, json_out: bool = JsonOpt) -> None:
    """List a prospect's pages and how their last gather went."""
    from prospect.store.repo import get_prospect, prospect_dict

    with session() as s:
        sources = prospect_dict(s, get_prospect(s, ref), with_notes=False)["sources"]
    if json_out:
        print_json(sources)
    else:
        print_table(["url", "origin", "status", "http", "error", "fetched"],
                    [[x["url"], x["origin"], x["status"], x["http_status"], x["error"],
                      x["fetched_at"]] for x in sources], empty="No sources yet.")


@source_app.command("remove")
def remove(ref: Ref, url: Annotated[str, typer.Argument(help="The page's web address.")]) -> None:
    """Stop gathering a page (its stored versions are deleted)."""
    from prospect.store.repo import remove_source

    with session() as s:
        remove_source(s, ref, url, actor=state.author)
    typer.echo(f"Removed source {url}.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(source_app, name="source")
