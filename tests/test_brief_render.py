"""Rendering a brief model to HTML, Markdown and text: escaping, languages, layout."""

from __future__ import annotations

import json
import re

import pytest
from brief_support import PLUMB, hostile_model, sample_model, typed

from prospect.brief.render import check_format, check_paper, format_date, render
from prospect.errors import InvalidValue


def test_html_shows_web_markup_as_text_never_as_markup() -> None:
    html = render(typed(hostile_model(8123)), "html")
    assert "<script>" not in html and "<img" not in html and "<iframe" not in html
    assert "<object" not in html and "<b>bold" not in html
    assert 'rel=stylesheet href="http' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=&#34;http://127.0.0.1:8123/img.png&#34;&gt;" in html
    # a javascript: link from the web stays text, never an href
    assert 'href="javascript:' not in html
    # the only stylesheet is ours, inline
    assert html.count("<style>") == 1 and "<link" not in html


def test_html_has_name_plumb_line_and_citations() -> None:
    html = render(typed(sample_model()), "html")
    assert "<h1>Dana Whitfield</h1>" in html
    assert PLUMB in html
    assert '<sup class="cite">[1]</sup>' in html
    assert "@page { size: A4; }" in html
    assert "@page { size: Letter; }" in render(typed(sample_model()), "html", paper="letter")


def test_markdown_neutralises_markup_and_keeps_citations() -> None:
    md = render(typed(hostile_model(8123)), "md")
    # every "<" from the web is backslash-escaped: CommonMark shows it as text
    assert re.search(r"(?<!\\)<(script|img|link|iframe|object|b>)", md) is None
    assert r"\<script\>" in md
    assert md.startswith("# Eve")
    assert "[1]" in md and "## Sources" in md
    assert "<https://example.org/news/item-2>" in md


def test_text_is_wrapped_at_80_columns() -> None:
    model = sample_model()
    model["goals"][0]["evidence"] = "word " * 200
    txt = render(typed(model), "txt")
    assert max(len(line) for line in txt.splitlines()) <= 80
    assert "Dana Whitfield" in txt and PLUMB[:40] in txt


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_spanish_labels_and_dates(fmt: str) -> None:
    es = render(typed(sample_model(lang="es")), fmt)
    en = render(typed(sample_model(lang="en")), fmt)
    assert "Objetivos" in es or "OBJETIVOS" in es
    assert "Riesgos percibidos" in es or "RIESGOS PERCIBIDOS" in es
    assert "27 nov 2026" in es and "27 Nov 2026" in en
    assert "Goals" in en or "GOALS" in en
    assert "Objetivos" not in en and "Goals" not in es


def test_lang_argument_overrides_the_model() -> None:
    assert "Fuentes" in render(typed(sample_model(lang="en")), "md", lang="es")


def test_empty_model_renders_every_section_with_a_hint() -> None:
    model = {"prospect": {"name": "Ana"}, "story": {}, "goals": [], "risks": []}
    md = render(typed(model), "md")
    assert "No goals found yet" in md and "Nothing new since the last brief" in md


def test_json_is_the_model() -> None:
    model = sample_model()
    assert json.loads(render(typed(model), "json")) == model


def test_role_items_say_inferred_once() -> None:
    model = sample_model(risks=2)
    html = render(typed(model), "html")
    assert html.count("inferred from role") == 1
    model["risks"][1]["text"] = "Inferred from role (Finance): vendor"
    assert len(re.findall("(?i)inferred from role", render(typed(model), "html"))) == 1


def test_dates_per_language() -> None:
    assert format_date("2026-11-27T10:00:00+00:00", "en") == "27 Nov 2026"
    assert format_date("2026-01-05", "es") == "5 ene 2026"
    assert format_date("not a date", "en") == ""


def test_bad_values_name_themselves() -> None:
    with pytest.raises(InvalidValue, match="'docx'"):
        check_format("docx")
    with pytest.raises(InvalidValue, match="'a5'"):
        check_paper("a5")


def test_a_sentence_quoted_as_its_own_text_is_shown_once() -> None:
    model = sample_model(goals=1)
    sentence = "She wants to close the books in three days with less manual work and fewer sheets."
    model["goals"][0].update(text=sentence[:40] + "…", evidence=sentence)
    html = render(typed(model), "html")
    assert html.count("She wants to close the books") == 1
    assert f"“{sentence}”" in html


def test_markdown_keeps_each_who_line_a_paragraph_and_every_heading_a_heading() -> None:
    from markdown_it import MarkdownIt

    model = sample_model()
    model["who"] = ["Head of operations at Acme", "She joined in 2019. [1]"]
    tokens = MarkdownIt().parse(render(typed(model), "md"))
    paragraphs = [t.content for t in tokens if t.type == "inline"]
    assert "Head of operations at Acme" in paragraphs
    assert any(p.startswith("She joined in 2019.") for p in paragraphs)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert {"Who they are", "Goals", "Perceived risks", "Sources"} <= set(headings)
