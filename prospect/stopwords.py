"""Stop words as data: the short word lists of `data/stopwords.toml`, beside the lexicons.

The file is read once per process; a module keeps the set it needs (folded, where it compares
folded words).
"""

from __future__ import annotations

from functools import cache

STOPWORDS_FILE = "stopwords.toml"


@cache
def _lists() -> dict[str, str]:
    from prospect.resources import data_file, read_toml

    path = data_file(STOPWORDS_FILE)
    return read_toml(path, "the stop words")


def stopwords(name: str) -> frozenset[str]:
    """The words of list `name` ("theme_filler", "common_en", "byline_end", …) as written."""
    return frozenset(_lists()[name].split())
