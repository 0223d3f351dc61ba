"""Who wrote the page: visible bylines, JSON-LD strings and entities, names with extras,
publishers in meta author, and posts on platforms counted as the author's own."""

from __future__ import annotations

import pytest
from extract_support import fields, kept, page_bytes, reasons, run

from prospect.extract.byline import clean_name, is_publisher, looks_like_person


@pytest.mark.parametrize(("raw", "name"), [
    ("By Will Smale", "Will Smale"),
    ("Rosalía Nieves | El Sol de la Mañana", "Rosalía Nieves"),
    ("Bradley M. Kuhn (http://ebb.example/bkuhn/)", "Bradley M. Kuhn"),
    ("Paz Segura - Marketing Manager", "Paz Segura"),
    ("Mar&iacute;a L&oacute;pez", "María López"),
    ("Por: María Alejandra Carrasquilla maria@example.com", "María Alejandra Carrasquilla"),
    ("Meg James, Staff Writer", "Meg James"),
    ("<a href='/byline/x'>Ana Ruiz</a>", "Ana Ruiz"),
])
def test_clean_name_keeps_only_the_name(raw: str, name: str) -> None:
    assert clean_name(raw) == name


@pytest.mark.parametrize("value", ["elmundo.es", "Redacción", "GESE", "Harbor Weekly",
                                   "Europa Press", "Staff"])
def test_newsrooms_and_sites_are_not_people(value: str) -> None:
    assert not looks_like_person(value)


def test_the_site_name_is_a_publisher() -> None:
    assert is_publisher("ElPais", ["Diario EL PAIS Uruguay"])
    assert not is_publisher("Ana Ruiz", ["Diario EL PAIS Uruguay"])


def test_by_then_a_line_break_then_the_name_is_a_byline() -> None:
    r = run("byline_by_newline_en.html", "https://harbor.example/rates", "Scott Cunningham")
    assert r.author == "Scott Cunningham" and r.is_own_page
    assert fields(r)["name"] == ["Scott Cunningham"]


def test_the_site_in_meta_author_is_not_the_author() -> None:
    # meta author says "Harbor Weekly": a stranger reading the page gets it as author, not
    # the site's name
    r = run("byline_by_newline_en.html", "https://harbor.example/rates", "Zoe Whitfield")
    assert r.author == "Scott Cunningham"
    assert not r.facts and not r.sentences


def test_name_dash_title_line_is_the_byline_of_a_post() -> None:
    r = run("byline_nombre_cargo_es.html", "https://lumen.example/blog/retorno", "Paz Segura")
    assert r.author == "Paz Segura" and r.is_own_page
    f = fields(r)
    assert f["name"] == ["Paz Segura"]
    assert f["authored"] == ["Cómo medimos el retorno de las campañas"]  # without the site
    assert "Mi objetivo este año es atribuir cada venta a la campaña que la originó." in kept(r)


def test_json_ld_author_string_with_by_and_entity_encoded_names() -> None:
    r = run("byline_jsonld_strings_en.html", "https://money.example/pensions", "Will Smale")
    assert r.author == "Will Smale" and fields(r)["name"] == ["Will Smale"]
    r = run("byline_jsonld_strings_en.html", "https://money.example/pensions", "María López")
    assert r.author == "María López" and fields(r)["name"] == ["María López"]


@pytest.mark.parametrize(("person", "name"), [("Rosalía Nieves", "Rosalía Nieves"),
                                              ("Bradley M. Kuhn", "Bradley M. Kuhn")])
def test_names_are_stored_without_site_or_url(person: str, name: str) -> None:
    r = run("byline_extras_es.html", "https://elsol.example/sequia", person)
    assert fields(r)["name"] == [name]
    assert r.author == name


def test_a_post_on_a_platform_is_the_authors_own_page() -> None:
    # Medium marks every post NewsArticle: the author's first-person sentences still count
    r = run("platform_post_en.html", "https://medium.com/@danawhitlock/scaling-support-1a2b",
            "Dana Whitlock")
    assert r.is_own_page
    assert "My goal for next year is to answer every ticket within one business hour." in kept(r)
    assert ("I worry that our help-desk vendor will not keep up with the volume we expect."
            in kept(r))
    assert reasons(r)["What I learned scaling support to 40 people"].startswith("a heading")


def test_the_same_post_on_a_news_site_keeps_first_person_out() -> None:
    r = run("platform_post_en.html", "https://news.example/scaling-support", "Dana Whitlock")
    assert r.is_own_page
    assert "My goal for next year is to answer every ticket within one business hour." \
        not in kept(r)


