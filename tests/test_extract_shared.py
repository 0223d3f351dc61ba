"""extract_page on the real pages in ../shared/fixtures/pages, checked against their upstream
expected outputs (skipped with a visible reason where that folder is absent)."""

from __future__ import annotations

import json

import pytest
from extract_support import fields, kept, run

STRANGER = "Ana García Rojas"  # named on none of these pages
PAGES = {
    "rdb-ars-1.html": "https://arstechnica.com/information-technology/2015/04/minecraft/",
    "rdb-gitlab-blog.html": "https://about.gitlab.com/blog/2024/06/25/devsecops-survey/",
    "msc-segment.html": "https://segment.com/blog/scaling-nsq",
    "msc-reactpodcast.html": "https://reactpodcast.com/episodes/117",
    "msc-tiktok-profile-illojuan.html": "https://www.tiktok.com/@illojuan",
    "np4k-cnn_article.html": "http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html",
    "xray-waterpigs-homepage.html": "https://waterpigs.co.uk/",
    "extruct-CreativeWork.001.html": "http://books.example/",
    "extruct-microdata.7.1.html": "http://blog.example.com/progress-report",
    "mf2t-mfv2-h-card-hcard.html": "http://example.com/",
    "mf2t-mfv2-rel-xfn-elsewhere.html": "http://glennjones.net/",
}


