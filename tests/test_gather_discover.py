"""Discovery: sitemaps, EN/ES team and news pages, links two levels deep on the same host,
only pages naming the person, never from a public start into a private address."""

from __future__ import annotations

import pytest
from gather_support import Reply, add, fast_settings, page, sources

from prospect.gather import gather


def _html(body: str, links: tuple[str, ...] = ()) -> Reply:
    anchors = "".join(f'<a href="{href}">link</a>' for href in links)
    return page(f"<html><head><title>t</title></head><body>{body}{anchors}</body></html>")


def test_discovery_finds_pages_that_name_the_person(engine, sites):
    other = sites(host="127.0.0.3")
    other.routes["/ana"] = _html("ANA GARCIA ROJAS on another site")
    site = sites(host="127.0.0.2", robots="User-agent: *\nDisallow: /hidden\n"
                                          "Sitemap: /maps/index.xml\n")
    base = site.base
    site.routes.update({
        "/": _html("Norte Foods home", ("/about", "/products", other.url("/ana"),
                                         "mailto:x@y.org", "javascript:void(0)")),
        "/maps/index.xml": Reply(200, f"<sitemapindex><sitemap><loc>{base}/maps/people.xml"
                                      f"</loc></sitemap></sitemapindex>".encode(),
                                 {"Content-Type": "application/xml"}),
        "/maps/people.xml": Reply(200, f"<urlset><url><loc>{base}/people/ana-garcia-rojas</loc>"
                                       f"</url><url><loc>{other.url('/ana')}</loc></url>"
                                       f"</urlset>".encode(),
                                  {"Content-Type": "application/xml"}),
        "/people/ana-garcia-rojas": _html("<h1>Ana García Rojas</h1> CFO"),
        "/equipo": _html("Nuestro equipo: ana garcía rojas, gerente de finanzas"),
        "/noticias": _html("Noticias", ("/noticias/2026-ana",)),
        "/noticias/2026-ana": _html("Entrevista con Ana Garcia Rojas sobre la cadena de "
                                    "suministro"),
        "/about": _html("About us", ("/level1", "/hidden/ana")),
        "/level1": _html("Level one", ("/level2", "/hidden/ana")),
        "/level2": _html("Ana García Rojas at level two", ("/level3",)),
        "/level3": _html("Ana García Rojas too deep"),
        "/hidden/ana": _html("Ana García Rojas but robots says no"),
        "/products": _html("Products, with Ana Garcia (not the full name)"),
        "/team": Reply(200, b"%PDF", {"Content-Type": "application/pdf"}),
    })
    pid = add(engine, "Ana García Rojas", [site.url("/equipo")], domain=site.url("/"))
    other_pid = add(engine, "Bruno Díaz", [], domain=site.base)
    report = gather(engine, [pid, other_pid], fast_settings(), discover=True)

    found = {d.url for d in report.discovered if d.prospect == "ana-garcia-rojas"}
    # the sitemap's page; guessed paths are not probed, since what the site lists and links
    # already named her
    assert found == {site.url("/people/ana-garcia-rojas")}
    assert not [d for d in report.discovered if d.prospect == "bruno-diaz"]
    src = sources(engine, pid)
    assert src[site.url("/equipo")].origin == "user"  # already known: not re-added
    for url in found:
        assert src[url].origin == "discovered" and src[url].status == "ok"
    # the site is crawled once for both prospects; two levels deep and no further
    assert site.count("/") == 1 and site.count("/level1") == 1  # home -> about -> level1
    assert "/level2" not in site.paths() and "/hidden/ana" not in site.paths()
    assert other.seen == []  # other hosts are never followed
    assert site.paths()[0] == "/robots.txt" and site.count("/robots.txt") == 1
    for path in ("/team", "/leadership", "/news", "/press", "/blog", "/nosotros",
                 "/quienes-somos", "/prensa", "/noticias"):
        assert path not in site.paths(), path
    assert "/sitemap.xml" in site.paths()

    # a second run adds nothing new and does not duplicate sources
    again = gather(engine, [pid], fast_settings(), discover=True)
    assert again.discovered == []
    assert len(sources(engine, pid)) == 2


def test_guessed_paths_only_when_the_sitemap_and_links_name_nobody(engine, sites):
    site = sites()
    site.routes.update({
        "/": _html("Norte Foods home", ("/products",)),
        "/products": _html("Products"),
        "/equipo": _html("Nuestro equipo: ana garcía rojas, gerente de finanzas"),
        "/noticias": _html("Noticias", ("/noticias/2026-ana",)),
        "/noticias/2026-ana": _html("Entrevista con Ana Garcia Rojas"),
    })
    pid = add(engine, "Ana García Rojas", [], domain=site.base)
    report = gather(engine, [pid], fast_settings(), discover=True)
    assert {d.url for d in report.discovered} == {site.url("/equipo"),
                                                  site.url("/noticias/2026-ana")}
    paths = site.paths()
    # the home page and its links first, then the guesses
    assert paths.index("/products") < paths.index("/equipo")
    for path in ("/about", "/team", "/leadership", "/news", "/press", "/blog", "/nosotros",
                 "/quienes-somos", "/prensa"):
        assert path in paths, path


