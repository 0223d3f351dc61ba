"""The serve command: the browser workspace on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from prospect.cli.common import db_url, state


def serve(
    host: Annotated[str, typer.Option(
        help="Address to listen on; anything but 127.0.0.1/localhost needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    open_: Annotated[bool, typer.Option("--open", help="Open the workspace in your browser.")
                     ] = False,
    token: Annotated[str | None, typer.Option(
        help="Access token the browser asks for once (default: $PROSPECT_UI_TOKEN).")] = None,
) -> None:
    """Open the browser workspace: prospects, notes, briefs, story, import and export."""
    from prospect.web.serve import serve as run

    run(db_url(), host=host, port=port, token=token, open_browser=open_, actor=state.author,
        say=typer.echo)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("serve")(serve)
