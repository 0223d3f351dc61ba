"""The typed brief model: its JSON is the DESIGN contract, byte for byte what the brief built
before it was typed (tests/data/brief_golden.json), and it reads back to the same model."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from story_support import golden_profile

from prospect.brief.build import build_brief
from prospect.brief.model import BriefModel
from prospect.brief.render import render

GOLDEN = Path(__file__).parent / "data" / "brief_golden.json"


def _mask(value: Any) -> Any:
    """Times of the run (when a page or a note was seen) as "X"."""
    if isinstance(value, dict):
        return {k: "X" if k in ("seen_at", "fetched_at") and v else _mask(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


@pytest.mark.parametrize("lang", ["es", "en"])
def test_to_json_is_the_shape_the_untyped_builder_gave(session, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       lang: str) -> None:
    p = golden_profile(session, tmp_path)
    model = build_brief(session, p, lang=lang, today=date(2026, 11, 27))
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))[lang]
    as_json = model.to_json()
    assert _mask(as_json) == golden
    assert list(as_json) == list(golden)  # the keys in the same order too
    assert [list(g) for g in as_json["goals"]] == [list(g) for g in golden["goals"]]


def test_from_json_reads_back_the_same_model_and_brief(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = golden_profile(session, tmp_path)
    model = build_brief(session, p)
    again = BriefModel.from_json(json.loads(render(model, "json")))
    assert again.to_json() == model.to_json()
    for fmt in ("html", "md", "txt"):
        assert render(again, fmt) == render(model, fmt)
    # the job title's change is data; the brief words it in its own language
    changed = next(n for n in again.new_since_last if n.change == "changed")
    assert (changed.field, changed.old, changed.new) == ("job_title", "Directora Financiera",
                                                          "CFO")
    assert "Cambió: Cargo: Directora Financiera → CFO" in render(again, "txt")
    assert "Changed: Job title: Directora Financiera → CFO" in render(again, "txt", lang="en")


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_a_quote_that_opens_with_its_own_marks_gets_no_second_pair(fmt: str) -> None:
    from brief_support import sample_model, typed

    raw = sample_model(goals=2, risks=0)
    own = '"We will open ten stores next year," she told the paper.'
    plain = "We will hire twenty engineers in Lima."
    raw["goals"][0].update(text=own, evidence=own)
    raw["goals"][1].update(text=plain, evidence=plain)
    out = render(typed(raw), fmt)
    assert all(two not in out for two in ('""We will open', '“"We will open', '“&#34;We will open'))
    assert '&#34;We will open' in out or '"We will open' in out
    assert ("“We will hire twenty" in out) or ('"We will hire twenty' in out)
