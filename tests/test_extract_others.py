"""Sentences about somebody else stay out of the person's notes: a rival introduced by a role,
an unnamed analyst who speaks, a pronoun of another person, a Spanish speech verb."""

from __future__ import annotations

import pytest

from prospect.extract.attribution import attribute


def kept(paragraphs: list[str], name: str = "Ana Ruiz", **kw: bool) -> list[str]:
    return [d.text for d in attribute(paragraphs, name, **kw) if d.keep]


def test_a_rival_and_his_words_are_not_hers() -> None:
    got = kept(["Ana Ruiz, chief executive of Olivar, opened the first store in Lima on "
                "Monday.", "She wants ten more stores by 2027.",
                "Her rival, Pedro Gil of Grupo Norte, was not impressed.",
                "He said the market is already crowded.",
                "Ruiz disagreed and said prices in Lima would hold."])
    assert got == ["Ana Ruiz, chief executive of Olivar, opened the first store in Lima on "
                   "Monday.", "She wants ten more stores by 2027.",
                   "Ruiz disagreed and said prices in Lima would hold."]


def test_an_unnamed_analyst_who_speaks_is_not_her() -> None:
    got = kept(["Ana Ruiz said the plan was ready.",
                "“It is too early,” said one analyst at a Madrid bank.",
                "Another analyst said delays are likely.",
                "“We will open on time,” she said."])
    assert got == ["Ana Ruiz said the plan was ready.", "“We will open on time,” she said."]


def test_a_pronoun_of_the_other_gender_is_someone_else() -> None:
    got = kept(["Ana Ruiz joined Olivar in 2010.", "She replaced the founder.",
                "His plan had been to sell the stores.",
                "She reversed that decision within her first month."])
    assert "His plan had been to sell the stores." not in got
    assert "She reversed that decision within her first month." in got


def test_a_job_title_does_not_fix_a_gender() -> None:
    # "director" is said of anyone: her later sentences stay hers
    got = kept(["Olivar's director Ana Ruiz spoke on Monday.",
                "She said the stores would open in May."])
    assert got[-1] == "She said the stores would open in May."


@pytest.mark.parametrize("verb", ["advirtió", "afirmó", "señaló", "añadió"])
def test_a_spanish_speech_verb_marks_another_speaker(verb: str) -> None:
    got = kept(["La consejera delegada de Olivar, Ana Ruiz, presentó el plan el lunes.",
                f"El ministro de Economía, Luis Prado, {verb} que el déficit preocupa.",
                "Ruiz quiere abrir diez tiendas."])
    assert not any("Prado" in t for t in got)
    assert "Ruiz quiere abrir diez tiendas." in got


def test_the_role_that_opened_their_sentence_brings_the_passage_back() -> None:
    got = kept(["El periodista ruso premiado con el Nobel de la Paz, Dmitri Volkov, habló en "
                "Ginebra el martes.",
                "La conferencia reunió a diplomáticos de cuarenta países en la sede de la ONU.",
                "Los organizadores repartieron café y agua entre los asistentes de la mañana.",
                "Hubo largas colas en la entrada durante casi toda la primera hora del acto.",
                "Los traductores trabajaron en seis idiomas durante toda la jornada del martes.",
                "Según el periodista, la censura es hoy más dura que hace diez años en Rusia."],
               "Dmitri Volkov")
    assert got[-1] == "Según el periodista, la censura es hoy más dura que hace diez años en Rusia."
    assert not any(t.startswith("Los organizadores") for t in got)


def test_the_official_the_page_calls_her_continues_her_passage() -> None:
    got = kept(["La ministra de Salud, Ana Ruiz, advirtió el lunes que faltan camas en los "
                "hospitales.",
                "La funcionaria explicó que el plan busca contratar 500 enfermeras antes de julio.",
                "Por su parte, el sindicato de enfermeras pidió mejores salarios para todos."],
               subject=True)
    assert "La funcionaria explicó que el plan busca contratar 500 enfermeras antes de " \
           "julio." in got
    assert not any(t.startswith("Por su parte") for t in got)


def test_someone_with_a_title_speaking_about_her_is_not_her() -> None:
    got = kept(["Jane Smith, who took over as chief executive of Harbor Foods in March, wants "
                "to cut delivery times in half.",
                "“Jane is the right person for this,” said board chairman Tom Reyes.",
                "Smith plans to open a new plant in Ohio next year."], "Jane Smith",
               subject=True)
    assert not any("Tom Reyes" in t for t in got)
    assert "Smith plans to open a new plant in Ohio next year." in got


def test_a_transcript_gives_her_lines_and_never_the_hosts() -> None:
    got = kept(["Host: Welcome back. Today I'm talking to Ana Ruiz of Olivar.",
                "Ana Ruiz: Thanks for having me.",
                "Host: What's your biggest worry this year?",
                "Ana Ruiz: Honestly, the price of glass bottles. It has doubled since 2022.",
                "Host: And your plans for next year?",
                "Ana Ruiz: We want to sell directly to restaurants in Lima."], subject=True)
    assert "It has doubled since 2022." in got
    assert "Ana Ruiz: We want to sell directly to restaurants in Lima." in got
    assert not any("talking to Ana Ruiz" in t or t.startswith("Host") for t in got)


