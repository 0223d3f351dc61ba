"""Explicit classification cases: the issue's examples, negation, every category, other kinds."""

from __future__ import annotations

import pytest

from prospect.analyse.classify import Classification, classify, detect_lang

ISSUE_EXAMPLES = [
    ("está al frente de la apertura de 15 tiendas en Colombia", "es", "goal", "growth"),
    ("quiere recortar a la mitad el tiempo de cierre contable", "es", "goal", "efficiency"),
    ("teme que la integración con el ERP retrase el lanzamiento", "es", "risk", "implementation"),
    ("le inquieta depender de un único proveedor", "es", "risk", "vendor"),
    ("her team's priority this year is cutting customer churn by a third", "en", "goal",
     "customer"),
    ("I'm wary of tools my engineers won't actually adopt", "en", "risk", "adoption"),
    ("we can't afford another budget overrun like last year's", "en", "risk", "budget"),
    ("he plans to open a second plant in Monterrey by 2026", "en", "goal", "growth"),
]


@pytest.mark.parametrize(("text", "lang", "kind", "category"), ISSUE_EXAMPLES)
def test_issue_examples(text: str, lang: str, kind: str, category: str) -> None:
    result = classify(text, lang)
    assert (result.kind, result.category) == (kind, category), result.matched
    assert result.lang == lang
    assert 0.5 <= result.confidence <= 0.95


@pytest.mark.parametrize(("text", "lang", "kind", "category"), ISSUE_EXAMPLES)
def test_issue_examples_detect_their_language(text: str, lang: str, kind: str,
                                              category: str) -> None:
    result = classify(text)
    assert result.lang == lang
    assert (result.kind, result.category) == (kind, category)


