"""Pure extraction: one page (bytes or text) + its URL + the person -> facts and sentences.

No network, no database. `extract_page` parses the page once, reads its structured data
(only what belongs to the person), takes the main text and keeps the sentences about them.
"""

from __future__ import annotations

from typing import Any

from prospect.extract.maintext import decode_html
from prospect.extract.result import DroppedItem, FactItem, PageResult, Person, SentenceItem
from prospect.vocab import known_lang

__all__ = ["DroppedItem", "FactItem", "PageResult", "Person", "SentenceItem", "decode_html",
           "extract_page"]


def extract_page(html: str | bytes, url: str, person: Person,
                 content_type: str | None = None) -> PageResult:
    """Facts and sentences about `person` on the page at `url`."""
    from prospect.extract.attribution import attribute
    from prospect.extract.facts import page_facts
    from prospect.extract.maintext import main_text, parse_html
    from prospect.extract.sentences import guess_lang
    from prospect.extract.structured import read_structured

    text = decode_html(html, content_type)
    tree = parse_html(text)
    data = read_structured(tree, text, url)
    facts, own_reason, author, other_names = page_facts(data, url, person)
    paragraphs, text_from = main_text(tree, text, url)
    page_lang = known_lang(data.lang)
    if page_lang is None:
        sample = " ".join(b.text for b in paragraphs[:20])
        page_lang = _detect(sample) or guess_lang(sample)
    result = PageResult(facts=facts, title=data.title, lang=page_lang,
                        is_own_page=own_reason is not None, author=author,
                        own_page_reason=own_reason, text_from=text_from,
                        warnings=list(data.errors))
    # on news pages and multi-author pages, "I" and "we" are quotes or the newsroom
    first_person = own_reason is not None and not data.is_news and _single_author(data)
    for d in attribute(paragraphs, person.name, own_page=first_person, other_names=other_names,
                       company=person.company):
        if d.keep:
            lang = _detect(d.text) or guess_lang(d.text, page_lang)
            result.sentences.append(SentenceItem(d.text, lang, d.reason))
        else:
            result.dropped.append(DroppedItem(d.text, d.reason))
    return result


def _single_author(data: Any) -> bool:
    from prospect.extract.names import name_words

    people = {" ".join(name_words(a.name)) for a in data.authors if len(name_words(a.name)) > 1}
    return len(people) <= 1


def _detect(text: str) -> str | None:
    """The classifier's language detector (it knows more words than ours)."""
    if not text.strip():
        return None
    from prospect.analyse.classify import detect_lang

    try:
        lang = detect_lang(text)
    except Exception:  # noqa: BLE001 - a detector bug must not lose the page
        return None
    return known_lang(lang)
