"""A fetched page's pure step: decode, extract what it says about the person, classify each
sentence. No database: it runs before the transaction that writes its result."""

from __future__ import annotations

from prospect.analyse.kinds import note_kind
from prospect.decode import decode_body
from prospect.extract import PageResult, Person, extract_page
from prospect.store.repo import note_key
from prospect.store.sync import NoteDraft, PageContent
from prospect.text import fold, squash


def read_page(body: bytes, url: str, person: Person, content_type: str | None = None
              ) -> tuple[PageContent, str]:
    """(what the page says about `person`, the encoding its bytes were read with)."""
    html, encoding = decode_body(body, content_type)
    return read_html(html, url, person, content_type), encoding


def read_html(html: str, url: str, person: Person, content_type: str | None = None
              ) -> PageContent:
    """Facts, classified notes, author and warnings of a decoded page."""
    page = extract_page(html, url, person, content_type=content_type)
    notes = []
    drafts = [(s, False) for s in page.sentences] + [(s, True) for s in page.candidates]
    for s, tentative in drafts:
        text = squash(s.text)
        if not note_key(text):
            continue
        lang = s.lang or page.lang
        c = note_kind(text, lang)
        if tentative and not holds(c.kind, c.confidence):
            continue  # theirs only as a clear aim or worry
        notes.append(NoteDraft(text, c.kind, c.category, c.lang or lang, c.confidence))
    return PageContent(title=page.title, facts=[(f.field, f.value) for f in page.facts],
                       notes=notes, author=page.author, warnings=list(page.warnings),
                       mentions=_mentions(person.name, page))


# a candidate (a sentence of their own page without "I", one about their organisation) is
# kept only as a goal or a risk the classifier is fairly sure of
CANDIDATE_CONFIDENCE = 0.5


def holds(kind: str, confidence: float | None) -> bool:
    """Whether a candidate sentence classified so is kept for the person."""
    return kind in ("goal", "risk") and (confidence or 0.0) >= CANDIDATE_CONFIDENCE


def _mentions(name: str, page: PageResult) -> bool:
    """Whether the page names the person: a fact or a kept sentence about them, or their full
    name in a dropped sentence or the title."""
    if page.facts or page.sentences:
        return True
    wanted = squash(fold(name))
    texts = [d.text for d in page.dropped] + [page.title or ""]
    return any(wanted in squash(fold(t)) for t in texts)
