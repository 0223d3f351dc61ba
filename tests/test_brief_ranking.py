"""What reaches the brief: pinned notes always, the user's own notes first, role guesses last."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session
from story_support import add_person, add_web_note, load_test_story

from prospect.brief.build import build_brief
from prospect.brief.model import BriefLimits
from prospect.store.repo import add_note


def test_users_notes_come_before_web_notes_and_pinned_always_shows(
        session: Session, tmp_path: Path) -> None:
    load_test_story(session, tmp_path)
    p = add_person(session, "Dana Whitfield", "Head of Customer Success", "en")
    for i, (cat, text) in enumerate([
            ("growth", "We plan to double revenue in Mexico."),
            ("efficiency", "Our goal is to cut the month-end close to three days."),
            ("reliability", "We need our warehouses never to stop."),
            ("innovation", "We want to use AI in planning."),
            ("customer", "Our priority is customer retention.")]):
        add_web_note(session, p, f"https://news.example/{i}", text, "goal", cat,
                     confidence=0.9 - i / 10)
    typed = add_note(session, p.id, "She wants one vendor for both countries.", kind="goal",  # type: ignore[arg-type]
                     category="growth")
    pasted = add_note(session, p.id, "Board asked her to hire ten people.", kind="goal",  # type: ignore[arg-type]
                      category="people", origin="paste")
    pinned = add_note(session, p.id, "Wants the pilot signed before March.", kind="goal",  # type: ignore[arg-type]
                      origin="manual")
    pinned.pinned = True
    session.add(pinned)
    session.commit()
    goals = build_brief(session, p, limits=BriefLimits(max_goals=3)).goals
    assert [g.note_id for g in goals] == [pinned.id, pasted.id, typed.id]
    # a pinned note survives even a limit of one
    tight = build_brief(session, p, limits=BriefLimits(max_goals=1)).goals
    assert [g.note_id for g in tight] == [pinned.id]
    # after the user's notes, web notes by confidence
    roomy = build_brief(session, p, limits=BriefLimits(max_goals=8)).goals
    web = [g for g in roomy if g.origin == "web"]
    confidences = [g.confidence for g in web]
    assert confidences == sorted(confidences, reverse=True)
    assert [g.origin for g in roomy][:3] != ["web"] * 3


def test_a_role_guess_only_fills_an_empty_section_once(session: Session, tmp_path: Path) -> None:
    load_test_story(session, tmp_path)
    cfo = add_person(session, "Rosa Vidal", "Chief Financial Officer", "en")
    model = build_brief(session, cfo)
    assert len(model.goals) == 1 and model.goals[0].origin == "role"
    assert len(model.risks) == 1 and model.risks[0].origin == "role"
    add_web_note(session, cfo, "https://news.example/rosa", "We must cut costs by 10%.", "goal",
                 "efficiency")
    model = build_brief(session, cfo)
    assert [g.origin for g in model.goals] == ["web"]
    assert [r.origin for r in model.risks] == ["role"]
