"""Find the bundled `templates/` and `db/` folders, installed or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


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
