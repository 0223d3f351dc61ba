"""What decides the expensive syntaxes, and how sentences are cut into words."""

from __future__ import annotations

from prospect.extract.attribution import _tokens
from prospect.extract.maintext import parse_html
from prospect.extract.structured import _markup, read_structured

PAGE = """<html><body>
<div class="h-entry"><p class="e-content">Post</p>
  <a class="p-author h-card" href="/me">Ana García</a>
  <div class="h-cite"><div class="h-entry">a quoted entry</div></div>
</div>
<div class="vcard"><span class="fn">Pedro</span> <span class="agent vcard">inner</span></div>
<div class="cardinal entryway citation">lookalike classes</div>
</body></html>"""


def test_markup_finds_top_level_cards_and_entries_only() -> None:
    tree = parse_html(PAGE)
    found = _markup(tree, PAGE)
    assert [el.get("class") for el in found.cards] == ["p-author h-card", "vcard"]
    assert [el.get("class") for el in found.entries] == ["h-entry"]
    assert found.rdfa is False


def test_rdfa_is_found_whatever_the_attribute_case() -> None:
    html = '<html><body><div VOCAB="https://schema.org/" TypeOf="Person">x</div></body></html>'
    assert _markup(parse_html(html), html).rdfa is True


def test_page_without_card_markup_skips_microformats() -> None:
    html = "<html><body><p>No cards here, just a card game.</p></body></html>"
    data = read_structured(parse_html(html), html, "https://example.org/")
    assert "microformats" not in data.syntaxes and "rdfa" not in data.syntaxes


def test_the_single_entry_author_card_is_the_page_author() -> None:
    data = read_structured(parse_html(PAGE), PAGE, "https://example.org/post")
    assert [a.name for a in data.authors if a.origin == "microformats"] == ["Ana García"]


def test_tokens_keep_gaps_stops_and_the_tail() -> None:
    tokens, rest = _tokens("Hello, Mr. O’Neil said 42 times.")
    assert tokens == [("", "Hello", ""), (", ", "Mr", "."), (" ", "O’Neil", ""),
                      (" ", "said", ""), (" 42 ", "times", ".")]
    assert rest == "" and _tokens("No. 42!") == ([("", "No", ".")], " 42!")
    words, tail = _tokens("Total " + "1, " * 5000)
    assert [w for _, w, _ in words] == ["Total"] and tail.startswith(" 1, 1")


def test_the_main_text_hands_justext_a_stop_list_it_can_cache() -> None:
    """justext caches its stop list by the argument's hash: trafilatura's tuple of every
    language's words was hashed on each page, a frozenset of the same words is not."""
    from justext.core import define_stoplist
    from trafilatura import external

    from prospect.extract.maintext import main_text

    html = "<html><body><p>Ana García said: we want to grow in Peru.</p></body></html>"
    main_text(parse_html(html), html)
    words = external.JT_STOPLIST
    assert isinstance(words, frozenset) and len(words) > 10_000
    assert define_stoplist(words) == frozenset(w.lower() for w in words)


def test_a_tiny_page_is_read_block_by_block_without_hidden_parts() -> None:
    from prospect.extract.maintext import main_text

    html = ("<html><body><nav><p>Home</p></nav><h2>Ana</h2><ul><li><p>Ships</p></li>"
            "</ul><p>a<script>x()</script>b &amp; c</p></body></html>")
    blocks, source = main_text(parse_html(html), html)
    assert source == "visible blocks"
    assert [(b.text, b.heading) for b in blocks] == [
        ("Ana", True), ("Ships", False), ("a b & c", False)]


def test_a_tiny_page_without_blocks_keeps_its_lines_apart() -> None:
    from prospect.extract.maintext import main_text

    html = "<html><body>one<template>t</template>two<br>three</body></html>"
    blocks, _ = main_text(parse_html(html), html)
    assert [b.text for b in blocks] == ["one", "two", "three"]
