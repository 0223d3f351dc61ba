"""The matcher (EN/ES, accents, categories), the role playbook and the question templates."""

from __future__ import annotations

import pytest
from story_support import CUSTOMER_SUCCESS_EN, FINANCE_ES, TEST_STORY

from prospect.analyse.playbook import guess, match_roles, parse_playbook
from prospect.analyse.questions import question_for
from prospect.analyse.tieback import TieBack, stem, stems
from prospect.errors import ProspectError
from prospect.labels import category_label
from prospect.store.models import GOAL_CATEGORIES, RISK_CATEGORIES
from prospect.story import parse_story


@pytest.fixture(scope="module")
def tie() -> TieBack:
    return TieBack(parse_story(TEST_STORY))


def _first(matches: list) -> str:  # type: ignore[type-arg]
    assert matches, "no match"
    return matches[0].id


def test_stemmer_joins_english_spanish_and_inflections() -> None:
    assert stem("integración") == stem("integration") == stem("integrations")
    assert stem("operaciones") == stem("operations")
    assert stem("proveedores") == stem("proveedor")
    assert stem("closing") == stem("closed") == stem("close")
    assert stems("Cierre de MES") == stems("cierre del mes")  # stop words and case


@pytest.mark.parametrize(("kind", "category", "text", "expected"),
                         FINANCE_ES + CUSTOMER_SUCCESS_EN)
def test_done_when_cases_pick_the_matching_entry(tie: TieBack, kind: str, category: str,
                                                 text: str, expected: str) -> None:
    found = (tie.for_goal if kind == "goal" else tie.for_risk)(category, text)
    assert _first(found) == expected
    assert found[0].category == category
    assert found[0].terms, "a match must say which words it shares"


@pytest.mark.parametrize(("case", "expected"), [
    (FINANCE_ES[0], {"faster-close"}), (FINANCE_ES[1], {"integration", "go-live-guarantee"}),
    (FINANCE_ES[2], {"escrow"}), (CUSTOMER_SUCCESS_EN[0], {"customer-picture"}),
    (CUSTOMER_SUCCESS_EN[1], {"training"}), (CUSTOMER_SUCCESS_EN[2], {"clear-pricing"}),
])
def test_the_shipped_example_story_answers_the_same_cases(case: tuple, expected: set) -> None:  # type: ignore[type-arg]
    from prospect.story import example_story_path, load_story_file

    tie = TieBack(load_story_file(example_story_path()))
    kind, category, text, _ = case
    found = (tie.for_goal if kind == "goal" else tie.for_risk)(category, text)
    assert _first(found) in expected and found[0].terms


def test_text_decides_between_entries_of_the_same_category(tie: TieBack) -> None:
    assert _first(tie.for_goal("efficiency", "Queremos agilizar el picking en el almacén")) \
        == "warehouse-flow"
    assert _first(tie.for_goal("efficiency", "We want to speed up month-end close")) \
        == "faster-close"
    assert _first(tie.for_risk("implementation", "La migración de datos heredados nos asusta")) \
        == "data-migration-team"
    assert _first(tie.for_goal("customer", "Más clientes usan el portal de autoservicio")) \
        == "self-service-portal"


def test_matching_ignores_accents_and_case(tie: TieBack) -> None:
    plain = tie.for_goal("efficiency", "LA CONCILIACION Y EL CIERRE CONTABLE NOS TOMAN SEMANAS")
    assert _first(plain) == "faster-close"
    assert "cierre contable" in plain[0].terms
    assert any("conciliacion" == t for t in plain[0].terms)  # the note's own spelling


def test_category_is_required(tie: TieBack) -> None:
    # perfect words for the close theme, but the goal is about customers
    found = tie.for_goal("customer", "closing the books and month-end reconciliation")
    assert {m.id for m in found} <= {"customer-retention", "self-service-portal"}
    assert found and all(m.terms == [] for m in found)
    assert tie.for_goal("innovation", "anything at all") == []  # nothing serves it
    assert tie.for_risk("switching", "changing tools")[0].id == "pilot"


def test_without_category_only_real_overlap_counts(tie: TieBack) -> None:
    found = tie.for_goal(None, "We audit every posting for compliance")
    assert _first(found) == "audit-trail" and found[0].category is None
    assert tie.for_goal(None, "zebra quantum violin") == []


def test_risks_get_at_most_one_answer_per_kind(tie: TieBack) -> None:
    found = tie.for_risk("adoption", "the team won't adopt another tool")
    assert [m.kind for m in found] == ["tco", "risk_reducer"]
    assert found[0].id == "onboarding" and found[1].id == "pilot"
    assert found[0].as_dict()["why"] == {"category": "adoption", "terms": found[0].terms}


