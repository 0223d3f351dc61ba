"""A page the person wrote: sentences without "I" or "we" reach their notes only as goals or
risks; advice to the reader and what others said never do. An essay that asks its reader a
few questions is not an interview."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospect.extract import Person, extract_page
from prospect.extract.attribution import OWN_PAGE_CANDIDATE, attribute
from prospect.gather.pipeline import read_html

PAGES = Path(__file__).parent / "pages"

POST = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Small carriers and the price war - Rosa Lind</title>
<meta name="author" content="Rosa Lind">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Small carriers and
 the price war", "author": {"@type": "Person", "name": "Rosa Lind"}}
</script></head><body><article><h1>Small carriers and the price war</h1>
<p>I have run a trucking firm in Ohio for eleven years.</p>
<p>Rising fuel prices could push half of the small carriers in the state out of business
this winter.</p>
<p>Book your freight a week early if you want a good rate.</p>
<p>Diesel is cheaper in Texas than anywhere else, according to the agency.</p>
<p>The trucks were painted blue in 2019.</p>
</article></body></html>"""


def notes(html: str, url: str, name: str) -> dict[str, str]:
    return {n.text: n.kind for n in read_html(html, url, Person(name)).notes}


def test_a_worry_without_i_or_we_on_their_own_post_is_theirs() -> None:
    got = notes(POST, "https://rosalind.example/posts/price-war", "Rosa Lind")
    assert got["I have run a trucking firm in Ohio for eleven years."] != "risk"
    worry = ("Rising fuel prices could push half of the small carriers in the state out of "
             "business this winter.")
    assert got[worry] == "risk"
    assert "The trucks were painted blue in 2019." not in got  # neither an aim nor a worry
    assert "Book your freight a week early if you want a good rate." not in got  # advice
    assert not any("according to" in t for t in got)  # somebody else's words


def test_the_candidates_are_only_on_their_own_page() -> None:
    r = extract_page(POST, "https://rosalind.example/posts/price-war", Person("Rosa Lind"))
    assert r.is_own_page
    assert [c.reason for c in r.candidates] == [OWN_PAGE_CANDIDATE] * len(r.candidates)
    assert any(c.text.startswith("Rising fuel prices") for c in r.candidates)
    stranger = extract_page(POST, "https://rosalind.example/posts/price-war",
                            Person("Tom Weber"))
    assert not stranger.candidates and not stranger.sentences


def test_a_blockquote_and_small_talk_stay_out_of_their_notes() -> None:
    html = (PAGES / "blog_en.html").read_text(encoding="utf-8")
    got = notes(html, "https://johnsmith.example/posts/carrier", "John Smith")
    assert "The weather in Memphis was terrible this week." not in got
    assert not any(t.startswith("I have never seen a cheap carrier") for t in got)
    assert got["My goal for 2025 is simple: every delivery on time, even if the freight bill "
               "goes up."] == "goal"


def test_an_essay_asking_its_reader_a_few_questions_is_not_an_interview() -> None:
    body = [f"I spent year {n} learning how my customers buy." for n in range(30)]
    body[2] = "Do you know what your customers want?"
    body[20] = "Are you ready to change how you sell?"
    got = attribute(body, "Ana Ruiz", own_page=True)
    kept = [d.text for d in got if d.keep]
    assert "I spent year 3 learning how my customers buy." in kept  # right after a question
    assert "I spent year 21 learning how my customers buy." in kept


def test_a_real_interview_still_gives_the_answers_to_the_person() -> None:
    blocks = ["Ana Ruiz runs Olivar.", "What do you want to build this year?",
              "We want to open two stores in Lima.", "What worries you most?",
              "Rents in Lima keep rising.", "Will you hire?", "We will hire twenty people."]
    got = attribute(blocks, "Ana Ruiz", subject=True)
    kept = {d.text: d.reason for d in got if d.keep}
    assert kept["We want to open two stores in Lima."] == "their answer in an interview"
    assert "What worries you most?" not in kept


NEWS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ana Ruiz takes Olivar abroad</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ana Ruiz takes Olivar
 abroad", "author": {"@type": "Person", "name": "Tom Weber"}}
