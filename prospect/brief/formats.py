"""File formats of a brief and their extensions (light: the CLI reads it before any import)."""

from __future__ import annotations

from pathlib import Path

EXTENSIONS = {"pdf": "pdf", "md": "md", "html": "html", "txt": "txt", "json": "json"}
_ALIASES = {"htm": "html", "markdown": "md", "text": "txt"}


def guess_format(out: Path | str | None) -> str:
    """The format a file name asks for ("brief.pdf" -> pdf); html for a name without an
    extension or a folder. An extension no format writes (".docx") is refused, naming the
    formats, rather than written as HTML under a misleading name."""
    from prospect.errors import InvalidValue

    if not out or str(out).endswith(("/", "\\")) or Path(out).is_dir():
        return "html"
    suffix = Path(out).suffix.lower().lstrip(".")
    if not suffix:
        return "html"
    fmt = _ALIASES.get(suffix, suffix)
    if fmt not in EXTENSIONS:
        raise InvalidValue(f"cannot write a brief as .{suffix}: the file name must end in "
                           f"{', '.join('.' + e for e in EXTENSIONS.values())} "
                           f"(or give --format)")
    return fmt


def requested_format(fmt: str | None, out: Path | str | None, json_out: bool,
                     terminal: bool = False) -> str:
    """The format a `brief` command line asks for: --format, else json for --json to stdout,
    else the -o file's extension, else txt on a terminal (readable) and html when piped."""
    if fmt:
        return fmt
    if out is None:
        return "json" if json_out else ("txt" if terminal else "html")
    return guess_format(out)
