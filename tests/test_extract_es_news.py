"""Spanish news about a person: the shapes that carry their words (a subject-less verb after
"Pero" or "No", "…, dijo González" among other names, their quotation naming someone) and the
ones that belong to somebody else ("…, informó el gremio")."""

from __future__ import annotations

from prospect.extract.attribution import attribute


def _kept(paragraphs: list[str], person: str, subject: bool = False) -> dict[str, bool]:
    return {d.text: d.keep for d in attribute(paragraphs, person, subject=subject)}


def test_a_subject_less_verb_after_a_connector_continues_their_passage() -> None:
    got = _kept([
        "Lucía Ferrer, directora de Operaciones de Naviera Sur, presentó ayer el plan.",
        "Pero aclaró que la compañía no tiene financiación para el segundo muelle.",
        "No descarta que haya nuevos retrasos en la obra este año.",
        "Aduce que la falta de personal cualificado frena la expansión.",
        "Y le preocupa la subida de los costes de la energía.",
    ], "Lucía Ferrer")
    assert all(got.values()), got


def test_the_narrators_copula_after_a_connector_does_not_continue() -> None:
    got = _kept([
        "Lucía Ferrer, directora de Operaciones de Naviera Sur, presentó ayer el plan.",
        "Y es que el puerto lleva dos años perdiendo tráfico frente a sus vecinos.",
    ], "Lucía Ferrer")
    assert not got["Y es que el puerto lleva dos años perdiendo tráfico frente a sus vecinos."]


def test_an_impersonal_se_does_not_continue() -> None:
    got = _kept([
        "Lucía Ferrer, directora de Operaciones de Naviera Sur, presentó ayer el plan.",
        "Se espera que el tráfico de contenedores crezca un diez por ciento.",
    ], "Lucía Ferrer")
    assert not got["Se espera que el tráfico de contenedores crezca un diez por ciento."]


def test_dijo_and_their_surname_make_them_the_speaker_among_other_names() -> None:
    last = ("Los antiguos clientes de la empresa, la alemana Otto Weber y la danesa Nordic "
            "Lines, se fueron a la competencia, dijo Ferrer.")
    got = _kept([
        "La consejera delegada de Naviera Sur, Lucía Ferrer, habló ayer con la prensa.",
        "El puerto ha perdido tráfico desde enero.",
        last,
    ], "Lucía Ferrer")
    assert got[last]


def test_someone_else_saying_dijo_is_still_someone_else() -> None:
    got = _kept([
        "La consejera delegada de Naviera Sur, Lucía Ferrer, habló ayer con la prensa.",
        "Los clientes se fueron a la competencia, dijo Otto Weber, presidente de la patronal.",
        "Ferrer explicó que Otto Weber no conoce el sector.",
    ], "Lucía Ferrer")
    assert not got["Los clientes se fueron a la competencia, dijo Otto Weber, presidente de la "
                   "patronal."]
    assert got["Ferrer explicó que Otto Weber no conoce el sector."]


def test_a_name_inside_their_quotation_does_not_end_their_passage() -> None:
    quote = ("“Contra este proyecto se han pronunciado la Corte Suprema y hasta el arquitecto "
             "Pedro Salinas, que diseñó el museo”, afirmó.")
    after = "“Lo que más nos preocupa es la falta de transparencia en las licitaciones”, añadió."
    got = _kept([
        "La diputada Lucía Ferrer denunció ayer el proyecto del puerto.",
        quote,
        after,
    ], "Lucía Ferrer")
    assert got[quote] and got[after]


def test_the_named_person_outside_the_quotation_is_still_the_speaker() -> None:
    got = _kept([
        "La diputada Lucía Ferrer denunció ayer el proyecto del puerto.",
        "“El proyecto es legal y creará empleo”, respondió Pedro Salinas, alcalde de la ciudad.",
        "“Vamos a recurrir”, insistió.",
    ], "Lucía Ferrer")
    assert not got["“El proyecto es legal y creará empleo”, respondió Pedro Salinas, alcalde de "
                   "la ciudad."]
    assert not got["“Vamos a recurrir”, insistió."]


