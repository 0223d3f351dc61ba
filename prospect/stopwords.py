"""Stop words as data: the short word lists of `data/stopwords.toml`, beside the lexicons.

The file is read once per process; a module keeps the set it needs (folded, where it compares
folded words).
"""

from __future__ import annotations

import tomllib
from functools import cache

from prospect.errors import ProspectError

STOPWORDS_FILE = "stopwords.toml"


@cache
def _lists() -> dict[str, str]:
    from prospect.resources import data_file

    path = data_file(STOPWORDS_FILE)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProspectError(f"the stop words {path} are broken: {exc}") from None


def stopwords(name: str) -> frozenset[str]:
    """The words of list `name` ("theme_filler", "common_en", "byline_end", …) as written."""
    return frozenset(_lists()[name].split())
