"""Find the bundled `templates/` and `db/` folders, installed or in a source checkout."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any


def _find(name: str) -> Path:
    packaged = resources.files("prospect") / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")


def templates_dir() -> Path:
    """The folder of jinja2 templates, CSS and the example story."""
    return _find("templates")


def migrations_dir() -> Path:
    """The Alembic folder (env.py and versions/)."""
    return _find("db")


def data_file(name: str) -> Path:
    """A data file shipped inside the package (lexicons, playbook)."""
    return Path(str(resources.files("prospect") / "data" / name))


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A bundled TOML file; a clear error naming `what` when it is missing or broken."""
    from prospect.errors import ProspectError

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProspectError(f"{what} {path} are broken: {exc}") from None
