"""Every command has help text and appears in README.md."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from prospect.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, object]]:
    group = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            out.append((name, cmd))
            out.extend((f"{name} {n}", c) for n, c in sub.items())
        else:
            out.append((name, cmd))
    return out


def test_there_are_commands():
    names = [n for n, _ in _commands()]
    for expected in ("add", "list", "show", "edit", "remove", "source add", "note add"):
        assert expected in names


def test_every_command_and_option_has_help():
    for name, cmd in _commands():
        assert (cmd.help or "").strip(), f"command {name!r} has no help text"
        for param in getattr(cmd, "params", []):
            if param.param_type_name == "option":
                assert (param.help or "").strip(), f"{name} {param.opts} has no help text"


def test_every_command_is_in_the_readme():
    for name, _ in _commands():
        found = re.search(rf"prospect {re.escape(name)}\b", README)
        assert found, f"README lacks 'prospect {name}'"
