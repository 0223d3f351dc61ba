"""extract_page on pages we wrote (EN and ES): facts and sentences for the prospect only."""

from __future__ import annotations

from extract_support import fields, kept, reasons, run

from prospect.extract import Person, extract_page

TEAM = "https://brightline.example/team"


def test_team_page_gives_facts_for_the_prospect_only():
    r = run("team_en.html", TEAM, "Ana García Rojas")
    f = fields(r)
    assert f["name"] == ["Ana García Rojas"]
    assert f["job_title"] == ["Chief Executive Officer"]
    assert f["organization"] == ["Brightline Freight"]
    assert f["location"] == ["Monterrey, Mexico"]
    assert f["email"] == ["ana.garcia@brightline.example"]
    assert f["same_as"] == ["https://www.linkedin.com/in/ana-garcia-rojas-example"]
    values = " ".join(x.value for x in r.facts)
    for other in ("Pedro", "Chief Technology", "Laura", "Priya", "pedro-garcia"):
        assert other not in values
    assert not r.is_own_page


def test_team_page_keeps_her_passage_and_drops_the_colleague_with_her_surname():
    r = run("team_en.html", TEAM, "Ana García Rojas")
    assert kept(r) == [
        "Ana García Rojas became chief executive in 2021 after running the company's Mexican "
        "operations for eight years.",
        "She wants to double cross-border volume by 2027 without adding warehouse space.",
        "Her first priority this year is cutting customs delays at the Laredo crossing."]
    why = reasons(r)
    assert why["She wants to double cross-border volume by 2027 without adding warehouse "
               "space."] == "pronoun"
    assert "Pedro García" in why["Pedro García joined from a logistics software start-up in 2019."]
    # "García" alone, after Pedro's passage, is not her
    assert why["García spends his weekends coaching a youth football team."].startswith(
        "surname only")
    assert all("García spends" not in s for s in kept(r))
    # the cookie banner, navigation, footer and "other speakers" box are not main text
    every = " ".join(reasons(r))
    for boilerplate in ("cookies", "All rights reserved", "Careers", "Other speakers",
                        "Carla Rojas"):
        assert boilerplate not in every


def test_the_colleague_gets_his_own_facts_from_the_same_page():
    r = run("team_en.html", TEAM, "Pedro García")
    assert fields(r)["job_title"] == ["Chief Technology Officer"]
    assert "García spends his weekends coaching a youth football team." in kept(r)
    assert all("Ana" not in s for s in kept(r))


def test_spanish_team_page_json_ld_graph():
    r = run("equipo_es.html", "https://brightline.example/equipo", "Ana Garcia")
    f = fields(r)
    assert f["job_title"] == ["Directora general"]
    assert f["image"] == ["https://brightline.example/img/ana.jpg"]  # made absolute
    assert "https://x.com/anagarciarojas" in f["same_as"]
    assert "Director de tecnología" not in " ".join(x.value for x in r.facts)
    texts = kept(r)
    assert "Ella quiere duplicar el volumen transfronterizo antes de 2027 sin abrir nuevos " \
           "almacenes." in texts
    assert all("Pedro" not in t and "reconstruyó" not in t and "Lucía" not in t for t in texts)
    assert "Ella redujo el costo por envío un nueve por ciento desde 2022." not in texts
    assert {s.lang for s in r.sentences} == {"es"}
    assert r.lang == "es"


def test_spanish_news_quotes_and_dijo_garcia_continuations():
    r = run("noticia_es.html", "https://diario.example/n/1", "Ana García Rojas")
    texts = kept(r)
    assert texts[0].startswith("«Queremos duplicar el volumen que cruza la frontera. No vamos")
    assert texts[0].endswith("dijo Ana García Rojas, directora general de la empresa.")
    assert "«Cada hora que un camión espera en el puente nos cuesta clientes», afirmó García." \
        in texts
    assert any(t.startswith("Añadió que la empresa probará") for t in texts)
    assert "La directiva explicó que el mayor obstáculo son las demoras en la aduana de Nuevo " \
           "Laredo." in texts
    for t in texts:
        assert "Pérez" not in t and "recomendó" not in t and "García Márquez" not in t
    # the page is by Marta Ruiz; nothing structured is about Ana, the story gives her job
    assert [(f.field, f.value) for f in r.facts] == [("job_title", "directora general")]
    assert r.author == "Marta Ruiz"


def test_english_news_said_smith_and_the_analyst():
    r = run("news_en.html", "https://freightdaily.example/a", "John Smith")
    texts = kept(r)
    assert '"Our customers want next-day delivery everywhere, and we cannot hire our way ' \
           'there," said Smith.' in texts
    assert '"We learned that a big-bang launch is too risky for us," Smith said.' in texts
    assert any(t.startswith("He added that the company had been burned") for t in texts)
    assert all("Lee" not in t and "closer to $55 million" not in t for t in texts)
    assert all("Maria Smith" not in t for t in reasons(r))  # related links are boilerplate