def test_informo_el_gremio_is_the_union_speaking() -> None:
    got = _kept([
        "Lucía Ferrer, directora de Operaciones de Naviera Sur, presentó ayer el plan.",
        "Además, habrá una rebaja de hasta la mitad del salario de algunos empleados, informó "
        "el gremio en un comunicado.",
    ], "Lucía Ferrer")
    assert not got["Además, habrá una rebaja de hasta la mitad del salario de algunos "
                   "empleados, informó el gremio en un comunicado."]


def test_a_stranger_gets_none_of_the_union_leaders_words() -> None:
    got = _kept([
        "El presidente del sindicato, Álvaro Reinaldo, criticó el acuerdo.",
        "“Va a traer perjuicios en el puerto”, dijo.",
        "Pero aclaró que la huelga seguirá.",
    ], "Lucía Ferrer", subject=True)
    assert not any(got.values()), got


def test_a_role_the_page_gave_them_brings_back_their_passage() -> None:
    para = "Para la consejera delegada, el reto es reducir la dependencia de un solo cliente."
    got = _kept([
        "Lucía Ferrer, consejera delegada de Naviera Sur, presentó los resultados.",
        "La empresa ganó veinte millones en el semestre.",
        "El puerto espera más tráfico este año.",
        "Los analistas del sector son prudentes.",
        "La demanda asiática sigue floja desde el verano.",
        para,
    ], "Lucía Ferrer")
    assert got[para]


def test_another_role_speaking_is_someone_else() -> None:
    got = _kept([
        "Lucía Ferrer, consejera delegada de Naviera Sur, presentó los resultados.",
        "“El acuerdo perjudica al puerto”, afirmó el vicepresidente de la patronal.",
    ], "Lucía Ferrer")
    assert not got["“El acuerdo perjudica al puerto”, afirmó el vicepresidente de la patronal."]


_KICKER_PAGE = """<html lang="es"><head><title>Empresarios quieren rellenar la bahía</title></head>
<body><article><h1>Empresarios quieren rellenar la bahía</h1>
<p>¡Alerta!</p>
<p>Empresarios quieren rellenar la bahía</p>
<p>Por: Redacción -</p>
<p>La diputada Lucía Ferrer advirtió este lunes sobre las intenciones de varios empresarios
de rellenar cincuenta hectáreas de la bahía para levantar hoteles y oficinas privadas.</p>
<p>El relleno abarcaría desde el antiguo muelle hasta la isla, según el estudio ambiental.</p>
<p>La obra necesita todavía el permiso del ministerio y el visto bueno de la alcaldía.</p>
<p>Los vecinos de la zona han presentado ya dos recursos ante los tribunales.</p>
<p>Ferrer considera que el proyecto vulnera la ley de costas y pide que se paralice.</p>
</article></body></html>"""


def test_the_lead_is_the_first_prose_after_a_kicker() -> None:
    from prospect.extract import Person, extract_page

    r = extract_page(_KICKER_PAGE, "https://diario.example/bahia", Person("Lucía Ferrer"))
    assert r.is_about
    assert any(s.text.startswith("Ferrer considera") for s in r.sentences)


_MINISTER = "Izaskun Roldán, ministra de Transportes, visitó ayer el puerto."


def test_a_verb_of_saying_after_a_long_topic_phrase_is_theirs() -> None:
    theirs = ("En cuanto a la seguridad de las instalaciones portuarias, consideró que faltan "
              "inspectores.")
    narration = "Con el ataque a los sistemas del ministerio, fue necesario apagar los servidores."
    got = _kept([_MINISTER, theirs, narration], "Izaskun Roldán")
    assert got[theirs]
    assert not got[narration]


def test_their_view_named_mid_sentence_by_the_role_the_page_gave_them() -> None:
    view = "La situación del puerto, a juicio de la ministra, es crítica por la falta de grúas."
    got = _kept([_MINISTER, "El tráfico cayó un diez por ciento.",
                 "Las navieras miran a otros puertos.", "Los camioneros protestaron el lunes.",
                 "La huelga duró tres días.", "Los sindicatos piden más sueldo.", view],
                "Izaskun Roldán")
    assert got[view]


