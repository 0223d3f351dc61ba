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
