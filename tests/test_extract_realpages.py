"""The held-out half of ../shared/fixtures/realpages, scored (never tuned on).

The split lives in bench/realpages.py; bench/extract.py prints the same figures in full. The
floors below are what the held-out half gave when this test was written; the issue's targets
(95% of bylines, no `others` sentence kept) are asserted apart and marked as not met yet.
"""

from __future__ import annotations

import html
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from prospect.extract import PageResult, Person, extract_page
from prospect.extract.names import name_matches, split_names

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "realpages"
SPLIT = Path(__file__).resolve().parents[1] / "bench" / "realpages.py"
# measured on the held-out half, 3 Dec 2026 (see the module docstring)
AUTHOR_FLOOR = 11      # of 13 bylined pages
OTHERS_CEILING = 5     # `others` sentences kept, over the half
GOALS_FLOOR = 30       # labelled goals kept for the person (of 36)
RISKS_FLOOR = 23       # labelled risks kept for the person (of 32)

pytestmark = pytest.mark.skipif(not (REALPAGES / "labels.json").is_file(),
                                reason=f"real pages not found at {REALPAGES}")

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


def _norm(text: str) -> str:
    return " ".join(html.unescape(text).translate(_QUOTES).split()).casefold()


def _matches(kept: str, label: str) -> bool:
    a, b = _norm(kept), _norm(label)
    return bool(a and b) and (a in b or b in a)


@lru_cache(maxsize=1)
def _heldout() -> list[tuple[dict[str, Any], PageResult]]:
    spec = importlib.util.spec_from_file_location("realpages_split", SPLIT)
    assert spec and spec.loader
    split = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split)
    out = []
    for record in split.pages("heldout"):
        url = "https://example.org/" + record["file"].removesuffix(".html")
        raw = (REALPAGES / record["file"]).read_bytes()
        out.append((record, extract_page(raw, url, Person(record["person"]))))
    return out


def _authors_recognised() -> tuple[int, int]:
    hits = total = 0
    for record, r in _heldout():
        if not record["author_on_page"]:
            continue
        total += 1
        names = [n for part in record["author_on_page"].split("/") for n in split_names(part)]
        hits += bool(r.author) and any(name_matches(r.author, n) or name_matches(n, r.author)
                                       or _norm(r.author) == _norm(n) for n in names)
    return hits, total


def _others_kept() -> int:
    return sum(1 for record, r in _heldout() for s in r.sentences
               if any(_matches(s.text, o) for o in record["others"]))


def _labels_kept(kind: str) -> int:
    return sum(1 for record, r in _heldout() for label in record[kind]
               if any(_matches(s.text, label["text"]) for s in r.sentences))


def test_heldout_half_is_twenty_pages_with_bylines() -> None:
    assert len(_heldout()) == 20
    assert _authors_recognised()[1] >= 10


def test_heldout_authors_recognised_at_least_the_floor() -> None:
    hits, total = _authors_recognised()
    assert hits >= AUTHOR_FLOOR, f"{hits}/{total}"


def test_heldout_others_kept_at_most_the_ceiling() -> None:
    assert _others_kept() <= OTHERS_CEILING


def test_heldout_labelled_goals_and_risks_kept_at_least_the_floor() -> None:
    assert _labels_kept("goals") >= GOALS_FLOOR
    assert _labels_kept("risks") >= RISKS_FLOOR


@pytest.mark.xfail(reason="issue 11 target not reached on the held-out half yet", strict=True)
def test_heldout_targets_bylines_95_percent_and_no_others_kept() -> None:
    hits, total = _authors_recognised()
    assert hits >= 0.95 * total and _others_kept() == 0