def test_contractions_are_not_other_peoples_names() -> None:
    r = run("own_blog_contractions_en.html", "https://marta.example/notes", "Marta Ibáñez")
    assert r.author == "Marta Ibáñez"  # a personal domain is not a publisher
    assert kept(r) == [
        "I've told our landlord that we need a second oven before the summer.",
        "I'm worried that the flour price will keep rising through the autumn.",
        "I'll open a second shop once the first one pays for itself.",
    ]


def test_strangers_get_nothing_from_the_new_pages() -> None:
    for page in ("byline_by_newline_en.html", "byline_nombre_cargo_es.html",
                 "byline_jsonld_strings_en.html", "byline_extras_es.html",
                 "platform_post_en.html", "own_blog_contractions_en.html"):
        r = run(page, "https://example.org/p", "Zoe Whitfield")
        assert not r.facts and not r.sentences, page


def test_a_json_ld_author_given_by_its_id_in_the_graph() -> None:
    r = run("byline_graph_ref_en.html", "https://northgate.example/lessons/", "Helen Okafor")
    assert r.author == "Helen Okafor" and r.is_own_page
    f = fields(r)
    assert f["url"] == ["https://northgate.example/author/helen/"]
    assert f["authored"] == ["Five lessons from our warehouse move (2025-04-08)"]


def test_a_related_articles_author_is_not_the_pages() -> None:
    r = run("byline_graph_ref_en.html", "https://northgate.example/lessons/", "Sam Lee")
    assert r.author == "Helen Okafor"
    assert not r.facts and not r.sentences


def test_the_name_is_cut_from_a_byline_with_a_date_and_links_are_not_names() -> None:
    r = run("byline_furniture_en.html", "https://news.example/strike", "Jane Doe")
    assert r.author == "Jane Doe"
    assert fields(r)["name"] == ["Jane Doe"]


def _news(head: str = "", top: str = "", tail: str = "") -> str:
    return ("<html><head><title>Port traffic hits a record | The Coast Daily</title>"
            f"{head}</head><body><header><a href='/'>The Coast Daily</a></header><article>"
            f"<h1>Port traffic hits a record</h1>{top}<p>The port of Valencia moved more "
            "containers this year than ever before, the authority said on Monday.</p>"
            f"{tail}</article><footer>© The Coast Daily</footer></body></html>")


@pytest.mark.parametrize(("shape", "html"), [
    ("wire credit", _news(tail="<p>(Reporting by Laura Gómez; Editing by Pedro Ruiz)</p>")),
    ("data attribute", _news(top="<div class='meta' data-author='Laura Gómez'></div>")),
    ("name then role in one box", _news(
        top="<div class='author-info'><strong>Laura Gómez</strong><span>Senior reporter"
            "</span></div>")),
    ("surname first in Dublin Core", _news(head="<meta name='DC.creator' content='Gómez, "
                                                "Laura'>")),
    ("texto de", _news(top="<p>Texto de Laura Gómez</p>")),
    ("posted by, with a date", _news(top="<div>Posted by Laura Gómez on March 3, 2024</div>")),
])
def test_more_byline_shapes_give_the_author(shape: str, html: str) -> None:
    from prospect.extract import Person, extract_page

    r = extract_page(html, "https://coastdaily.example/news/port", Person("Laura Gómez"))
    assert r.author == "Laura Gómez", shape
    assert r.is_own_page


def test_a_commenters_posted_by_is_not_the_pages_author() -> None:
    from prospect.extract import Person, extract_page

    html = _news(tail="<section class='comments'><p>Posted by: <span>Greg Hale</span></p>"
                      "<p>Great piece.</p></section>")
    r = extract_page(html, "https://coastdaily.example/news/port", Person("Greg Hale"))
    assert r.author != "Greg Hale" and not r.is_own_page


@pytest.mark.parametrize("marker", [
    '<meta property="al:android:package" content="com.medium.reader">',
    '<meta name="generator" content="Substack">',
    '<meta name="generator" content="Ghost 5.82">',
])
def test_a_platform_post_on_the_writers_own_domain_is_theirs(marker: str) -> None:
    # the same NewsArticle-marked post served by Medium/Substack/Ghost on a custom domain
    from prospect.extract import Person, extract_page

    html = page_bytes("platform_post_en.html").decode("utf-8").replace(
        "</head>", marker + "</head>", 1)
    r = extract_page(html, "https://danawhitlock.example/scaling-support", Person("Dana Whitlock"))
    assert "My goal for next year is to answer every ticket within one business hour." \
        in kept(r)
