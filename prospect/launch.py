"""The `prospect` command's entry point: start what a command needs early, then run the CLI.

A PDF brief spends most of its time importing WeasyPrint. Its layout worker is started here,
before typer and the command modules are even imported, so those imports happen on the other
core (see `prospect.brief.worker`).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point (`prospect`, `python -m prospect`)."""
    from prospect.brief import worker

    worker.prestart(sys.argv[1:])
    from prospect.cli import main as cli_main

    cli_main()
