"""Who the page is about: later surname sentences in news about a person, Q&A answers,
quotes before the name, people spoken to, and a Spanish page that says lang="en"."""

from __future__ import annotations

from extract_support import kept, reasons, run

from prospect.extract.attribution import attribute


def test_news_about_a_person_keeps_later_surname_sentences() -> None:
    r = run("news_surname_en.html", "https://news.example/borrell", "Josep Borrell")
    assert r.is_about
    assert "Borrell wants the bloc to sign two new trade agreements before the end of the year." \
        in kept(r)
    assert "Borrell is worried that rising shipping costs will hurt European exporters." in kept(r)
    # the headline and the journalist's narration are not his
    assert "Josep Borrell sets out the bloc's new trade agenda" not in kept(r)
    assert "The meeting lasted more than six hours, officials said." not in kept(r)


def test_the_journalist_of_the_news_gets_nothing() -> None:
    r = run("news_surname_en.html", "https://news.example/borrell", "Carla Menéndez")
    assert r.author == "Carla Menéndez"
    assert not r.sentences


def test_interview_answers_are_theirs_and_questions_are_not() -> None:
    r = run("interview_qa_en.html", "https://mag.example/raman", "Priya Raman")
    why = reasons(r)
    assert "Our main goal is to cut the energy use of every site by a fifth." in kept(r)
    assert "We also want to put solar panels on the four largest roofs." in kept(r)
    assert ("The grid connection is the biggest risk, because the utility is slow to approve "
            "new links.") in kept(r)
    assert why["What worries you most about that plan?"] == "the interviewer's question"
    assert "What are your priorities for the coming year?" not in kept(r)
    assert "Interview: Priya Raman on building greener warehouses" not in kept(r)


def test_the_interviewer_gets_none_of_the_answers() -> None:
    r = run("interview_qa_en.html", "https://mag.example/raman", "Tom Fielding")
    assert r.author == "Tom Fielding"
    assert not r.sentences


def test_a_quote_before_the_name_is_theirs_and_not_the_next_speakers() -> None:
    nicole = run("quote_before_name_en.html", "https://news.example/florists", "Nicole Sanders")
    mark = run("quote_before_name_en.html", "https://news.example/florists", "Mark Owens")
    hers = ("“We want to deliver to every town in the county by next spring,” says Nicole "
            "Sanders, who owns Bloom & Stem.")
    his = ("“Our biggest fear is that the delivery apps will take a third of every order,” said "
           "Mark Owens, who runs a shop in the next town.")
    assert kept(nicole) == [hers]
    assert kept(mark) == [his]


def test_someone_speaking_to_the_person_is_not_them() -> None:
    paragraphs = [
        "Tim Cook spoke at the conference on Tuesday.",
        '"I run my business on my phone," he told Cook.',
        'Customers "began to say we want you to do this and that," Cook told Benioff.',
        "Here, we spoke with Cook about the company's plans.",
    ]
    got = {d.text: d for d in attribute(paragraphs, "Tim Cook", subject=True)}
    assert not got['"I run my business on my phone," he told Cook.'].keep
    assert got['Customers "began to say we want you to do this and that," Cook told Benioff.'
               ].keep
    assert not got["Here, we spoke with Cook about the company's plans."].keep


def test_a_place_or_a_newspaper_is_not_another_speaker() -> None:
    paragraphs = [
        "Debra Symonette runs the grocery chain.",
        "“We are stumped as to when this will end,” she told Guardian Business.",
        "“We’re doing our best to beat the price hikes,” she added.",
        "South Dakota can lead the country in this effort, Symonette said.",
    ]
    got = list(attribute(paragraphs, "Debra Symonette"))
    assert all(d.keep for d in got), [(d.text, d.reason) for d in got]


def test_a_role_the_page_gave_them_continues_the_passage() -> None:
    paragraphs = [
        "El periodista ruso Dmitry Muratov habló el martes en Ginebra.",
        "Según el periodista, el despliegue de armas no sería el fin de la guerra.",
    ]
    got = attribute(paragraphs, "Dmitry Muratov")
    assert [d.keep for d in got] == [True, True]


def test_surname_after_a_full_mention_far_away_is_still_them() -> None:
    paragraphs = ["Silvina del Pópolo presentó el calendario de evaluaciones."]
    paragraphs += [f"El punto {i} del calendario se cumplirá en marzo." for i in range(8)]
    paragraphs += ["Del Pópolo destacó que los colegios quieren ser evaluados."]
    got = attribute(paragraphs, "Silvina del Pópolo")
    assert got[-1].keep and got[-1].reason == "surname"


