"""The brief model end to end through `build_brief`, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from story_support import (
    CUSTOMER_SUCCESS_EN,
    FINANCE_ES,
    add_case,
    add_person,
    add_web_note,
    item_for,
    load_test_story,
)

from prospect.analyse.questions import question_for
from prospect.brief.build import build_brief
from prospect.brief.model import BriefLimits
from prospect.errors import InvalidValue


def brief_json(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The model in the JSON shape of `brief --format json`, the DESIGN contract."""
    return build_brief(*args, **kwargs).to_json()


def _check_case(model: dict, case: list, lang: str) -> None:  # type: ignore[type-arg]
    for kind, category, text, expected in case:
        item = item_for(model, kind, category)
        assert item["origin"] == "web"
        assert item["answered_by"][0]["id"] == expected, (category, item["answered_by"])
        assert item["answered_by"][0]["why"]["category"] == category
        assert item["answered_by"][0]["why"]["terms"]
        assert item["text"] == text and len(item["citations"]) == 1
        assert item["question"] == question_for(kind, category, lang)
        url = next(s["url"] for s in model["sources"] if s["n"] == item["citations"][0])
        assert url.startswith("https://news.example/")


def test_spanish_finance_manager(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sv = load_test_story(session, tmp_path)
    p = add_person(session, "Lucía Fernández", "Gerente de Finanzas", "es")
    add_case(session, p, FINANCE_ES, "es")
    model = brief_json(session, p, today=date(2026, 11, 27))
    assert model["lang"] == "es" and model["date"] == "2026-11-27"
    assert model["story"] == {"company": "Acme Ledger", "version": sv.id,
                              "plumb_line": "Numbers you can trust, on time, without heroics.",
                              "website": "https://acme-ledger.example", "loaded": True}
    _check_case(model, FINANCE_ES, "es")
    assert "¿" in item_for(model, "goal", "efficiency")["question"]
    # the web named their risks, so no guess from the role is added to them
    assert [i["origin"] for i in model["risks"]] == ["web", "web"]
    assert model["sources"] == sorted(model["sources"], key=lambda s: s["n"])
    assert [s["n"] for s in model["sources"]] == [1, 2, 3]
    assert sorted(model["note_ids"]) == sorted(i["note_id"] for i in model["goals"] +
                                               model["risks"] if i["note_id"])
    assert model["prospect"]["slug"] == p.slug and "notes" not in model["prospect"]
    assert any("costo total" in line for line in model["price"])
    json.dumps(model)


def test_english_head_of_customer_success(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_test_story(session, tmp_path)
    p = add_person(session, "Dana Whitfield", "Head of Customer Success", "en",
                   company="Northwind")
    add_case(session, p, CUSTOMER_SUCCESS_EN, "en")
    model = brief_json(session, p)
    _check_case(model, CUSTOMER_SUCCESS_EN, "en")
    # the role's categories (customer; adoption, budget) all have evidence: nothing inferred
    assert all(i["origin"] == "web" for i in model["goals"] + model["risks"])
    assert model["who"][0] == "Head of Customer Success at Northwind"
    price = " ".join(model["price"]).lower()
    assert "discount" not in price and "see churn coming" in price
    assert "fixed-price guarantee" in price  # the reducer that answers her budget worry


def test_finance_title_without_sources_gets_labelled_role_items(  # type: ignore[no-untyped-def]
        session) -> None:
    from prospect.story import example_story_path, store_story

    store_story(session, example_story_path(), actor="tester")
    p = add_person(session, "Carl Berg", "Chief Financial Officer", "en", company="Berg AB")
    model = brief_json(session, p)
    items = model["goals"] + model["risks"]
    # nothing found: one guess from the role per section, labelled, never more
    assert len(model["goals"]) == 1 and len(model["risks"]) == 1
    assert all(i["origin"] == "role" and i["citations"] == [] for i in items)
    assert all(i["text"].startswith("Inferred from role (Finance): ") for i in items)
    assert all(i["note_id"] is None and i["evidence"] is None for i in items)
    budget = item_for(model, "risk", "budget")
    assert {"pilot", "go-live-guarantee"} & {a["id"] for a in budget["answered_by"]}
    assert model["sources"] == [] and model["note_ids"] == []
    assert item_for(model, "goal", "efficiency")["answered_by"][0]["id"] == "faster-close"


def test_job_title_fact_feeds_the_playbook(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from prospect.store.models import Fact

    load_test_story(session, tmp_path)
    p = add_person(session, "Rosa Díaz", None, "es", company=None)
    bio = add_web_note(session, p, "https://acme.example/equipo", "Rosa habla de su equipo.",
                       "bio", None, lang="es")
    src = bio.source_id
    session.add(Fact(prospect_id=p.id, source_id=src, field="job_title",
                     value="Directora de Compras"))
    session.add(Fact(prospect_id=p.id, source_id=src, field="organization", value="Acme MX"))
    session.commit()
    model = brief_json(session, p)
    assert {i["category"] for i in model["risks"]} == {"vendor"}
    assert item_for(model, "risk", "vendor")["text"] == \
        "Inferido del cargo (Compras): dependencia de un proveedor"
    # who: the title and company come from a cited page, then the bio note
    assert model["who"][0] == "Directora de Compras en Acme MX [1]"
    assert model["who"][1] == "Rosa habla de su equipo. [1]"
    assert [s["url"] for s in model["sources"]] == ["https://acme.example/equipo"]
    assert model["note_ids"] == [bio.id]


def test_ranking_evidence_recency_confidence(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_test_story(session, tmp_path)
    p = add_person(session, "Ana Ruiz", "CFO", "en")
    add_web_note(session, p, "https://a.example/old", "Old: we must close the books faster.",
                 "goal", "efficiency", days_ago=30, confidence=0.99)
    add_web_note(session, p, "https://a.example/new", "New: month-end close takes too long.",
                 "goal", "efficiency", days_ago=1, confidence=0.5)
    add_web_note(session, p, "https://a.example/low", "Audits are painful, maybe.",
                 "goal", "compliance", days_ago=1, confidence=0.4)
    add_web_note(session, p, "https://a.example/high", "Compliance with IFRS is my priority.",
                 "goal", "compliance", days_ago=1, confidence=0.9)
    add_web_note(session, p, "https://a.example/older", "We grow fast in new markets.",
                 "goal", "growth", days_ago=10, confidence=0.9)
    goals = brief_json(session, p)["goals"]
    # web notes by confidence, one per category; equal confidence: the newer first
    assert [(g["category"], g["text"]) for g in goals] == [
        ("efficiency", "Old: we must close the books faster."),
        ("compliance", "Compliance with IFRS is my priority."),
        ("growth", "We grow fast in new markets."),
    ]  # evidence was found: nothing inferred from the role


def test_limits_are_respected_and_sources_follow_what_is_shown(  # type: ignore[no-untyped-def]
        session, tmp_path: Path) -> None:
    load_test_story(session, tmp_path)
    p = add_person(session, "Long Talker", "Head of IT", "en", company="Big Corp")
    long = "because " + " ".join(["the integration with our ERP keeps slipping"] * 12)
    cats = [("goal", c) for c in ("growth", "efficiency", "reliability", "customer",
                                  "compliance", "people")]
    cats += [("risk", c) for c in ("budget", "implementation", "adoption", "vendor",
                                   "security", "operations")]
    for i, (kind, cat) in enumerate(cats):
        add_web_note(session, p, f"https://s.example/{i}", f"Point {i} {long}", kind, cat,
                     days_ago=i, extra_urls=(f"https://mirror.example/{i}",))
    for i in range(3):
        add_web_note(session, p, f"https://bio.example/{i}", f"Bio {i}: {long}", "bio", None)
    limits = BriefLimits(max_goals=3, max_risks=2, max_evidence_chars=60, max_sources=4,
                         max_new=2, max_who_chars=150, max_answers=1)
    model = brief_json(session, p, limits=limits)
    assert model == brief_json(session, p, limits=limits)  # deterministic
    json.loads(json.dumps(model))
    assert len(model["goals"]) <= 3 and len(model["risks"]) <= 2
    assert len(model["new_since_last"]) <= 2 and len(model["sources"]) <= 4
    assert sum(len(w) for w in model["who"]) + len(model["who"]) - 1 <= 150
    for item in model["goals"] + model["risks"]:
        assert len(item["text"]) <= 60 and item["text"].endswith("…")
        assert " " not in item["text"][-2:]  # cut at a word boundary
        assert len(item["answered_by"]) <= 1
        assert item["citations"], "every shown web item keeps a citation"
    cited: list[int] = []
    for text in model["who"]:
        cited += [int(n) for n in re.findall(r"\[(\d+)\]", text)]
    for item in model["goals"] + model["risks"] + model["new_since_last"]:
        cited += item["citations"]
    numbers = [s["n"] for s in model["sources"]]
    assert numbers == list(range(1, len(numbers) + 1))
    assert set(cited) == set(numbers)  # only cited sources, and every citation is listed
    first_seen = list(dict.fromkeys(cited))
    assert first_seen == sorted(first_seen)  # numbered in order of first citation
    # each item's first page is numbered before any second page (the mirror pages): when
    # sources are scarce, no item spends two of them while others are dropped
    assert len(model["sources"]) == 4
    assert all(len(i["citations"]) == 1 for i in model["goals"] + model["risks"])
    assert len(model["who"]) - 1 + len(model["goals"]) == 4  # title line cites nothing
    roomy = brief_json(session, p, limits=BriefLimits(max_sources=30))
    assert len(roomy["goals"]) == 4 and len(roomy["risks"]) == 4
    assert len(roomy["who"]) == 3  # title line and two bio lines share the room
    assert roomy["goals"][0]["citations"] == [3, 4]  # its page and the mirror that repeats it
    assert sum(len(w) for w in roomy["who"]) + 2 <= BriefLimits().max_who_chars


def test_language_override_and_errors(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = add_person(session, "Dana Whitfield", "Head of Customer Success", "en")
    bare = brief_json(session, p)  # no story: still a brief, saying how to load one
    assert bare["story"]["loaded"] is False
    assert bare["story"]["hint"].startswith("no company story loaded: run 'prospect story init'")
    load_test_story(session, tmp_path)
    add_case(session, p, CUSTOMER_SUCCESS_EN, "en")
    es = brief_json(session, p, lang="es")
    assert es["lang"] == "es"
    assert item_for(es, "risk", "budget")["question"] == question_for("risk", "budget", "es")
    assert es["who"][0].endswith(" en Ejemplo SA")
    with pytest.raises(InvalidValue, match="'fr'"):
        brief_json(session, p, lang="fr")