# Each category twice per language, worded away from the lexicon's first entries:
# inflections, synonyms, first and third person.
CATEGORY_CASES = [
    ("She is steering the chain's rollout into three new provinces.", "goal", "growth"),
    ("We aim to grow our share of the Brazilian market next year.", "goal", "growth"),
    ("Her mandate is to slash the hours her accountants spend reconciling.", "goal",
     "efficiency"),
    ("He hopes to automate most of the purchase-order approvals.", "goal", "efficiency"),
    ("The priority is fewer late deliveries and zero stockouts at peak.", "goal", "reliability"),
    ("He is committed to keeping the lines running without unplanned stops.", "goal",
     "reliability"),
    ("She wants to modernize the claims system with machine learning.", "goal", "innovation"),
    ("They're betting on digitizing every paper form by spring.", "goal", "innovation"),
    ("His objective is to be fully compliant with the new audit rules.", "goal", "compliance"),
    ("The team is working towards ISO 14001 certification.", "goal", "compliance"),
    ("She plans to hire forty technicians and train them in-house.", "goal", "people"),
    ("We want to cut staff turnover in the warehouses.", "goal", "people"),
    ("Her goal is to lift customer satisfaction scores above 90.", "goal", "customer"),
    ("He wants clients to get answers in one call.", "goal", "customer"),
    ("The CFO worries the project will go over budget.", "risk", "budget"),
    ("She's concerned that licence fees keep rising every year.", "risk", "budget"),
    ("He is reluctant to switch providers mid-contract.", "risk", "switching"),
    ("They fear that replacing the current system means retraining everyone.", "risk",
     "switching"),
    ("She worries the integration will drag on past the deadline.", "risk", "implementation"),
    ("He's nervous about another delayed deployment.", "risk", "implementation"),
    ("They're concerned about downtime on the production lines during the cutover.", "risk",
     "operations"),
    ("Any outage at the distribution centres would halt shipping, he warns.", "risk",
     "operations"),
    ("She doubts her field teams will adopt yet another app.", "risk", "adoption"),
    ("He fears the nurses will resist the change.", "risk", "adoption"),
    ("She is wary of depending on a single vendor for payroll.", "risk", "vendor"),
    ("They worry the startup might be acquired or go under.", "risk", "vendor"),
    ("He is worried about a data breach exposing patient records.", "risk", "security"),
    ("She's anxious about who can access customer data in the cloud.", "risk", "security"),
    ("If this fails, his credibility with the board is on the line.", "risk", "personal"),
    ("She fears a failed project could cost her the job.", "risk", "personal"),
    ("Está liderando la expansión de la cadena a nuevas provincias.", "goal", "growth"),
    ("Queremos crecer en cuota de mercado en Brasil el próximo año.", "goal", "growth"),
    ("Su encargo es reducir las horas que el equipo dedica a conciliar.", "goal", "efficiency"),
    ("Busca automatizar la aprobación de las órdenes de compra.", "goal", "efficiency"),
    ("Su prioridad es que haya menos entregas tardías y cero roturas de stock.", "goal",
     "reliability"),
    ("Está empeñado en que las líneas funcionen sin paradas no planificadas.", "goal",
     "reliability"),
    ("Quiere modernizar el sistema de siniestros con aprendizaje automático.", "goal",
     "innovation"),
    ("Apuestan por digitalizar todos los formularios en papel antes de la primavera.", "goal",
     "innovation"),
    ("Su objetivo es cumplir por completo las nuevas normas de auditoría.", "goal",
     "compliance"),
    ("El equipo trabaja para obtener la certificación ISO 14001.", "goal", "compliance"),
    ("Planea contratar a cuarenta técnicos y formarlos internamente.", "goal", "people"),
    ("Queremos reducir la rotación del personal en los almacenes.", "goal", "people"),
    ("Su meta es elevar la satisfacción de los clientes por encima de 90.", "goal", "customer"),
    ("Quiere que los clientes obtengan respuesta en una sola llamada.", "goal", "customer"),
    ("Al director financiero le preocupa que el proyecto se salga del presupuesto.", "risk",
     "budget"),
    ("Le inquieta que las licencias suban de precio cada año.", "risk", "budget"),
    ("Se muestra reacia a cambiar de proveedor a mitad de contrato.", "risk", "switching"),
    ("Temen que sustituir el sistema actual obligue a formar a todos otra vez.", "risk",
     "switching"),
    ("Le preocupa que la integración se alargue más allá del plazo.", "risk", "implementation"),
    ("Teme otro despliegue con retraso.", "risk", "implementation"),
    ("Les preocupan las paradas de las líneas de producción durante el cambio.", "risk",
     "operations"),
    ("Cualquier caída en los centros de distribución paralizaría los envíos, advierte.", "risk",
     "operations"),
    ("Duda de que sus equipos de campo adopten otra aplicación más.", "risk", "adoption"),
    ("Teme que las enfermeras se resistan al cambio.", "risk", "adoption"),
    ("Desconfía de depender de un solo proveedor para las nóminas.", "risk", "vendor"),
    ("Les inquieta que la startup sea comprada o quiebre.", "risk", "vendor"),
    ("Le preocupa una filtración que exponga los historiales de los pacientes.", "risk",
     "security"),
    ("Le angustia quién puede acceder a los datos de clientes en la nube.", "risk", "security"),
    ("Si esto fracasa, se juega su credibilidad ante el consejo.", "risk", "personal"),
    ("Teme que un proyecto fallido le cueste el puesto.", "risk", "personal"),
]


@pytest.mark.parametrize(("text", "kind", "category"), CATEGORY_CASES)
def test_every_category(text: str, kind: str, category: str) -> None:
    result = classify(text)
    assert (result.kind, result.category) == (kind, category), result.matched


def test_category_cases_cover_every_category_twice_per_language() -> None:
    from prospect.store.models import GOAL_CATEGORIES, RISK_CATEGORIES

    for lang in ("en", "es"):
        cats = [c for t, _, c in CATEGORY_CASES if detect_lang(t) == lang]
        for cat in (*GOAL_CATEGORIES, *RISK_CATEGORIES):
            assert cats.count(cat) >= 2, (lang, cat)


NEGATIONS = [
    ("No le preocupa el precio; lo que valora es la rapidez.", "es"),
    ("No teme la integración, su equipo ya lo ha hecho antes.", "es"),
    ("Sin miedo a cambiar de proveedor, pide propuestas a tres empresas.", "es"),
    ("De momento no planea abrir nuevas tiendas.", "es"),
    ("Nunca le ha inquietado la seguridad de la nube.", "es"),
    ("He is not worried about the cost of the platform.", "en"),
    ("She isn't concerned about integration; her IT team has done it many times.", "en"),
    ("They have no plans to open new plants this year.", "en"),
    ("He's never been afraid of switching vendors.", "en"),
    ("Security is not a concern for the marketing team.", "en"),
]


