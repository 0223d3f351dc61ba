"""File formats of a brief and their extensions (light: the CLI reads it before any import)."""

from __future__ import annotations

from pathlib import Path

EXTENSIONS = {"pdf": "pdf", "md": "md", "html": "html", "txt": "txt", "json": "json"}


def guess_format(out: Path | str | None) -> str:
    """The format a file name asks for ("brief.pdf" -> pdf); html when it says nothing."""
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    return {"htm": "html", "markdown": "md", "text": "txt"}.get(suffix, suffix) \
        if suffix in (*EXTENSIONS, "htm", "markdown", "text") else "html"


def requested_format(fmt: str | None, out: Path | str | None, json_out: bool) -> str:
    """The format a `brief` command line asks for: --format, else json for --json to stdout,
    else the -o file's extension (html when it says nothing)."""
    return fmt or ("json" if json_out and out is None else guess_format(out))
