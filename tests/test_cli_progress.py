"""The one progress bar of the CLI (export, import): drawn on a terminal, silent in a pipe."""

from __future__ import annotations

import io
import sys

import pytest

from prospect.cli.common import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_label_and_the_count(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with progress("Writing briefs", 4) as step:
        step(1)
        step(3)
    assert "Writing briefs" in screen.getvalue()


def test_a_pipe_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with progress("Importing rows", 2) as step:
        step(2)
    assert piped.getvalue() == ""
