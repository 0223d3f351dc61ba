"""Issue 17.3: web text cannot become a live link, HTML or a fake citation in a brief."""

from __future__ import annotations

import copy
import re
from typing import Any

from brief_support import sample_model, typed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prospect.brief.render import render

TRAP = "[4](http://host.example/x) ![i](http://host.example/i.png) <http://host.example/a>"


def _markdown(fuzzy: bool = True) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("gfm-like")  # tables, strikethrough and autolinks, like a CRM's renderer
    md.linkify.set({"fuzzy_link": fuzzy, "fuzzy_email": fuzzy})
    return md


def _links_and_html(text: str, fuzzy: bool = True) -> tuple[list[str], list[str]]:
    """(hrefs of every link and image, raw HTML) that a Markdown renderer would produce."""
    links, html = [], []
    for tok in _markdown(fuzzy).parse(text):
        if tok.type in ("html_block", "html_inline"):
            html.append(tok.content)
        for child in tok.children or []:
            if child.type in ("link_open", "image"):
                links.append(child.attrs.get("href") or child.attrs.get("src") or "")
            if child.type == "html_inline":
                html.append(child.content)
    return links, html


def _poisoned(text: str) -> dict[str, Any]:
    """A brief model whose every web-sourced text is `text`."""
    m = copy.deepcopy(sample_model())
    p = m["prospect"]
    p["name"], p["title"], p["company"], p["location"] = text, text, text, text
    p["facts"] = [{"field": "same_as", "value": text, "source_url": None}]
    m["who"] = [text + " [1]", text]
    for item in m["goals"] + m["risks"]:
        item["text"] = item["evidence"] = text
        for a in item["answered_by"]:
            a["title"] = a["proof"] = text
    for n in m["new_since_last"]:
        n["text"] = text
    m["price"] = [text]
    for s in m["sources"]:
        s["title"] = text
    return m


def _our_urls(m: dict[str, Any]) -> set[str]:
    return {s["url"] for s in m["sources"]}


def _bare_citations(text: str) -> list[str]:
    """"[n]" markers not escaped with a backslash (what a reader takes for a citation)."""
    return re.findall(r"(?<!\\)\[(\d{1,3})(?<!\\)\]", text)


def test_md_web_text_makes_no_link_and_no_fake_citation() -> None:
    m = _poisoned(TRAP)
    md = render(typed(m), "md")
    links, html = _links_and_html(md)
    assert set(links) <= _our_urls(m), links
    assert html == []
    clean = render(typed(_poisoned("plain words")), "md")
    # the only bare "[n]" are the ones the clean brief has: our own citations
    assert sorted(_bare_citations(md)) == sorted(_bare_citations(clean))
    assert "4" not in _bare_citations(md)


def test_md_escapes_line_starts_and_emphasis() -> None:
    md = render(typed(_poisoned("1. # *x* _y_ `z` - =")), "md")
    tokens = [t.type for t in _markdown().parse(md)]
    clean = [t.type for t in _markdown().parse(render(typed(_poisoned("plain words")), "md"))]
    assert tokens == clean  # the same block structure: no list, heading or rule was added
    def inline(text: str) -> list[str]:
        return [c.type for t in _markdown().parse(text) for c in t.children or []
                if c.type in ("em_open", "strong_open", "code_inline", "s_open")]

    # emphasis only where the template puts it (category labels, bold item titles)
    assert inline(md) == inline(render(typed(_poisoned("plain words")), "md"))


def test_txt_web_text_makes_no_link_when_a_crm_renders_it() -> None:
    m = _poisoned(TRAP + " see www.host.example or http://host.example/y mail a@host.example")
    txt = render(typed(m), "txt")
    links, html = _links_and_html(txt, fuzzy=False)
    assert set(links) <= _our_urls(m), links
    assert html == []
    assert "4" not in _bare_citations(txt)


def test_html_web_text_makes_no_fake_citation() -> None:
    html = render(typed(_poisoned("[4] [9]")), "html")
    assert '<sup class="cite">[4]</sup>' not in html
    assert '<sup class="cite">[1]</sup>' in html  # ours still are


_web_text = st.lists(st.sampled_from(list("[]()<>*_\\`!#:/.@&-+=|~{}\"' 0123456789\né")
                                     + ["http", "www", "a", "host", "com", "javascript",
                                        "mailto"]),
                     max_size=40).map("".join) | st.text(max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_web_text)
def test_no_generated_web_text_makes_a_link_or_html(text: str) -> None:
    m = _poisoned(text)
    for fmt, fuzzy in (("md", True), ("txt", False)):
        out = render(typed(m), fmt)
        links, html = _links_and_html(out, fuzzy)
        assert set(links) <= _our_urls(m), (fmt, links)
        assert html == [], (fmt, html)
