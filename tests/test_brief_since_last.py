"""A first brief says so; the next one lists what appeared since; headlines are not repeated."""

from __future__ import annotations

from story_support import add_person, add_web_note, load_test_story

from prospect.brief.build import build_brief
from prospect.brief.record import record_brief
from prospect.brief.render import render


def test_first_brief_then_new_since_last(session, tmp_path):
    load_test_story(session, tmp_path)
    p = add_person(session, "Dana Whitfield", "Head of Customer Success", "en", company="Acme")
    add_web_note(session, p, "https://acme.example/a", "Dana wants to cut churn by a third.",
                 "goal", "customer", days_ago=3)
    first = build_brief(session, p)
    assert first.first_brief is True and first.new_since_last == []
    assert "First brief for this person" in render(first, "md")
    record_brief(session, p, first, "md", "en", actor="tester")

    add_web_note(session, p, "https://acme.example/b",
                 "Dana fears a rollout that drags on for months.", "risk", "implementation")
    second = build_brief(session, p)
    assert second.first_brief is False
    assert [n.text for n in second.new_since_last] == [
        "Dana fears a rollout that drags on for months."]
    assert second.new_since_last[0].citations, "a new note cites its page"
    assert "First brief" not in render(second, "md")


def test_a_headline_repeating_a_goal_is_shown_once(session, tmp_path):
    load_test_story(session, tmp_path)
    p = add_person(session, "Lucía Fernández", "Directora Financiera", "es")
    add_web_note(session, p, "https://n.example/press/", "Lucía Fernández: «Queremos cerrar el "
                 "mes en tres días» 14 de octubre de 2026.", "goal", None, lang="es")
    add_web_note(session, p, "https://n.example/press/article", "Lucía Fernández: «Queremos "
                 "cerrar el mes en tres días»", "goal", None, lang="es", confidence=0.9)
    texts = [g.text for g in build_brief(session, p).goals if g.origin == "web"]
    assert len(texts) == 1 and "Queremos cerrar el mes en tres días" in texts[0]


def test_a_changed_fact_is_named_in_the_brief_language(session, tmp_path):
    from prospect.store.models import Fact, utcnow
    from prospect.store.repo import add_source

    load_test_story(session, tmp_path)
    p = add_person(session, "Lucía Fernández", "Directora Financiera", "es")
    record_brief(session, p, build_brief(session, p), "md", "es", actor="tester")
    src = add_source(session, p.id, "https://n.example/equipo", actor="tester")
    session.add(Fact(prospect_id=p.id, source_id=src.id, field="job_title", value="CFO",
                     seen_at=utcnow(), last_seen_at=utcnow()))
    session.commit()
    spanish = build_brief(session, p)
    [item] = spanish.new_since_last
    # the model carries the change as data; the words come from the language's labels
    assert (item.change, item.field, item.old, item.new) == ("added", "job_title", None, "CFO")
    [as_json] = spanish.to_json()["new_since_last"]
    assert as_json["text"] == "Cargo: CFO" and as_json["field"] == "job_title"
    assert "Nuevo: Cargo: CFO" in render(spanish, "txt")
    english = build_brief(session, p, lang="en")
    assert "New: Job title: CFO" in render(english, "txt")
    # an English model rendered in Spanish names the field in Spanish too, in every format
    for fmt in ("txt", "md", "html"):
        text = render(english, fmt, lang="es")
        assert "Nuevo" in text and "Cargo" in text and "Job title" not in text