def test_el_mandatario_continues_the_passage_of_the_president() -> None:
    said = "El mandatario aseguró que el país no pagará ningún rescate a los piratas informáticos."
    got = _kept(["El presidente Izaskun Roldán habló ayer en el Congreso.", said],
                "Izaskun Roldán")
    assert got[said]


def test_no_before_an_opinion_verb_is_not_a_name() -> None:
    said = "No considera que la huelga vaya a durar más de una semana."
    got = _kept([_MINISTER, said], "Izaskun Roldán")
    assert got[said]


def test_their_reply_to_someone_named_is_theirs_and_the_reply_to_them_is_not() -> None:
    theirs = ("Roldán respondió a las críticas del diputado Pedro Gil y aseguró que la falta de "
              "agentes es el mayor problema.")
    his = "El diputado Pedro Gil respondió a Roldán que la frontera está abandonada."
    got = _kept(["La ministra del Interior, Izaskun Roldán, visitó ayer la frontera.", theirs,
                 his, "Gil criticó a Roldán por la falta de agentes."], "Izaskun Roldán")
    assert got[theirs]
    assert not got[his]
    assert not got["Gil criticó a Roldán por la falta de agentes."]


def test_a_long_quoted_answer_is_kept_whole_and_a_long_list_is_not() -> None:
    answer = ("Sobre el calendario de la temporada que arranca en agosto y su petición de jugar "
              "en casa y los horarios de los partidos del domingo: “Queremos jugar en casa todos "
              "los partidos que podamos, porque el equipo rinde mejor con su gente. "
              + "Lo hablamos con la directiva y con los jugadores, y todos están de acuerdo. " * 5
              + "Nos preocupa que la liga cambie las fechas a última hora otra vez”.")
    listing = "Resultados de la jornada, " + "equipo local contra equipo visitante, " * 20 + "fin."
    assert len(answer) > 600 and len(listing) > 600
    got = _kept(["El entrenador Héctor Ruiz compareció ayer ante la prensa.", answer, listing],
                "Héctor Ruiz", subject=True)
    assert got[answer]
    assert not got[listing]


def test_la_funcionaria_inside_their_passage_is_them_and_un_funcionario_is_not() -> None:
    theirs = "Según la funcionaria, la falta de inspectores retrasa los controles en la frontera."
    other = "Según un funcionario del puerto, los controles se hacen en tiempo y forma."
    got = _kept([_MINISTER, theirs, other], "Izaskun Roldán")
    assert got[theirs]
    assert not got[other]


def test_what_they_say_of_someone_named_is_theirs_and_what_that_one_says_is_not() -> None:
    theirs = ("La ministra recordó que el presidente Gabriel Boric prometió más agentes para la "
              "zona norte.")
    his = "El presidente Gabriel Boric dijo que la ministra tiene todo su apoyo."
    got = _kept(["La ministra del Interior, Izaskun Roldán, visitó ayer la frontera.", theirs,
                 his, "Añadió que confía en ella."], "Izaskun Roldán")
    assert got[theirs]
    assert not got[his]
    assert not got["Añadió que confía en ella."]


def test_a_subject_less_verb_after_someone_elses_subject_is_not_theirs() -> None:
    after_test = "Busca medir cuánto saben los alumnos de lengua y matemática."
    after_them = "Busca que los alumnos lean mejor antes de terminar la primaria."
    got = _kept(["Ana Ruiz, directora de Evaluación, presentó ayer las pruebas.",
                 "La prueba nacional la diseña el ministerio desde 2016.", after_test,
                 "Ruiz explicó que el calendario se adelanta un mes.", after_them,
                 "La prueba provincial tiene dos partes.",
                 "Aduce que la pandemia dejó a muchos alumnos atrás."], "Ana Ruiz")
    assert not got[after_test]
    assert got[after_them]
    assert got["Aduce que la pandemia dejó a muchos alumnos atrás."]
