"""The extract command: show what a saved page says about a person, without storing it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prospect.cli.common import JsonOpt, print_json, print_table


def extract(
    file: Annotated[Path, typer.Argument(help="A saved web page (.html) to read.")],
    name: Annotated[str, typer.Option("--name", help="The person to look for.")],
    url: Annotated[str | None, typer.Option(
        help="The page's address, to resolve its relative links.")] = None,
    company: Annotated[str | None, typer.Option(help="The person's company.")] = None,
    json_out: bool = JsonOpt,
) -> None:
    """Show the facts and sentences a page gives about a person, and why others were dropped."""
    from prospect.extract.report import extract_file

    data = extract_file(file, name, url=url, company=company)
    if json_out:
        print_json(data)
        return
    typer.echo(f"{data['title'] or data['file']}  (language: {data['lang'] or '?'}, "
               f"own page: {data['own_page_reason'] or 'no'})")
    print_table(["field", "value"], [[f["field"], f["value"]] for f in data["facts"]],
                title="Facts", empty="No facts about this person.")
    print_table(["kind", "category", "why kept", "sentence"],
                [[s["kind"], s["category"], s["reason"], s["text"]] for s in data["sentences"]],
                title="Sentences kept", empty="No sentences about this person.")
    print_table(["why dropped", "sentence"], [[d["reason"], d["text"]] for d in data["dropped"]],
                title="Sentences dropped", empty="No sentences dropped.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("extract")(extract)