def test_matching_is_deterministic(tie: TieBack) -> None:
    text = FINANCE_ES[1][2]
    again = TieBack(parse_story(TEST_STORY))
    assert [m.as_dict() for m in tie.for_risk("implementation", text)] == \
        [m.as_dict() for m in again.for_risk("implementation", text)]


# -- the role playbook ---------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "role"), [
    ("Chief Financial Officer", "finance"), ("CFO", "finance"),
    ("Gerente de Finanzas", "finance"), ("Contralora", "finance"),
    ("COO", "operations"), ("Directora de Operaciones", "operations"),
    ("Head of IT", "technology"), ("Jefe de Sistemas", "technology"),
    ("Gerente de Ingeniería", "technology"), ("Procurement Manager", "procurement"),
    ("Jefa de Compras", "procurement"), ("Gerente de Abastecimiento", "procurement"),
    ("CEO & Co-Founder", "executive"), ("Fundadora", "executive"),
    ("Director General", "executive"), ("Head of Customer Success", "customer"),
    ("Gerente de Atención al Cliente", "customer"),
])
def test_playbook_recognises_titles_in_english_and_spanish(title: str, role: str) -> None:
    assert role in [r.id for r in match_roles(title)]


@pytest.mark.parametrize("title", [None, "", "Kitchen assistant", "Digital artist"])
def test_playbook_needs_whole_words(title: str | None) -> None:
    assert match_roles(title) == []  # "it" inside "digital" is not IT


def test_playbook_categories_and_labels() -> None:
    finance = guess(["Gerente de Finanzas"])
    assert set(finance.risks) == {"budget", "vendor"}
    assert finance.risks["budget"].label("es") == "Finanzas"
    assert finance.risks["budget"].label("en") == "Finance"
    ops = guess(["COO"])
    assert {"operations", "adoption"} <= set(ops.risks)
    tech = guess(["CTO"])
    assert {"implementation", "security"} <= set(tech.risks)
    ceo = guess(["Fundador y CEO"])
    assert "growth" in ceo.goals and "personal" in ceo.risks
    both = guess([None, "Head of Customer Success", "Chief Financial Officer"])
    assert [r.id for r in both.roles] == ["customer", "finance"]
    assert both.risks["budget"].id == "customer"  # the first title wins a shared category
    for role in both.roles:
        assert set(role.goals) <= set(GOAL_CATEGORIES)
        assert set(role.risks) <= set(RISK_CATEGORIES)


def test_broken_playbook_is_a_clear_error() -> None:
    bad = ('[[roles]]\nid = "x"\nlabel_en = "X"\nlabel_es = "X"\npatterns = ["x"]\n'
           'risks = ["money"]\n')
    with pytest.raises(ProspectError, match="playbook.*unknown categories"):
        parse_playbook(bad)


# -- questions -----------------------------------------------------------------------------------

def test_every_category_has_a_question_in_both_languages() -> None:
    for kind, cats in (("goal", GOAL_CATEGORIES), ("risk", RISK_CATEGORIES)):
        seen: set[str] = set()
        for cat in cats:
            en, es = question_for(kind, cat, "en"), question_for(kind, cat, "es")
            assert en.endswith("?") and es.endswith("?")
            assert "¿" in es and en != es
            seen.add(en)
        assert len(seen) == len(cats)  # one question per category, not a shared one


def test_questions_talk_value_never_discounts() -> None:
    everything = [question_for(k, c, lang) for lang in ("en", "es")
                  for k, cats in (("goal", GOAL_CATEGORIES), ("risk", RISK_CATEGORIES))
                  for c in cats]
    for q in everything:
        low = q.lower()
        assert "discount" not in low and "descuento" not in low and "rebaja" not in low
    assert any("cost" in q for q in everything) and any("costo" in q for q in everything)


def test_unknown_language_falls_back_and_labels_translate() -> None:
    assert question_for("risk", "budget", "fr") == question_for("risk", "budget", "en")
    assert question_for("goal", None, "es") != question_for("goal", None, "en")
    assert category_label("budget", "es") == "presupuesto"
    assert category_label("vendor", "en") == "dependence on a supplier"


def test_category_names_have_one_home_in_labels_toml() -> None:
    import tomllib

    from prospect.labels import labels
    from prospect.resources import data_file
    from prospect.vocab import GOAL_CATEGORIES, LANGS, RISK_CATEGORIES

    questions = tomllib.loads(data_file("questions.toml").read_text(encoding="utf-8"))
    assert set(questions) == {"goal", "risk"}  # questions only: no second table of names
    for lang in LANGS:
        for category in GOAL_CATEGORIES + RISK_CATEGORIES:
            assert labels(lang)["category"][category]  # a heading in the brief
            assert category_label(category, lang) == labels(lang)["category_phrase"][category]
    assert labels("es")["category"]["people"] == "Personas"
    assert category_label("people", "es") == "personas y equipo"