def test_a_sitemaps_folder_pages_are_not_fetched_when_it_lists_their_articles(engine, sites):
    site = sites(robots="User-agent: *\nAllow: /\n")
    base = site.base
    urls = ["/", "/news/", "/news/ana-joins", "/team/"]
    site.routes.update({
        "/sitemap.xml": Reply(200, ("<urlset>" + "".join(f"<url><loc>{base}{u}</loc></url>"
                                                         for u in urls) + "</urlset>").encode(),
                              {"Content-Type": "application/xml"}),
        "/": _html("home", ("/news/", "/team/")),
        "/news/": _html("News: Ana García Rojas joins", ("/news/ana-joins",)),
        "/news/ana-joins": _html("Ana García Rojas joins as CFO"),
        "/team/": _html("Team: Ana García Rojas"),
    })
    pid = add(engine, "Ana García Rojas", [], domain=site.base)
    report = gather(engine, [pid], fast_settings(), discover=True)
    assert {d.url for d in report.discovered} == {site.url("/news/ana-joins"),
                                                  site.url("/team/")}
    assert "/news/" not in site.paths() and "/about" not in site.paths()


def test_discovery_page_count_is_bounded(engine, sites, monkeypatch):
    monkeypatch.setenv("PROSPECT_DISCOVER_MAX_PAGES", "15")
    site = sites()
    site.routes["/"] = _html("home", tuple(f"/p{i}" for i in range(50)))
    site.routes.update({f"/p{i}": _html(f"page {i} Zoe Ng", (f"/q{i}",)) for i in range(50)})
    pid = add(engine, "Zoe Ng", [], domain=site.base)
    report = gather(engine, [pid], fast_settings(), discover=True)
    pages = [p for p in site.paths() if p not in ("/robots.txt", "/sitemap.xml")]
    assert len(pages) == 15
    assert len(report.discovered) == len([p for p in pages if p[2:].isdigit()]) > 0


def test_discovery_from_a_public_start_never_enters_private_addresses(engine, sites,
                                                                      monkeypatch):
    from prospect.gather import netguard

    monkeypatch.setattr(netguard, "is_public_ip", lambda ip: ip == "127.0.0.2")
    inner = sites({"/secret": _html("Ana Ruiz internal")}, host="127.0.0.3")
    site = sites({"/": _html("home", ("/jump",)),
                  "/jump": Reply(302, headers={"Location": inner.url("/secret")}),
                  "/team": _html("Ana Ruiz, CEO")}, host="127.0.0.2")
    pid = add(engine, "Ana Ruiz", [], domain=site.base)
    report = gather(engine, [pid], fast_settings(), discover=True)
    assert [d.url for d in report.discovered] == [site.url("/team")]
    assert inner.seen == []


def test_discover_without_domain_warns_and_needs_something_to_do(engine):
    from prospect.errors import GatherError

    pid = add(engine, "No Domain", [])
    with pytest.raises(GatherError, match="nothing to gather for no-domain"):
        gather(engine, [pid], fast_settings(), discover=True)


def test_sitemap_parsing_handles_gzip_and_ignores_entities():
    import gzip

    from prospect.gather.discover import base_url, sitemap_locs

    xml = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b"<urlset><url><loc>https://a.example/x?a=1&amp;b=2</loc></url>"
           b"<url><loc>&e;</loc></url></urlset>")
    assert sitemap_locs(xml) == (["https://a.example/x?a=1&b=2", "&e;"], False)
    assert sitemap_locs(gzip.compress(xml))[0][0] == "https://a.example/x?a=1&b=2"
    assert base_url("acme.example") == "https://acme.example/"
    assert base_url("http://127.0.0.1:8000/es") == "http://127.0.0.1:8000/es/"


@pytest.mark.parametrize("text,expected", [
    ("Entrevista con ANA GARCIA ROJAS, CFO", True),
    ("Ana  García\nRojas habló", True),
    ("ana garcía", False),
    ("Diana García Rojas", False),
    ("Ana García Rojasová", False),
])
def test_names_person_is_whole_words_accent_and_case_insensitive(text, expected):
    from prospect.gather.discover import names_person

    assert names_person("Ana García Rojas", text) is expected


def test_page_text_keeps_words_apart_and_together():
    from prospect.gather.discover import names_person, page_text_and_links

    body = (b"<html><head><title>Team</title><script>var a='Zed Ray'</script></head><body>"
            b"<h2>Ana</h2>Ruiz <p>Bo <b>Ch</b>en</p>\n<a href='/x#frag'>x</a></body></html>")
    text, links = page_text_and_links(body, "text/html", "http://h.example/a/")
    assert names_person("Ana Ruiz", text) and names_person("Bo Chen", text)
    assert not names_person("Zed Ray", text)  # scripts are not page text
    assert links == ["http://h.example/x"]


def test_a_domain_that_is_not_a_web_address_is_a_warning(engine, sites):
    site = sites({"/a": page("<p>a</p>")})
    pid = add(engine, "Hal Ito", [site.url("/a")], domain="not a domain")
    report = gather(engine, [pid], fast_settings(), discover=True)
    assert report.counts() == {"ok": 1}
    assert report.warnings == ["hal-ito: company domain 'not a domain' is not a web address, "
                               "discovery skipped"]