@pytest.mark.parametrize(("text", "lang"), NEGATIONS)
def test_negation_cancels_the_cue(text: str, lang: str) -> None:
    result = classify(text, lang)
    assert result.kind not in ("goal", "risk"), result.matched
    assert any(m.startswith("negated") for m in result.matched)


@pytest.mark.parametrize(("positive", "negative"), [
    ("Le preocupa el precio.", "No le preocupa el precio."),
    ("He is worried about the cost.", "He is not worried about the cost."),
    ("Planea abrir nuevas tiendas.", "No planea abrir nuevas tiendas."),
])
def test_negation_flips_an_otherwise_identical_sentence(positive: str, negative: str) -> None:
    assert classify(positive).kind in ("goal", "risk")
    assert classify(negative).kind == "other"


@pytest.mark.parametrize(("text", "category"), [
    ("She doesn't want to depend on one supplier again.", "vendor"),
    ("No quiere quedar atado a un solo proveedor.", "vendor"),
    ("He wants to avoid another budget overrun.", "budget"),
    ("Quiere evitar otro sobrecoste.", "budget"),
])
def test_avoiding_a_risk_topic_is_a_risk(text: str, category: str) -> None:
    result = classify(text)
    assert (result.kind, result.category) == ("risk", category), result.matched


@pytest.mark.parametrize(("text", "kind"), [
    ("Ana Ruiz is the Chief Operating Officer at Vela Foods.", "bio"),
    ("He joined the company in 2019 after a decade at McKinsey.", "bio"),
    ("Es directora de compras de Grupo Sur desde 2020.", "bio"),
    ("Estudió Económicas en la Universidad de Chile.", "bio"),
    ("She led the team that won the 2024 Logistics Award.", "achievement"),
    ("Duplicó las ventas de la región en dos años.", "achievement"),
    ("He will speak at the Supply Chain Summit in Chicago.", "event"),
    ("Participará como ponente en el foro de retail de Lima.", "event"),
    ("Outside work she is an avid cyclist.", "interest"),
    ("Le apasiona la fotografía de naturaleza.", "interest"),
    ('"Logistics is a team sport," she told the audience.', "quote"),
    ("«La logística es un deporte de equipo», dijo.", "quote"),
    ("The company reported revenue of $1.2 billion.", "other"),
    ("La empresa tiene su sede en Quito.", "other"),
])
def test_other_kinds(text: str, kind: str) -> None:
    result = classify(text)
    assert result.kind == kind, result.matched
    assert result.category is None


def test_a_quoted_goal_stays_a_goal() -> None:
    result = classify("“We want to open 20 new stores in Peru,” she said.")
    assert (result.kind, result.category) == ("goal", "growth")
    assert classify("«Nos preocupa mucho la seguridad de los datos», explicó.").kind == "risk"


def test_result_shape_and_determinism() -> None:
    text = "He plans to open a second plant in Monterrey by 2026."
    first = classify(text)
    assert isinstance(first, Classification)
    assert first == classify(text)
    assert any(m.startswith("goal cue:") for m in first.matched)
    assert any(m.startswith("goal/growth:") for m in first.matched)


def test_stronger_evidence_means_higher_confidence() -> None:
    weak = classify("She wants new stores.")
    strong = classify("Her top priority is opening 40 new stores across Mexico.")
    assert weak.kind == strong.kind == "goal"
    assert strong.confidence > weak.confidence
    # The model is sure this is nothing to note: a confident `other`, never a goal.
    dated = classify("The article was updated on March 3.")
    assert dated.kind == "other" and dated.confidence >= 0.5


@pytest.mark.parametrize("text", ["", "   ", "12345", "!!!", "a" * 5000])
def test_odd_input_is_other_not_an_error(text: str) -> None:
    result = classify(text)
    assert result.kind == "other" and result.category is None
    assert result.lang in ("en", "es")


@pytest.mark.parametrize(("lang", "expected"), [("ES", "es"), ("es-MX", "es"), ("fr", "es"),
                                                (None, "es"), ("", "es")])
