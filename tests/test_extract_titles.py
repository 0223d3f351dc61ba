"""Job titles from ordinary team pages (no structured data), only for the prospect."""

from __future__ import annotations

import pytest
from extract_support import fields, run


@pytest.mark.parametrize(("person", "title", "org"), [
    ("Grace Holloway", "Chief Executive Officer", None),   # heading, then the title
    ("Omar Haddad", "Head of Data Engineering", None),      # Name — Title
    ("Lena Fischer", "VP of Sales", "Kestrel Analytics"),   # <b>Name</b>, Title at Org
    ("Ravi Patel", "CTO", None),                            # Name (Title)
])
def test_team_page_titles_en(person: str, title: str, org: str | None) -> None:
    f = fields(run("team_plain_en.html", "https://kestrel.example/team", person))
    assert f["job_title"] == [title]
    assert f.get("organization") == ([org] if org else None)


@pytest.mark.parametrize(("person", "title", "org"), [
    ("Marta Quintana", "directora general", None),
    ("Jorge Ibarra", "Responsable de logística", "Sierra Verde"),
    ("Carmen Soler", "Jefa de compras", None),
])
def test_team_page_titles_es(person: str, title: str, org: str | None) -> None:
    f = fields(run("equipo_simple_es.html", "https://sierraverde.example/equipo", person))
    assert f["job_title"] == [title]
    assert f.get("organization") == ([org] if org else None)


def test_a_heading_followed_by_a_sentence_is_not_a_title() -> None:
    f = fields(run("team_plain_en.html", "https://kestrel.example/team", "Tom Brandt"))
    assert "job_title" not in f


@pytest.mark.parametrize("person", ["Zoe Whitfield", "Grace Patel", "Omar Holloway"])
def test_only_the_prospect_gets_a_title(person: str) -> None:
    assert "job_title" not in fields(run("team_plain_en.html", "https://kestrel.example/team",
                                         person))


def test_structured_titles_win_over_text() -> None:
    f = fields(run("equipo_es.html", "https://brightline.example/equipo", "Ana García Rojas"))
    assert f["job_title"] == ["Directora general"]


def _story(*paragraphs: str, h1: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>News</title></head><body><article>"
            f"{f'<h1>{h1}</h1>' if h1 else ''}{body}</article></body></html>")


@pytest.mark.parametrize(("person", "paragraph", "title", "org"), [
    ("Jane Doe", "Acme has named Jane Doe president and chief financial officer, effective "
     "Monday.", "president and chief financial officer", None),
    ("Jane Doe", "Jane Doe, Acme's chief executive, said the plan was sound.",
     "Acme's chief executive", None),
    ("Jane Doe", "\u201cWe will grow,\u201d said Jane Doe, the company's new CFO.", "CFO", None),
    ("Jane Doe", "Jane Doe, head of procurement at Brightline Foods, spoke first.",
     "head of procurement", "Brightline Foods"),
    ("Ana García", "Ana García, directora general de Acme, explicó el plan.",
     "directora general de Acme", None),
    ("Ana García", "La empresa nombró a Ana García consejera delegada a partir de enero.",
     "consejera delegada", None),
    # the title written before the name
    ("Jane Doe", "Sales were up, CEO Jane Doe said on Tuesday.", "CEO", None),
    ("Jane Doe", "Prices will rise, Vice President of Operations at Acme Jane Doe said.",
     "Vice President of Operations", "Acme"),
    ("Jane Doe", "Acme CEO John Smith and CFO Jane Doe spoke to analysts.", "CFO", None),
    ("Ana García", "Ayer, la directora comercial de Acme, Ana García, dijo que crecerán.",
     "directora comercial de Acme", None),
])
def test_a_story_gives_the_persons_job_in_passing(person: str, paragraph: str, title: str,
                                                   org: str | None) -> None:
    from prospect.extract import Person, extract_page

    facts = extract_page(_story(paragraph, "Nothing else here."), "https://news.example/a",
                         Person(person)).facts
    assert ("job_title", title) in [(f.field, f.value) for f in facts]
    assert [f.value for f in facts if f.field == "organization"] == ([org] if org else [])


@pytest.mark.parametrize("paragraph", [
    "Jane Doe, John Smith and Mary Roe attended the meeting.",
    "Jane Doe, who joined in 2019, said growth was key.",
    "Jane Doe, 45, lives in Ohio with her family.",
    "Jane Doe, Marketing, Sales and Support all report to the board.",
    "Acme hired Jane Doe from Widget as its CFO.",  # no title read from "from Widget…"
    "Jane Doe met John Smith, chief executive of Acme, on Monday.",  # his job, not hers
    "He met Acme founder Bill Gates and Jane Doe on Monday.",  # his job, not hers
    "The award went to Jane Doe on Monday.",
    "Acme executive Jane Doe said demand was high.",  # a word, not a job to show
])
def test_no_job_is_read_from_a_list_a_clause_or_somebody_else(paragraph: str) -> None:
    from prospect.extract import Person, extract_page

    facts = extract_page(_story(paragraph), "https://news.example/a", Person("Jane Doe")).facts
    assert [f.value for f in facts if f.field == "job_title"] in ([], ["CFO"])
    assert "from" not in " ".join(f.value for f in facts)


def test_a_headline_appointment_gives_the_job_and_strangers_get_none() -> None:
    from prospect.extract import Person, extract_page

    html = _story("The board met on Monday.", h1="Acme names Jane Doe president and CFO")
    assert [(f.field, f.value) for f in extract_page(html, "https://news.example/a",
                                                     Person("Jane Doe")).facts] == \
        [("job_title", "president and CFO")]
    assert extract_page(html, "https://news.example/a", Person("John Smith")).facts == []