def _expected(shared, name):
    return json.loads((shared / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", sorted(PAGES))
def test_nothing_for_a_person_the_page_never_names(shared_pages, page):
    r = run(page, PAGES[page], STRANGER, folder=shared_pages)
    assert r.facts == [] and r.sentences == []


def test_ars_byline(shared_pages):
    meta = _expected(shared_pages, "rdb-ars-1.readability-expected-metadata.json")
    r = run("rdb-ars-1.html", PAGES["rdb-ars-1.html"], meta["byline"], folder=shared_pages)
    f = fields(r)
    assert f["name"] == ["Dan Goodin"]
    assert f["authored"] == [f"{meta['title']} (2015-04-16)"]  # its <time datetime>
    assert f["url"] == ["https://arstechnica.com/author/dan-goodin/"]
    assert f["same_as"] == ["https://twitter.com/dangoodin001"]
    # a news article: the "I" and "we" sentences are the quoted programmer's, not his
    assert kept(r) == []
    assert r.is_own_page and r.author == "Dan Goodin"


def test_gitlab_blog_json_ld_author(shared_pages):
    meta = _expected(shared_pages, "rdb-gitlab-blog.readability-expected-metadata.json")
    r = run("rdb-gitlab-blog.html", PAGES["rdb-gitlab-blog.html"], meta["byline"],
            folder=shared_pages)
    assert fields(r)["authored"] == [f"{meta['title']} ({meta['publishedTime']})"]
    assert r.sentences and all(s.reason == "first-person on own page" for s in r.sentences)


def test_segment_meta_author(shared_pages):
    exp = _expected(shared_pages, "msc-segment.metascraper-expected.json")
    r = run("msc-segment.html", exp["url"], exp["author"], folder=shared_pages)
    f = fields(r)
    assert f["name"] == [exp["author"]]
    assert f["authored"] == [f"{exp['title']} ({exp['date'][:10]})"]
    assert f["same_as"] == ["https://twitter.com/calvinfo"]
    assert "I’m a firm believer in the principle of least surprise, particularly when it comes " \
           "to distributed systems." in kept(r)


def test_cnn_four_authors_each_get_the_byline_not_the_desk_account(shared_pages):
    exp = _expected(shared_pages, "np4k-cnn_article.newspaper4k-expected.json")
    assert len(exp["authors"]) == 4
    for author in exp["authors"]:
        r = run("np4k-cnn_article.html", exp["url"], author, folder=shared_pages)
        f = fields(r)
        assert f["name"] == [author]
        assert f["authored"][0].startswith(exp["title"])
        assert "same_as" not in f  # @cnntravel is the desk's account, not this author's
        assert kept(r) == []  # four bylines: "we" there is the newsroom or a quote


def test_waterpigs_h_card_and_rel_me(shared_pages):
    exp = _expected(shared_pages, "xray-waterpigs-homepage.xray-asserts.json")["author"]
    r = run("xray-waterpigs-homepage.html", PAGES["xray-waterpigs-homepage.html"], exp["name"],
            folder=shared_pages)
    f = fields(r)
    assert f["url"] == [exp["url"]]
    assert f["email"] == ["barnaby@waterpigs.co.uk"]
    assert "https://twitter.com/BarnabyWalters" in f["same_as"]
    assert "https://github.com/barnabywalters" in f["same_as"]
    assert "authored" not in f  # a home page, not an article
    assert r.is_own_page


def test_mf2_h_card(shared_pages):
    exp = _expected(shared_pages, "mf2t-mfv2-h-card-hcard.mf2-expected.json")["items"][0]
    props = exp["properties"]
    r = run("mf2t-mfv2-h-card-hcard.html", "http://example.com/", props["name"][0],
            folder=shared_pages)
    f = fields(r)
    assert f["name"] == props["name"]
    assert f["url"] == props["url"]
    assert f["organization"] == [props["org"][0]["value"]]
    r = run("mf2t-mfv2-h-card-hcard.html", "http://example.com/", "Mozilla Foundation",
            folder=shared_pages)
    assert "Mitchell Baker" not in [x.value for x in r.facts]


def test_rel_me_chain_on_a_page_without_names(shared_pages):
    exp = _expected(shared_pages, "mf2t-mfv2-rel-xfn-elsewhere.mf2-expected.json")
    r = run("mf2t-mfv2-rel-xfn-elsewhere.html", "http://glennjones.net/", "Glenn Jones",
            folder=shared_pages)
    assert r.is_own_page
    assert fields(r)["same_as"] == exp["rels"]["me"]
    # the same links on a page under another address, for another person: not theirs
    r = run("mf2t-mfv2-rel-xfn-elsewhere.html", "http://example.com/", "John Smith",
            folder=shared_pages)
    assert r.facts == [] and not r.is_own_page


def test_extruct_creative_work_people(shared_pages):
    exp = _expected(shared_pages, "extruct-CreativeWork.001.extruct.json")
    people = {i["value"]: i["id"] for i in exp if i["type"].endswith("/Person")}
    assert people  # Stendhal and Robert Martin Adams
    for name, viaf in people.items():
        r = run("extruct-CreativeWork.001.html", PAGES["extruct-CreativeWork.001.html"], name,
                folder=shared_pages)
        f = fields(r)
        assert f["name"] == [name] and f["url"] == [viaf]
        others = [v for n, v in people.items() if n != name]
        assert not set(others) & set(f["url"])


def test_microdata_comment_authors_get_only_their_own_name(shared_pages):
    for name in ("Greg", "Charlotte"):
        r = run("extruct-microdata.7.1.html", PAGES["extruct-microdata.7.1.html"], name,
                folder=shared_pages)
        assert fields(r) == {"name": [name]}


def test_tiktok_profile(shared_pages):
    exp = _expected(shared_pages, "msc-tiktok-profile-illojuan.metascraper-expected.json")
    r = run("msc-tiktok-profile-illojuan.html", exp["url"], exp["author"], folder=shared_pages)
    f = fields(r)
    assert r.own_page_reason == "their profile page"
    assert f["url"] == [exp["url"]]
    assert f["same_as"] == ["https://twitch.tv/illojuan"]
    assert f["description"] == ["Timing, saludos desde Almería"]
    # the "suggested accounts" list names famous people; none of them gets anything
    assert run("msc-tiktok-profile-illojuan.html", exp["url"], "Fernando Alonso",
               folder=shared_pages).facts == []


def test_podcast_guest_sentences(shared_pages):
    r = run("msc-reactpodcast.html", PAGES["msc-reactpodcast.html"], "Tom Preston-Werner",
            folder=shared_pages)
    assert r.facts == []  # the page has no byline or structured person
    texts = kept(r)
    assert "Tom Preston-Werner is building a full-stack framework for React and GraphQL " \
           "developers." in texts
    assert any(t.startswith("Tom is a co-founder of GitHub") for t in texts)