def test_a_place_before_a_colon_is_not_a_speaker() -> None:
    got = kept(["Buenos Aires: Ana Ruiz dijo el lunes que Olivar abrirá una planta en Perú."])
    assert got == ["Buenos Aires: Ana Ruiz dijo el lunes que Olivar abrirá una planta en Perú."]


def test_another_speaker_quoting_her_name_and_going_on_is_not_her() -> None:
    got = kept(["Pedro Gil, CEO of Grupo Norte, said his company wants to buy Olivar.",
                "“Ana Ruiz has built a great business,” he said.",
                "He added that the deal could close by the end of June.",
                "Ruiz declined to comment on the offer from Grupo Norte."])
    assert got == ["Ruiz declined to comment on the offer from Grupo Norte."]


def test_a_spanish_interview_set_off_with_dashes_gives_her_the_answers() -> None:
    got = kept(["Entrevista con Ana Ruiz, directora de Olivar.",
                "—¿Cuál es su principal objetivo para este año?",
                "—Queremos abrir la planta de Lima antes de julio.",
                "—¿Y qué le preocupa?", "—El precio del vidrio. Se ha duplicado desde 2022.",
                "—¿Van a contratar?", "—Sí, unas cuarenta personas en logística."],
               subject=True)
    assert "—Queremos abrir la planta de Lima antes de julio." in got
    assert "Se ha duplicado desde 2022." in got
    assert not any("¿" in t for t in got)


def test_a_second_surname_the_page_adds_is_still_her() -> None:
    got = kept(["María José García Pérez, consejera delegada, presentó el plan el lunes.",
                "García Pérez quiere abrir diez tiendas en Perú el año que viene.",
                "Pedro Pérez, su rival en el sector, no quiso opinar sobre el plan."],
               "María José García", subject=True)
    assert "García Pérez quiere abrir diez tiendas en Perú el año que viene." in got
    assert not any(t.startswith("Pedro Pérez") for t in got)


def test_names_listed_after_hers_are_not_hers() -> None:
    got = kept(["Ana Ruiz, Pedro Gil and Luis Prado met on Monday in Madrid.",
                "Pedro Gil said the deal was off after the meeting."], subject=True)
    assert "Pedro Gil said the deal was off after the meeting." not in got


def test_a_relation_before_a_name_is_someone_else() -> None:
    got = kept(["Olivar has named Ana Ruiz its chief operating officer.",
                "Her predecessor, John Harmon, is retiring after 20 years.",
                "He said he plans to spend more time with his family."])
    assert got == ["Olivar has named Ana Ruiz its chief operating officer."]


def test_a_name_with_a_title_after_it_ends_her_passage() -> None:
    # "she said" after another woman is introduced is that woman, not the person
    got = kept(["Ana Ruiz, the chief operating officer of Olivar, spoke on Tuesday.",
                "“We want to double our warehouse capacity,” she said.",
                "Also on the panel was Karen Mills, chief executive of Beta Logistics.",
                "“Our biggest worry is a shortage of drivers,” she said."])
    assert got == ["Ana Ruiz, the chief operating officer of Olivar, spoke on Tuesday.",
                   "“We want to double our warehouse capacity,” she said."]


def test_her_boss_speaking_is_not_her() -> None:
    got = kept(["Ana Ruiz's boss, Tom Reyes, said the company wants to expand into Asia.",
                "He added that he worries about debt."], subject=True)
    assert got == []


@pytest.mark.parametrize("other", [
    "Others, like Karen Mills of Beta, worry that costs will rise.",
    "In an interview, Karen Mills, Beta's chairwoman, said the board wants faster growth.",
])
def test_another_named_speaker_ends_the_passage(other: str) -> None:
    got = kept(["Ana Ruiz leads operations at Olivar.", other,
                "She thinks the market will shrink."], subject=True)
    assert got == ["Ana Ruiz leads operations at Olivar."]


def test_a_speaker_named_by_a_title_she_was_never_given_goes_on_speaking() -> None:
    got = kept(["Ana Ruiz, directora de Olivar, habló el lunes en Lima.",
                "«Queremos abrir diez tiendas», dijo Ruiz.",
                "«Hay que subir los salarios», afirmó el secretario general del sindicato.",
                "«Nos preocupa la inflación», dijo."], subject=True)
    assert got == ["Ana Ruiz, directora de Olivar, habló el lunes en Lima.",
                   "«Queremos abrir diez tiendas», dijo Ruiz."]


def test_a_short_sentence_of_names_and_one_verb_is_still_a_sentence() -> None:
    got = kept(["Pedro Sánchez Ruiz dirige Transportes Norte.", "Transportes Norte"],
               "Pedro Sánchez Ruiz")
    assert got == ["Pedro Sánchez Ruiz dirige Transportes Norte."]


