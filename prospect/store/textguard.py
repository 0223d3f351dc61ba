"""The store's write boundary for text: no NUL and no lone surrogate reaches the database.

PostgreSQL refuses NUL in text, and neither backend can encode a surrogate (what binary or
UTF-16 input decoded with `surrogateescape` leaves behind). Every statement's string
parameters are cleaned just before they go to the driver, whichever path built them.
"""

from __future__ import annotations

import re
from typing import Any

_BAD = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` without NUL characters and unpaired surrogates."""
    if text.isascii():
        return text.replace("\x00", "") if "\x00" in text else text
    return _BAD.sub("", text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


def _dirty(value: Any) -> bool:
    if isinstance(value, str):
        return (not value.isascii() and _BAD.search(value) is not None) or "\x00" in value
    if isinstance(value, dict):
        return any(_dirty(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_dirty(v) for v in value)
    return False


def before_cursor_execute(_conn: Any, _cursor: Any, statement: str, parameters: Any,
                          _context: Any, _executemany: bool) -> tuple[str, Any]:
    """SQLAlchemy hook (retval=True): the statement with its string parameters cleaned."""
    if parameters and _dirty(parameters):
        parameters = _clean(parameters)
    return statement, parameters


def install(engine: Any) -> None:
    """Clean every statement `engine` runs."""
    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", before_cursor_execute, retval=True)
