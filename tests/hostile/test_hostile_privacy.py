"""Issue 17.5 and 15: what `forget` leaves in other prospects' pages and notes, said plainly;
issue 17.9: a retention period too long for the calendar is a clear error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select
from upkeep_support import person, snapshot, source, web_note

from prospect.store.models import Note, Snapshot, Source

ANA = "Ana García Rojas"


def _shared_page(session: Session) -> tuple[str, str]:
    """Ana's own page, and a team page stored for Bob that also names her."""
    ana = person(session, ANA, "Acme", email="ana@acme.example")
    own = source(session, ana, "https://acme.example/people/ana")
    snapshot(session, own, f"<h1>{ANA}</h1>")
    web_note(session, ana, own, "Ana wants to open two new markets next year.")
    bob = person(session, "Bob Müller", "Acme")
    team = source(session, bob, "https://acme.example/team")
    snapshot(session, team, "<ul><li>Bob Müller, CFO</li><li>Ana&nbsp;<b>García</b> Rojas, "
                            "COO</li></ul>")
    web_note(session, bob, team, "Bob wants to cut the month-end close to four days.")
    web_note(session, bob, team, "Bob works closely with Ana García Rojas on logistics.",
             kind="bio")
    session.commit()
    return ana.slug, bob.slug


def test_forget_reports_pages_and_notes_of_others_that_name_the_person(cli, session) -> None:  # type: ignore[no-untyped-def]
    ana, bob = _shared_page(session)
    session.close()
    r = cli("forget", ana, "--yes")
    assert r.exit_code == 0, r.output
    lines = r.output.strip().splitlines()
    assert lines[0].startswith(f"Erased {ANA}")
    assert "1 source, 1 note" in lines[0] and "1 stored page" in lines[0]
    assert "the audit log keeps that an erasure happened, not who" in lines[0]
    assert any("https://acme.example/team for Bob Müller" in line and "--snapshots" in line
               for line in lines), lines
    assert any("notes about other prospects" in line and f"Bob Müller ({bob}): 1 note" in line
               for line in lines), lines
    session.expire_all()
    # without --snapshots Bob's stored page stays as it was
    assert len(session.exec(select(Snapshot)).all()) == 1


def test_forget_snapshots_drops_other_prospects_copies_and_keeps_their_notes(cli, session) -> None:  # type: ignore[no-untyped-def]
    ana, bob = _shared_page(session)
    session.close()
    r = cli("forget", ana, "--yes", "--snapshots")
    assert r.exit_code == 0, r.output
    assert "Also dropped the stored copies of 1 page" in r.output
    session.expire_all()
    assert session.exec(select(Snapshot)).all() == []
    texts = [n.text for n in session.exec(select(Note)).all()]
    assert len(texts) == 2 and all("Bob" in t for t in texts)  # Bob's notes stay
    assert [s.url for s in session.exec(select(Source)).all()] == ["https://acme.example/team"]


@pytest.mark.parametrize("age", ["1000000000d", "99999999999y", "9" * 40 + "w"])
def test_prune_with_an_age_past_the_calendar_is_a_clear_error(cli, age: str) -> None:
    r = cli("prune", "--older-than", age)
    assert r.exit_code in (1, 2), r.output
    assert r.output.startswith("Error") or "Invalid value" in r.output
    assert "Traceback" not in r.output and "OverflowError" not in r.output


_ages = st.from_regex(r"\A\s*-?[0-9]{0,30}(\.[0-9]{0,5})?(e[0-9]{1,4})?\s*[a-zA-Zñ ]{0,8}\Z")


@settings(max_examples=200, deadline=None)
@given(value=_ages | st.text(max_size=30))
def test_no_typed_age_raises_anything_but_invalid_value(value: str) -> None:
    from prospect.dates import parse_age
    from prospect.errors import InvalidValue

    try:
        age = parse_age(value)
    except InvalidValue as exc:
        assert "\n" not in str(exc)
        return
    assert age.total_seconds() >= 0


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=_ages)
def test_prune_never_shows_a_traceback(runner, sqlite_url, value: str) -> None:  # type: ignore[no-untyped-def]
    from prospect.cli import app

    r = runner.invoke(app, ["--db", sqlite_url, "prune", "--older-than", value])
    assert r.exit_code in (0, 1, 2), r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