@pytest.mark.parametrize("speaker", [
    "A former employee said morale at the depot was low.",
    "One longtime supplier said payments had slowed.",
    "A person familiar with the talks said the board was split.",
    "Her deputy said the rollout had slipped.",
])
def test_someone_unnamed_who_speaks_goes_on_speaking(speaker: str) -> None:
    lead = ["Ana Ruiz, chief executive of Olivar, opened the first store in Lima on Monday.",
            "She wants ten more stores by 2027."]
    got = kept([*lead, speaker, "She added that the chain could run out of cash by spring."],
               subject=True)
    assert got == lead


def test_a_speaker_of_the_other_gender_or_a_group_does_not_take_her_pronoun() -> None:
    lead = ["Ana Ruiz, chief executive of Olivar, opened the first store in Lima on Monday."]
    mine = "She added that the chain would hire two hundred people."
    for other in ("A spokesman for the landlord said the rent was fair.",
                  "Analysts said the shares were cheap.",
                  "The company said sales rose five percent."):
        got = kept([*lead, other, mine], subject=True)
        assert got == [*lead, mine], other


def test_a_title_the_page_never_gave_her_is_someone_else() -> None:
    got = kept(["Ana Ruiz, chief executive of Olivar, opened the first store in Lima on Monday.",
                "The mayor said the city would welcome the jobs.",
                "The chief executive said the next store would open in Cusco."], subject=True)
    assert "The mayor said the city would welcome the jobs." not in got
    assert "The chief executive said the next store would open in Cusco." in got


def test_an_unnamed_spanish_speaker_keeps_the_turn() -> None:
    lead = ["Ana Ruiz, presidenta de Olivar, anunció que la empresa abrirá tres tiendas en Lima."]
    for other in ("Un trabajador dijo que el ambiente en el almacén es malo.",
                  "El alcalde aseguró que la ciudad recibirá los empleos."):
        got = kept([*lead, other, "Además, explicó que faltan conductores."], subject=True)
        assert got == lead, other


@pytest.mark.parametrize("sentence", [
    "Tom Reyes said Dana Whitfield wants to sell the company.",
    "Analyst Mia Chen said Dana Whitfield faces a hard year.",
    "Mia Chen, an analyst at Bernstein, believes Whitfield will cut jobs.",
    "In a letter to Dana Whitfield, Senator Ron Blake demanded lower prices.",
    "Senator Ron Blake criticized Dana Whitfield over the layoffs.",
    "“Dana Whitfield is the best operator I know,” said Tom Reyes.",
])
def test_someone_else_as_the_subject_of_a_sentence_naming_her_is_not_her(sentence: str) -> None:
    lead = "Dana Whitfield, chief executive of Harbor Foods, plans three new depots."
    assert kept([lead, sentence], "Dana Whitfield", subject=True) == [lead]


@pytest.mark.parametrize("sentence", [
    "Harbor Foods will spend $40 million on its depots, chief executive Dana Whitfield told "
    "analysts on Monday.",
    "“We will open all three depots by June,” said Whitfield.",
    "Dana Whitfield told Tom Reyes that the depots would open in June.",
    "Unlike her rivals, Whitfield wants to own every truck she uses.",
])
def test_her_own_sentences_that_name_others_stay_hers(sentence: str) -> None:
    lead = "Dana Whitfield, chief executive of Harbor Foods, plans three new depots."
    assert kept([lead, sentence], "Dana Whitfield", subject=True) == [lead, sentence]


@pytest.mark.parametrize("sentence", [
    "El ministro Pedro Gil aseguró que Ana Ruiz quiere vender la empresa.",
    "«Ana Ruiz es la mejor gestora del sector», dijo Pedro Gil.",
])
def test_another_spanish_speaker_naming_her_is_not_her(sentence: str) -> None:
    lead = "Ana Ruiz, presidenta de Olivar, anunció que abrirá tres tiendas en Lima."
    assert kept([lead, sentence], subject=True) == [lead]


def test_a_person_brought_in_by_a_title_is_someone_else_by_surname_later() -> None:
    lead = ("Nora Quinn, chief executive of Olivar, spoke on Tuesday with Harbor Bank "
            "chairman Victor Hale about the new stores.")
    got = kept([lead, "Hale introduced Quinn to the audience as a careful builder.",
                "Quinn said she wants four stores in Lima by June."], "Nora Quinn", subject=True)
    assert got == [lead, "Quinn said she wants four stores in Lima by June."]


def test_her_quote_right_after_someone_else_is_hers() -> None:
    got = kept(["Nora Quinn, chief executive of Olivar, opened a store in Lima.",
                "Her rival, Pedro Gil, says the market is crowded.",
                "“We will have four stores in Lima by June,” Quinn said.",
                "Another priority is a depot in the Andes, Quinn said.",
                "Olivar grows fastest in the United States, Quinn said."], "Nora Quinn",
               subject=True)
    assert "“We will have four stores in Lima by June,” Quinn said." in got
    assert "Another priority is a depot in the Andes, Quinn said." in got
    assert "Olivar grows fastest in the United States, Quinn said." in got
