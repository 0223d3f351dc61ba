"""Commands for the company story: story init, load, show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prospect.cli.common import JsonOpt, print_json, print_table, session, state

story_app = typer.Typer(help="Your company's story (the plumb line) that briefs tie back to.",
                        no_args_is_help=True)


@story_app.command("init")
def init(path: Annotated[Path, typer.Argument(
        help="Where to write the example story (default: ./story.toml).")] = Path("story.toml"),
        ) -> None:
    """Write a commented example story to edit (never overwrites a file)."""
    from prospect.story import write_example

    written = write_example(path)
    typer.echo(f"Wrote an example story to {written}. Edit it, then run: "
               f"prospect story load {written}")


@story_app.command("load")
def load(path: Annotated[Path, typer.Argument(help="The story TOML file to check and store.")],
         json_out: bool = JsonOpt) -> None:
    """Check a story file and make it the active story for everyone using this database."""
    from prospect.errors import StoryError
    from prospect.story import active_story, store_story, story_dict

    with session() as s:
        try:
            before = active_story(s)
        except StoryError:  # an unreadable stored version must not block loading a good one
            before = None
        sv = store_story(s, path, actor=state.author)
        found = active_story(s)
        data = story_dict(*found) if found else {}
    for line in found[0].warnings if found else []:
        typer.echo(f"Warning: {line}", err=True)
    if json_out:
        print_json(data)
    elif before is not None and before[1].id == sv.id:
        typer.echo(f"Story version {sv.id} ({sv.company}) is already active: nothing changed.")
    else:
        typer.echo(f"Loaded story version {sv.id} ({sv.company}): {len(data['themes'])} themes, "
                   f"{len(data['tco'])} TCO items, {len(data['risk_reducers'])} risk reducers.")


@story_app.command("show")
def show(json_out: bool = JsonOpt) -> None:
    """Show the active company story."""
    from prospect.errors import StoryError
    from prospect.story import NO_STORY, active_story, story_dict

    with session() as s:
        found = active_story(s)
        if found is None:
            raise StoryError(NO_STORY)
        data = story_dict(*found)
    if json_out:
        print_json(data)
        return
    c = data["company"]
    typer.echo(f"{c['name']}  (story version {data['version']}, loaded {data['loaded_at']} "
               f"by {data['author']})")
    typer.echo(f"  plumb line: {c['plumb_line']}")
    if c["website"]:
        typer.echo(f"  website: {c['website']}")
    print_table(["id", "title", "serves", "proof"],
                [[t["id"], t["title"], ", ".join(t["serves"]), "; ".join(t["proof"])]
                 for t in data["themes"]], title="Themes")
    for key, title in (("tco", "Total cost of ownership"), ("risk_reducers", "Risk reducers")):
        print_table(["id", "title", "answers"],
                    [[x["id"], x["title"], ", ".join(x["answers"])] for x in data[key]],
                    title=title, empty=f"No {title.lower()}.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(story_app, name="story")