</script></head><body><article><h1>Ana Ruiz takes Olivar abroad</h1>
<p>By Tom Weber</p>
<p>Olivar chief executive Ana Ruiz spoke to investors in Madrid on Tuesday.</p>
<p>Olivar plans to open ten new stores in Peru and Chile next year.</p>
<p>Olivar was founded in 1990 in Seville by two brothers.</p>
<p>Grupo Norte wants to open twenty stores in Peru next year.</p>
</article></body></html>"""


def test_on_a_page_about_them_their_organisations_aim_is_theirs() -> None:
    url = "https://news.example/olivar-abroad"
    got = notes(NEWS, url, "Ana Ruiz")
    assert got["Olivar plans to open ten new stores in Peru and Chile next year."] == "goal"
    assert "Olivar was founded in 1990 in Seville by two brothers." not in got
    assert not any(t.startswith("Grupo Norte") for t in got)  # another organisation
    # the organisation is learned from the words around their full name
    assert not notes(NEWS.replace("Olivar chief executive Ana Ruiz", "Ana Ruiz"), url,
                     "Ana Ruiz").get("Olivar plans to open ten new stores in Peru and Chile "
                                     "next year.")
    assert not notes(NEWS, url, "Tom Weber")  # the journalist gets nothing


def test_a_candidate_is_kept_only_as_a_fairly_sure_goal_or_risk() -> None:
    from prospect.gather.pipeline import CANDIDATE_CONFIDENCE, holds

    assert holds("risk", CANDIDATE_CONFIDENCE) and holds("goal", 0.95)
    assert not holds("goal", CANDIDATE_CONFIDENCE - 0.01)  # an unsure goal stays out
    assert not holds("bio", 0.95) and not holds("other", 0.95)


def test_their_own_sentence_with_a_quotation_inside_is_theirs() -> None:
    decisions = attribute(["I wanted to ask “where did the protests come from?”",
                           "Some readers accused me of “throwing support” behind the riots.",
                           "“We will win the next round,” he said.",
                           "We asked “why now?” and I still have no answer.",
                           "We met a buyer who said “prices will double”."],
                          "Rosa Lind", own_page=True)
    kept = [d.text for d in decisions if d.keep and d.reason == "first-person on own page"]
    assert kept == ["I wanted to ask “where did the protests come from?”",
                    "We asked “why now?” and I still have no answer."]


def _post(paragraphs: list[str], lang: str = "en", kind: str = "BlogPosting",
          author: str = "Rosa Lind") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Notes</title>'
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
            f'"{kind}", "headline": "Notes", "author": {{"@type": "Person", "name": "{author}"}}}}'
            f"</script></head><body><article><h1>Notes</h1>{body}</article></body></html>")


def _candidates(html: str, url: str = "https://rosalind.example/posts/notes",
                name: str = "Rosa Lind") -> list[str]:
    return [c.text for c in extract_page(html, url, Person(name)).candidates]


def test_their_claims_with_a_you_in_them_are_candidates_but_advice_is_not() -> None:
    claim = "Relying on a single supplier will leave your shelves empty within a month."
    warning = "If you run a small depot, rising rents will eat most of your margin."
    scare = "The so-called “gig economy” will leave many drivers without a pension."
    states = "Many states will not be able to pay for their roads next year."
    advice = ["Book your freight a week early if you want a good rate.",
              "If you want a good rate, book early and pay on time.",
              "You should always ask carriers for their on-time record."]
    quoted = "“Prices will double,” a broker told me last week."
    got = _candidates(_post(["I have run a trucking firm in Ohio for eleven years.", claim,
                             warning, scare, states, *advice, quoted]))
    assert claim in got and warning in got and scare in got and states in got
    assert not set(advice) & set(got)
    assert quoted not in got


def test_a_spanish_post_keeps_claims_with_su_and_sus() -> None:
    claim = "Muchas pymes no podrán pagar sus deudas si el crédito sigue tan caro."
    advice = "Reserva tu transporte con una semana de antelación."
    got = _candidates(_post(["Dirijo una empresa de transporte en Sevilla desde hace once años, "
                             "y mi flota tiene veinte camiones.", claim, advice], lang="es"),
                      "https://rosalind.example/es/notas")
    assert claim in got and advice not in got


def test_a_report_under_their_byline_gives_its_writer_no_candidates() -> None:
    # no "I" or "we" anywhere: a reporter's story, not a post in the writer's own voice
    html = _post(["The port of Valencia handled a record number of containers in March.",
                  "Rising fuel prices could push half of the small carriers out of business.",
                  "The union wants a new contract before the summer."], kind="Article",
                 author="Tom Weber")
    assert _candidates(html, "https://harbor-daily.example/port-record", "Tom Weber") == []


@pytest.mark.parametrize(("url", "kind", "theirs"), [
    ("https://harbor-daily.example/opinion/why-small-carriers-fail", "NewsArticle", True),
    ("https://harbor-daily.example/why-small-carriers-fail", "OpinionNewsArticle", True),
    ("https://harbor-daily.example/business/why-small-carriers-fail", "NewsArticle", False),
])
def test_an_op_ed_on_a_news_site_is_in_its_writers_voice(url: str, kind: str,
                                                         theirs: bool) -> None:
    mine = "My goal is to keep every one of our forty drivers on the payroll next year."
    r = extract_page(_post(["I have run a trucking firm in Ohio for eleven years.", mine],
                           kind=kind), url, Person("Rosa Lind"))
    assert (mine in [s.text for s in r.sentences]) is theirs


def test_an_uncredited_pull_quote_on_their_post_is_theirs_a_credited_one_is_not() -> None:
    def blog(quote: str, before: str = "", after: str = "") -> str:
        return (_post(["I have run a trucking firm in Ohio for eleven years."])
                .replace("</article>", f"<p>{before or 'Here is how I see the next year.'}</p>"
                         f"<blockquote><p>{quote}</p></blockquote>"
                         f"<p>{after or 'Our fleet grew by four trucks in the spring.'}</p>"
                         "</article>"))

    mine = "I want every one of our trucks running on electricity by 2030."

    def theirs(html: str) -> bool:
        r = extract_page(html, "https://rosalind.example/posts/notes", Person("Rosa Lind"))
        return mine in [s.text for s in r.sentences]

    assert theirs(blog(mine))
    assert not theirs(blog(mine, before="My old boss put it this way:"))
    assert not theirs(blog(mine + " — Carl Byers"))
    assert not theirs(blog(mine, after="That line from a mentor stayed with me."))