def test_a_shared_surname_stays_with_the_passage_rule() -> None:
    paragraphs = ["Ana García Rojas leads the company.", "Pedro García joined in 2019.",
                  "The office moved to Monterrey in 2020.", "The team grew to forty people.",
                  "It now serves six countries.", "Sales doubled last year.",
                  "García spends his weekends coaching football."]
    got = attribute(paragraphs, "Ana García Rojas", other_names=["Pedro García"], subject=True)
    assert not got[-1].keep


def test_a_spanish_page_declared_english_is_read_as_spanish() -> None:
    r = run("espanol_lang_en.html", "https://news.example/valencia", "Lucía Ferrer")
    assert r.lang == "es"
    assert {s.lang for s in r.sentences} == {"es"}
    assert "Ella teme que la falta de conductores retrase la apertura del centro." in kept(r)


def test_an_essay_with_rhetorical_questions_is_not_an_interview() -> None:
    paragraphs = ["Ana Ruiz on the future of retail",
                  "Why do shops close?", "Rents keep rising in every city.",
                  "Who is to blame?", "Landlords and banks share the blame."]
    got = attribute(paragraphs, "Ana Ruiz", subject=True)
    assert not any(d.keep for d in got[1:])


def test_a_possessive_is_still_their_name_but_a_first_name_possessive_is_not() -> None:
    got = attribute(["Jamie Dimon’s bank will cut costs next year."], "Jamie Dimon")
    assert got[0].keep and got[0].reason == "name"
    got = attribute(["Ivan Braiker joins the company.",
                     "“We look forward to using Ivan’s insight,” said Avinoam Rubinstain."],
                    "Ivan Braiker")
    assert not got[1].keep


def test_someone_else_reporting_on_them_is_not_theirs() -> None:
    paragraphs = [
        "Jamie Dimon leads the bank.",
        "A bank spokesman said Dimon would not comment on the deal.",
        "“The plan is risky,” said analyst Mike Mayo.",
        "He added that Dimon faces pressure from investors.",
        "Dimon wants to expand into twelve new states.",
    ]
    got = attribute(paragraphs, "Jamie Dimon", subject=True)
    assert [d.keep for d in got] == [True, False, False, False, True], \
        [(d.text, d.reason) for d in got]


def test_a_colon_quote_introduced_by_someone_else_is_not_theirs() -> None:
    paragraphs = ["Héctor Vargas habló antes del partido.",
                  "Sobre el rival: “Tiene buenos jugadores y mucha inversión”.",
                  "Por su parte, el ministro: “No habrá más fondos este año”."]
    got = attribute(paragraphs, "Héctor Vargas", subject=True)
    assert [d.keep for d in got] == [True, True, False]


MINISTRA = [
    "La ministra de Industria, Marta Gil Romero, presentó ayer el plan de apoyo a las pymes.",
    "La titular de Industria advirtió que muchas empresas no podrán afrontar los pagos.",
    "«Nos preocupa que el crédito se encarezca todavía más», declaró la ministra.",
    "En su opinión, la falta de mano de obra cualificada puede frenar el crecimiento.",
    "Asimismo, alertó de que la sequía amenaza a la industria agroalimentaria.",
    "Por otro lado, consideró que la inflación sigue siendo una amenaza.",
    "El plan, detalló, contempla créditos blandos para 5.000 empresas.",
]


def test_spanish_news_keeps_what_the_minister_goes_on_saying() -> None:
    # a role ("la titular de Industria"), the role after the verb ("declaró la ministra"),
    # an opening phrase before a subject-less verb, and a verb of saying set off by commas
    got = [d.text for d in attribute(MINISTRA, "Marta Gil Romero", subject=True) if d.keep]
    assert got == MINISTRA


def test_a_connective_before_a_verb_of_saying_is_not_a_name() -> None:
    decisions = attribute(MINISTRA[:1] + ["Asimismo, alertó de que la sequía amenaza al campo."],
                          "Marta Gil Romero", subject=True)
    assert "Asimismo" not in decisions[1].reason and decisions[1].keep


def test_the_role_the_page_gave_him_keeps_his_passage_going() -> None:
    paragraphs = [
        "El gerente general de Frutas del Sur, Pedro Ruiz Soto, habló ayer con este diario.",
        "A juicio del gerente, el mayor problema es la falta de contenedores.",
        "En declaraciones a este diario, el gerente explicó que buscan abrir una planta en Perú.",
        "Consultado sobre los precios, el ejecutivo reconoció que el flete los obliga a subir "
        "tarifas."]
    assert all(d.keep for d in attribute(paragraphs, "Pedro Ruiz Soto", subject=True))


def test_her_title_before_the_verb_is_her_speaking_not_the_company() -> None:
    got = attribute(["Dana Whitfield, chief executive of Acme Logistics, spoke on Tuesday.",
                     "In a statement, the chief executive said the company wants to double "
                     "its fleet."], "Dana Whitfield", subject=True)
    assert [d.keep for d in got] == [True, True], got[1].reason
