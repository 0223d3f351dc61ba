"""Profile store on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from prospect.errors import InvalidValue, NotFound
from prospect.store import Event, Note, Prospect, Source
from prospect.store.repo import (
    ProspectInput,
    add_note,
    add_prospect,
    add_source,
    delete_note,
    edit_note,
    edit_prospect,
    get_prospect,
    list_notes,
    prospect_dict,
    remove_prospect,
    remove_source,
)


def test_slug_folds_accents_and_second_person_gets_distinct_slug(session):
    a = add_prospect(session, ProspectInput(name="Ana García Rojas", lang="es"))
    b = add_prospect(session, ProspectInput(name="ANA GARCIA ROJAS"))
    c = add_prospect(session, ProspectInput(name="Ana  García   Rojas"))
    assert a.slug == "ana-garcia-rojas"
    assert b.slug == "ana-garcia-rojas-2"
    assert c.slug == "ana-garcia-rojas-3"
    assert get_prospect(session, "ana-garcia-rojas-2").id == b.id
    assert get_prospect(session, str(c.id)).slug == c.slug


def test_add_with_urls_creates_user_sources_once(session):
    p = add_prospect(session, ProspectInput(name="José Núñez"),
                     urls=["https://a.example/x", "https://a.example/x", "http://b.example/"])
    urls = [s.url for s in session.exec(select(Source).where(Source.prospect_id == p.id))]
    assert urls == ["https://a.example/x", "http://b.example/"]
    assert {s.origin for s in session.exec(select(Source))} == {"user"}


@pytest.mark.parametrize("bad", [{"name": "   "}, {"name": "X", "lang": "fr"}])
def test_invalid_values_are_refused_and_nothing_is_written(session, bad):
    with pytest.raises(InvalidValue):
        add_prospect(session, ProspectInput(**bad))
    session.rollback()
    assert session.exec(select(Prospect)).all() == []


def test_bad_url_is_refused(session):
    with pytest.raises(InvalidValue, match="ftp://x"):
        add_prospect(session, ProspectInput(name="Z"), urls=["ftp://x"])


def test_unknown_ref_names_it(session):
    with pytest.raises(NotFound, match="nobody"):
        get_prospect(session, "nobody")
    with pytest.raises(NotFound, match="'42'"):
        get_prospect(session, 42)


def test_edit_logs_old_and_new_values_with_author(session):
    p = add_prospect(session, ProspectInput(name="Ana García", title="Controller"))
    edit_prospect(session, p.slug, {"title": "CFO", "company": None}, actor="maria")
    ev = session.exec(select(Event).where(Event.action == "prospect.edit")).one()
    assert ev.actor == "maria"
    assert json.loads(ev.detail)["changes"] == {"title": ["Controller", "CFO"]}
    assert get_prospect(session, p.id).title == "CFO"


def test_edit_without_changes_logs_nothing(session):
    p = add_prospect(session, ProspectInput(name="Ana García", title="CFO"))
    edit_prospect(session, p.slug, {"title": "CFO"})
    assert session.exec(select(Event).where(Event.action == "prospect.edit")).all() == []


def test_notes_add_edit_delete_with_events(session):
    p = add_prospect(session, ProspectInput(name="Ana García"))
    n = add_note(session, p.slug, "Wants to close the books in 3 days", kind="goal",
                 category="efficiency", source_url="https://n.example/a", actor="li")
    assert n.origin == "manual" and n.author == "li" and n.source_id is not None
    edit_note(session, n.id, kind="risk", category="budget")
    assert session.get(Note, n.id).category == "budget"
    with pytest.raises(InvalidValue, match="growth"):
        edit_note(session, n.id, category="growth")
    delete_note(session, n.id)
    assert list_notes(session, p.id) == []
    actions = [e.action for e in session.exec(select(Event).order_by(Event.id))]
    assert actions[-3:] == ["note.add", "note.edit", "note.delete"]


@pytest.mark.parametrize("kind,category", [("goal", "budget"), ("bio", "growth"),
                                           ("wish", None)])
def test_note_kind_and_category_are_validated(session, kind, category):
    p = add_prospect(session, ProspectInput(name="Ana García"))
    with pytest.raises(InvalidValue):
        add_note(session, p.slug, "text", kind=kind, category=category)


def test_show_shape_matches_design(session):
    p = add_prospect(session, ProspectInput(name="Ana García Rojas", company="Norte Foods",
                                            lang="es"), urls=["https://nf.example/equipo/ana"])
    add_note(session, p.slug, "Le preocupa el presupuesto", kind="risk", category="budget",
             source_url="https://nf.example/equipo/ana")
    data = prospect_dict(session, p)
    assert {"id", "slug", "name", "company", "title", "lang", "facts", "sources",
            "notes"} <= set(data)
    assert data["sources"] == [{"url": "https://nf.example/equipo/ana", "origin": "user",
                                "status": "new", "http_status": None, "error": None,
                                "fetched_at": None}]
    note = data["notes"][0]
    assert {k: note[k] for k in ("kind", "category", "origin", "source_url")} == {
        "kind": "risk", "category": "budget", "origin": "manual",
        "source_url": "https://nf.example/equipo/ana"}
    assert note["seen_at"]


def test_remove_source_and_prospect_leave_nothing_behind(session):
    p = add_prospect(session, ProspectInput(name="Ana"), urls=["https://x.example/1"])
    add_source(session, p.slug, "https://x.example/2")
    add_note(session, p.slug, "note", source_url="https://x.example/2")
    remove_source(session, p.slug, "https://x.example/2")
    assert [s.url for s in session.exec(select(Source))] == ["https://x.example/1"]
    with pytest.raises(NotFound):
        remove_source(session, p.slug, "https://x.example/404")
    remove_prospect(session, p.slug)
    assert session.exec(select(Prospect)).all() == []
    assert session.exec(select(Source)).all() == []
    assert session.exec(select(Note)).all() == []
