"""Helpers for the story and tie-back tests: a test story with distractors, web notes."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

# Each category that a "Done when" note has is served by two entries: the right one, and a
# distractor with the same category but other words, so only the text overlap can pick.
TEST_STORY = """\
[company]
name = "Acme Ledger"
plumb_line = "Numbers you can trust, on time, without heroics."
website = "https://acme-ledger.example"

[[themes]]
id = "warehouse-flow"
title = "Faster picking in the warehouse"
story = "Pickers walk less and ship more orders per shift."
serves = ["efficiency"]
keywords = ["warehouse", "picking", "almacén", "logística"]
proof = ["30% more orders per shift"]

[[themes]]
id = "faster-close"
title = "Close the books in days, not weeks"
story = "Reconciliations run every night, so month-end is calm."
serves = ["efficiency"]
keywords = ["closing the books", "month-end close", "reconciliation", "cierre contable",
            "cierre de mes", "libros contables", "conciliación"]
proof = ["Month-end close cut from 9 to 4 days"]

[[themes]]
id = "self-service-portal"
title = "A customer portal for self-service"
story = "Customers find invoices and order status on their own."
serves = ["customer"]
keywords = ["portal", "self-service", "autoservicio"]
proof = ["Half of the support tickets gone"]

[[themes]]
id = "customer-retention"
title = "See churn coming before it happens"
story = "Health scores on every account warn your team early."
serves = ["customer"]
keywords = ["churn", "retention", "renewals", "abandono", "retención", "renovaciones"]
proof = ["Churn down by a fifth in year one"]

[[themes]]
id = "audit-trail"
title = "An audit trail on every change"
story = "Who, when and why on every posting."
serves = ["compliance"]
keywords = ["audit", "compliance", "auditoría", "cumplimiento"]
proof = ["Zero audit findings in 2025"]

[[tco]]
id = "helpdesk"
title = "24/7 help desk in English and Spanish"
answers = ["adoption", "operations"]
keywords = ["support", "help desk", "soporte"]

[[tco]]
id = "onboarding"
title = "Onboarding and training for every user, included"
answers = ["adoption"]
detail = "Role-based courses so the team actually adopts the tool."
keywords = ["adopt", "adoption", "training", "shelfware", "adopción", "capacitación"]

[[tco]]
id = "fixed-fee"
title = "One yearly fee with implementation included"
answers = ["budget"]
keywords = ["fee", "license", "licencia"]

[[risk_reducers]]
id = "data-migration-team"
title = "A dedicated team for legacy data migration"
answers = ["implementation"]
keywords = ["data migration", "legacy data", "migración de datos", "datos heredados"]

[[risk_reducers]]
id = "integration-guarantee"
title = "ERP integration guarantee: live by the agreed date or we pay"
answers = ["implementation", "personal"]
detail = "A go-live date in the contract, with a credit for every week late."
keywords = ["erp", "integration", "delay", "launch", "integración", "retraso", "retrase",
            "lanzamiento"]

[[risk_reducers]]
id = "certifications"
title = "SOC 2 and ISO 27001 certified"
answers = ["vendor", "security"]
keywords = ["security", "certified", "seguridad"]

[[risk_reducers]]
id = "second-source"
title = "A certified second source and code escrow"
answers = ["vendor"]
detail = "If we cannot serve you, a trained partner and the code are there."
keywords = ["single supplier", "one supplier", "second source", "un solo proveedor",
            "proveedor único", "dependencia", "proveedor", "supplier"]

[[risk_reducers]]
id = "pilot"
title = "60-day pilot with a no-penalty exit"
answers = ["budget", "adoption", "switching"]
keywords = ["pilot", "trial", "piloto", "prueba"]

