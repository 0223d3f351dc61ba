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
    from prospect.extract.attribution import CANDIDATES, attribute
    from prospect.extract.facts import page_facts
    from prospect.extract.maintext import main_text, parse_html
    from prospect.extract.sentences import guess_lang
    from prospect.extract.structured import read_structured

    text = decode_html(html, content_type)
    tree = parse_html(text)
    data = read_structured(tree, text, url)
    facts, own_reason, author, other_names = page_facts(data, url, person)
    # a team page is not an article: news and posts name people with titles in passing
    if not data.is_article and not data.is_news and not any(
            f.field == "job_title" for f in facts):
        facts.extend(_team_titles(tree, text, person.name, facts))
    paragraphs, text_from = main_text(tree, text, url)
    if not any(f.field == "job_title" for f in facts):  # "Ana García, directora de…"
        facts.extend(_prose_titles([t for t in (data.headline or data.h1,) if t]
                                   + [b.text for b in paragraphs], person.name, facts))
    # the text decides: a Spanish page may keep its template's lang="en"
    sample = " ".join(b.text for b in paragraphs[:20])[:4000]
    page_lang = (_detect(sample) or guess_lang(sample)
                 or known_lang(data.lang))
    result = PageResult(facts=facts, title=data.title, lang=page_lang,
                        is_own_page=own_reason is not None, author=author,
                        own_page_reason=own_reason, text_from=text_from,
                        warnings=list(data.errors))
    # on news pages and multi-author pages, "I" and "we" are quotes or the newsroom; in an
    # op-ed or a column they are its writer's
    news = data.is_news and not (_platform(url) or data.on_platform or data.is_opinion)
    first_person = own_reason is not None and not news and _single_author(data)
    titles = {" ".join(t.split()).casefold() for t in (data.title, data.headline, data.h1) if t}
    for b in paragraphs:
        if not b.heading and " ".join(b.text.split()).casefold() in titles:
            b.heading = True  # the headline repeated as a paragraph
    subject = _about_them(data, paragraphs, person.name)
    result.is_about = subject
    for d in attribute(paragraphs, person.name, own_page=first_person, other_names=other_names,
                       company=person.company, subject=subject):
        if d.keep:
            lang = _detect(d.text) or guess_lang(d.text, page_lang)
            kept = result.candidates if d.reason in CANDIDATES else result.sentences
            kept.append(SentenceItem(d.text, lang, d.reason))
        else:
            result.dropped.append(DroppedItem(d.text, d.reason))
    return result


# hosts where people publish their own posts (whatever schema.org type the platform uses)
PLATFORMS = ("medium.com", "substack.com", "linkedin.com", "wordpress.com", "blogspot.com",
             "blogger.com", "ghost.io", "dev.to", "hashnode.dev", "tumblr.com", "mirror.xyz",
             "beehiiv.com", "write.as", "bearblog.dev", "micro.blog")


def _platform(url: str) -> bool:
    from urllib.parse import urlsplit

    host = urlsplit(url or "").netloc.lower().split(":")[0]
    return any(host == p or host.endswith("." + p) for p in PLATFORMS)


LEAD_BLOCKS = 3  # paragraphs of main text that make the lead of a news story


def _about_them(data: Any, paragraphs: list[Any], name: str) -> bool:
    """A profile, interview, speaker page or news about the person: the title, headline or
    first heading names them (the surname is enough once the text names them in full), their
    profile is the page's main entity, or the lead paragraphs name them in full."""
    from prospect.extract.attribution import names_person
    from prospect.extract.names import name_matches

    if any(name_matches(n, name) for n in data.profile_names):
        return True
    # the lead is the first paragraphs of running prose: a news page's main text may open
    # with a kicker ("¡Alerta!"), a teaser headline or "Por: Redacción" before it
    prose = [b.text for b in paragraphs if not b.heading and _prose(b.text)]
    lead = [b.text for b in paragraphs[:LEAD_BLOCKS]] + prose[:LEAD_BLOCKS]
    in_lead = any(names_person(t, name) for t in lead)
    heads = [t for t in (data.title, data.headline, data.h1) if t]
    if any(names_person(t, name) for t in heads):
        return True
    if in_lead:
        return True
    named = any(names_person(b.text, name) for b in paragraphs)
    return named and any(names_person(t, name, surname_ok=True) for t in heads)


def _prose(text: str) -> bool:
    """A paragraph of running text: a dozen words or more ending as a sentence ends."""
    return len(text.split()) >= 12 and text.rstrip().endswith((".", "”", "»", '"'))


def _team_titles(tree: Any, html: str, name: str, facts: list[FactItem]) -> list[FactItem]:
    """job_title (and organization) facts from a team page's "Name — Title" lines."""
    from prospect.extract.titles import team_titles

    return _title_facts(team_titles(tree, html, name)[:2], facts)


def _prose_titles(texts: list[str], name: str, facts: list[FactItem]) -> list[FactItem]:
    """The job_title (and organization) fact a story gives the person in passing."""
    from prospect.extract.titles import prose_titles

    return _title_facts(prose_titles(texts, name)[:1], facts)


def _title_facts(found: list[tuple[str, str | None]], facts: list[FactItem]
                 ) -> list[FactItem]:
    from prospect.extract.facts import MAX_VALUE

    out: list[FactItem] = []
    have = {(f.field, f.value) for f in facts}
    for title, org in found:
        for fact in (FactItem("job_title", title[:MAX_VALUE]),
                     FactItem("organization", org[:MAX_VALUE]) if org else None):
            if fact is not None and (fact.field, fact.value) not in have:
                have.add((fact.field, fact.value))
                out.append(fact)
    return out


def _single_author(data: Any) -> bool:
    from prospect.extract.byline import looks_like_person
    from prospect.extract.names import name_words

    # a job title or a newsroom read from a byline box is not a second writer
    people = {" ".join(name_words(a.name)) for a in data.authors if looks_like_person(a.name)}
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