def test_personal_blog_first_person_and_rel_me():
    r = run("blog_en.html", "https://johnsmith.example/posts/carrier", "John Smith")
    assert r.is_own_page and r.author == "John Smith"
    f = fields(r)
    assert f["authored"] == ["Why we stopped chasing the cheapest carrier (2025-01-20)"]
    assert {"https://github.com/johnsmith-example", "https://twitter.com/johnsmith_example",
            "https://www.linkedin.com/in/johnsmith-example"} <= set(f["same_as"])
    assert f["url"] == ["https://johnsmith.example/"]
    texts = kept(r)
    assert "My goal for 2025 is simple: every delivery on time, even if the freight bill goes " \
           "up." in texts
    assert all(s.reason == "first-person on own page" for s in r.sentences)
    # a blockquote is someone else's words; a sentence without "I/we" is not about him
    assert "I have never seen a cheap carrier stay cheap once you count the chargebacks." \
        not in texts
    assert "The weather in Memphis was terrible this week." not in texts
    assert all("Dave" not in t for t in reasons(r))  # comments are not main text


def test_first_person_is_not_kept_on_someone_elses_page():
    r = run("blog_en.html", "https://johnsmith.example/posts/carrier", "Karen Lee")
    assert not r.facts and not r.sentences and not r.is_own_page


def test_a_page_that_never_names_the_person_gives_nothing():
    for person in ("Ana García Rojas", "John Smith"):
        r = run("unrelated_en.html", "https://port.example/a", person)
        assert r.facts == [] and r.sentences == [], person
    r = run("unrelated_en.html", "https://port.example/a", "Ana García Rojas")
    assert reasons(r)["Rojas has covered the port for ten years."].startswith("surname only")


def test_to_dict_and_bad_input_do_not_raise():
    r = run("news_en.html", "https://freightdaily.example/a", "John Smith")
    d = r.to_dict()
    assert d["sentences"][0]["reason"] == "name" and "dropped" in d and d["lang"] == "en"
    for junk in (b"", b"\x00\xff\xfe garbage", "<html><body><p>Hi</p>", b"<?xml version='1.0'?>"):
        out = extract_page(junk, "https://x.example/", Person("John Smith"))
        assert out.facts == [] and out.sentences == []


def test_latin1_bytes_are_decoded():
    html = ("<html><head><meta charset='iso-8859-1'></head><body><p>Ana García Rojas dirige "
            "la compañía desde Monterrey y quiere crecer.</p></body></html>").encode("latin-1")
    r = extract_page(html, "https://x.example/", Person("Ana García Rojas"))
    assert kept(r) == ["Ana García Rojas dirige la compañía desde Monterrey y quiere crecer."]


def test_hostile_values_are_not_facts():
    html = """<html><head><script type="application/ld+json">
    {"@type": "Person", "name": "John Smith", "url": "javascript:alert(1)",
     "sameAs": ["data:text/html,x", "https://ok.example/js"], "email": "not an email"}
    </script></head><body></body></html>"""
    f = fields(extract_page(html, "https://x.example/", Person("John Smith")))
    assert f == {"name": ["John Smith"], "same_as": ["https://ok.example/js"]}


def test_h_entry_author_card_makes_the_post_theirs():
    html = """<html><head><title>Notes</title></head><body>
    <article class="h-entry"><h1 class="p-name">Shipping lessons</h1>
    <a class="p-author h-card" href="https://lucia.example/">Lucía Fernández</a>
    <div class="e-content"><p>I moved our freight to a carrier that publishes its on-time rate.
    </p></div>
    <div class="h-cite"><a class="p-author h-card" href="https://b.example/">Bob Reyes</a>
    <p>Great post!</p></div></article></body></html>"""
    r = extract_page(html, "https://lucia.example/notes/1", Person("Lucia Fernandez"))
    assert r.is_own_page and r.author == "Lucía Fernández"
    assert fields(r)["url"] == ["https://lucia.example/"]
    assert kept(r) == ["I moved our freight to a carrier that publishes its on-time rate."]
    bob = extract_page(html, "https://lucia.example/notes/1", Person("Bob Reyes"))
    assert not bob.is_own_page and kept(bob) == []


def test_the_persons_company_is_not_another_person():
    without = reasons(run("noticia_es.html", "https://diario.example/n/1", "Ana García Rojas"))
    with_co = reasons(run("noticia_es.html", "https://diario.example/n/1", "Ana García Rojas",
                          company="Brightline Freight"))
    title = "Brightline Freight apuesta por el comercio transfronterizo"
    assert without[title] == "about someone else: Brightline Freight"
    assert with_co[title] == "does not mention the person"