[[risk_reducers]]
id = "fixed-price-guarantee"
title = "Fixed-price guarantee: overruns are on us"
answers = ["budget"]
keywords = ["over budget", "overruns", "overrun", "sobrecosto", "sobrecostos", "presupuesto"]
"""

# (kind, category, text, expected first answer id)
FINANCE_ES = [
    ("goal", "efficiency", "Nuestro objetivo es cerrar los libros contables más rápido: pasar "
     "de diez a cinco días el cierre de mes.", "faster-close"),
    ("risk", "implementation", "Me preocupa que la integración con el ERP retrase el "
     "lanzamiento de la nueva línea de productos.", "integration-guarantee"),
    ("risk", "vendor", "Depender de un solo proveedor es un riesgo que no queremos repetir.",
     "second-source"),
]
CUSTOMER_SUCCESS_EN = [
    ("goal", "customer", "Our priority this year is reducing churn among mid-market accounts.",
     "customer-retention"),
    ("risk", "adoption", "We have bought tools the team won't adopt; they end up as shelfware.",
     "onboarding"),
    ("risk", "budget", "Last year two projects ran over budget and I had to explain the "
     "overruns to the board.", "fixed-price-guarantee"),
]


def write_story(tmp_path: Path, text: str = TEST_STORY, name: str = "story.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_test_story(session: Any, tmp_path: Path, text: str = TEST_STORY) -> Any:
    from prospect.story import store_story

    return store_story(session, write_story(tmp_path, text), actor="tester")


def add_person(session: Any, name: str, title: str | None, lang: str,
               company: str | None = "Ejemplo SA") -> Any:
    from prospect.store.repo import ProspectInput, add_prospect

    return add_prospect(session, ProspectInput(name=name, title=title, lang=lang,
                                               company=company), actor="tester")


def add_web_note(session: Any, prospect: Any, url: str, text: str, kind: str,
                 category: str | None, *, lang: str = "en", confidence: float = 0.7,
                 days_ago: int = 0, extra_urls: tuple[str, ...] = (),
                 title: str | None = None) -> Any:
    """A note as gathering makes it: origin web, a source, NoteSource rows for every page."""
    from prospect.store.models import Note, NoteSource, utcnow
    from prospect.store.repo import add_source, note_key

    when: datetime = utcnow() - timedelta(days=days_ago)
    first = add_source(session, prospect.id, url, origin="discovered", actor="tester")
    if title:
        first.title = title
    first.status, first.last_fetched_at = "ok", when
    session.add(first)
    note = Note(prospect_id=prospect.id, source_id=first.id, origin="web", kind=kind,
                category=category, text=text, text_key=note_key(text), lang=lang,
                confidence=confidence, first_seen_at=when, last_seen_at=when)
    session.add(note)
    session.flush()
    session.add(NoteSource(note_id=note.id, source_id=first.id, seen_at=when))
    for other in extra_urls:
        src = add_source(session, prospect.id, other, origin="discovered", actor="tester")
        session.add(NoteSource(note_id=note.id, source_id=src.id, seen_at=when))
    session.commit()
    session.refresh(note)
    return note


def add_case(session: Any, prospect: Any, case: list[tuple[str, str, str, str]],
             lang: str) -> None:
    for i, (kind, category, text, _) in enumerate(case):
        add_web_note(session, prospect, f"https://news.example/{prospect.slug}/{i}", text, kind,
                     category, lang=lang)


def item_for(model: dict[str, Any], kind: str, category: str) -> dict[str, Any]:
    items = [i for i in model[f"{kind}s"] if i["category"] == category]
    assert len(items) == 1, f"expected one {kind} item for {category}, got {items}"
    return items[0]


def golden_profile(session: Any, tmp_path: Path) -> Any:
    """A profile with every part a brief shows: web and user notes over several pages, a bio,
    facts, a brief given ten days ago, then a changed job title, a new profile link, a new
    goal and a worry that went away. Uses the store only, so any version of the brief builder
    can be run on it (tests/data/brief_golden.json was written by the dict-building one)."""
    from prospect.store.models import Brief, Fact, utcnow
    from prospect.store.repo import add_note, add_source

    load_test_story(session, tmp_path)
    p = add_person(session, "Lucía Fernández", "Directora Financiera", "es", company="Cerro SA")
    now = utcnow()
    add_web_note(session, p, "https://n.example/equipo", "Lucía Fernández dirige las finanzas "
                 "de Cerro SA desde 2019.", "bio", None, lang="es", days_ago=20,
                 title="Equipo | Cerro SA")
    add_web_note(session, p, "https://n.example/prensa/cierre", "Queremos cerrar el mes en "
                 "tres días y dejar de conciliar facturas a mano.", "goal", "efficiency",
                 lang="es", confidence=0.9, days_ago=20,
                 extra_urls=("https://espejo.example/cierre",))
    add_web_note(session, p, "https://n.example/prensa/erp", "Teme que la integración con el "
                 "ERP retrase el lanzamiento de la tienda online.", "risk", "implementation",
                 lang="es", confidence=0.8, days_ago=20)
    gone = add_web_note(session, p, "https://n.example/blog/proveedor", "No quiere depender de "
                        "un único proveedor [2] de logística.", "risk", "vendor", lang="es",
                        days_ago=20)
    add_note(session, p.id, "Wants the pilot signed before March.", kind="goal",
             category="growth", actor="tester")
    team = add_source(session, p.id, "https://n.example/perfil", actor="tester")
    for field, value in (("job_title", "Directora Financiera"), ("organization", "Cerro SA"),
                         ("description", "Economista; antes, auditora en una firma global.")):
        session.add(Fact(prospect_id=p.id, source_id=team.id, field=field, value=value,
                         seen_at=now - timedelta(days=20), last_seen_at=now))
    session.add(Brief(prospect_id=p.id, format="pdf", lang="es", author="tester", given=True,
                      created_at=now - timedelta(days=10)))
    session.commit()
    # after the brief: the title changed, a profile link appeared, a new goal, a worry went
    from sqlmodel import select

    old = session.exec(select(Fact).where(Fact.prospect_id == p.id,
                                          Fact.field == "job_title")).all()
    for f in old:
        f.gone_at = now - timedelta(days=2)
        session.add(f)
    session.add(Fact(prospect_id=p.id, source_id=team.id, field="job_title", value="CFO",
                     seen_at=now - timedelta(days=2), last_seen_at=now))
    session.add(Fact(prospect_id=p.id, source_id=team.id, field="same_as",
                     value="https://social.example/lucia", seen_at=now - timedelta(days=2),
                     last_seen_at=now))
    add_web_note(session, p, "https://n.example/prensa/almacen", "Queremos abrir un almacén "
                 "en Valencia el año que viene.", "goal", "growth", lang="es", days_ago=2)
    gone.gone_at = now - timedelta(days=2)
    session.add(gone)
    session.commit()
    return p