def test_lang_argument_is_normalised_or_detected(lang: str | None, expected: str) -> None:
    assert classify("Le preocupa el presupuesto del proyecto.", lang).lang == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("She joined Acme in 2019 and leads the finance team.", "en"),
    ("Se incorporó a Acme en 2019 y dirige el equipo de finanzas.", "es"),
    ("¿Qué opina?", "es"),
    ("Acme", "en"),
    ("", "en"),
])
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_only_the_first_max_chars_are_read() -> None:
    from prospect.analyse.classify import MAX_CHARS

    padding = "word " * (MAX_CHARS // 5)
    assert classify("He plans to open new stores. " + padding).kind == "goal"
    assert classify(padding + "He plans to open new stores.").kind == "other"


@pytest.mark.parametrize(("text", "lang", "category"), [
    ("Añadió que no quiere depender de un único proveedor para toda la logística, porque una "
     "sola caída puede parar las entregas de una semana.", "es", "vendor"),
    ("She does not want to depend on a single supplier, because one outage would stop "
     "deliveries for a week.", "en", "vendor"),
])
def test_the_fear_named_before_its_reason_decides_the_category(text: str, lang: str,
                                                               category: str) -> None:
    result = classify(text, lang)
    assert (result.kind, result.category) == ("risk", category), result.matched


def test_para_the_preposition_is_not_a_stoppage() -> None:
    result = classify("Busca un proveedor para toda la logística del grupo.", "es")
    assert not any("operations" in m for m in result.matched), result.matched


def test_a_spanish_plan_with_preve_is_a_goal_and_a_forecast_is_not() -> None:
    plan = classify("La empresa prevé abrir 20 tiendas en Chile antes de 2027.", "es")
    assert (plan.kind, plan.category) == ("goal", "growth")
    assert classify("El banco prevé que la inflación baje en marzo.", "es").kind != "goal"


# Spanish news names a worry without "preocupa" or "teme": a difficulty, a lack, something put
# at risk, an attack meant to harm, not knowing when it ends, clients gone to a competitor
@pytest.mark.parametrize("text", [
    "La mayor dificultad es que el personal de planta aprenda a usar la nueva herramienta.",
    "La falta de repuestos deja parados a la mitad de los tractores de la cooperativa.",
    "El retraso de las ayudas pone en peligro la campaña de siembra.",
    "El virus informático busca paralizar los servicios de los ayuntamientos.",
    "No se sabe cuándo volverá a abrir la frontera para los camiones.",
    "Los cambios de horario nos dejan en desventaja frente a las otras aerolíneas.",
    "Los dos mayores exportadores de la zona se marcharon a la competencia en marzo.",
    "El nuevo reglamento provocó a la distribuidora la pérdida de tres contratos públicos.",
    "Con cada subida de tarifas perdemos clientes en los pueblos del interior.",
])
def test_spanish_news_worries_are_risk_cues(text: str) -> None:
    from prospect.analyse.classify import classify_rules

    assert classify_rules(text, "es").kind == "risk"


@pytest.mark.parametrize("text", [
    "Según la directora de la fábrica, la escasez de chips retrasa todas las entregas del año.",
    "A juicio del alcalde, la principal dificultad es pagar la depuradora sin subir impuestos.",
])
def test_a_spanish_worry_framed_by_who_said_it_is_a_risk(text: str) -> None:
    assert classify(text, "es").kind == "risk"


def test_a_spanish_strike_or_inflation_names_the_category_of_a_worry() -> None:
    from prospect.analyse.classify import classify_rules

    strike = classify_rules("Nos preocupa la huelga de los estibadores.", "es")
    prices = classify_rules("Le preocupa que la inflación no dé tregua este año.", "es")
    assert (strike.kind, strike.category) == ("risk", "operations")
    assert (prices.kind, prices.category) == ("risk", "budget")


@pytest.mark.parametrize("text", [
    "El público objetivo de la campaña son los jóvenes de entre 18 y 25 años.",
    "La población objetivo del programa son las familias de los barrios del sur.",
])
def test_who_a_plan_is_for_is_no_goal(text: str) -> None:
    from prospect.analyse.classify import classify_rules

    assert classify_rules(text, "es").kind != "goal"
    assert classify(text, "es").kind != "goal"
