"""Each prospect's stored figures (changes since the last brief, last brief, last gathered)
equal the ones worked out from its rows after every kind of change, on SQLite and PostgreSQL:
gathering, edits, briefs, notes added and removed, imports, pruning, sources removed, forget.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from gather_support import add, fast_settings, page
from sqlmodel import Session, select
from upkeep_support import brief, days_ago, fact, person, source, web_note

from prospect.store import tally
from prospect.store.models import Note, Prospect


def _empty_model():  # type: ignore[no-untyped-def]
    from prospect.brief.model import BriefModel

    return BriefModel.from_json({})

def figures(session: Session, *people: Prospect | int) -> list[tuple[Any, ...]]:
    """The stored figures of `people`, checked against the ones worked out from the rows."""
    ids = [p if isinstance(p, int) else p.id for p in people]
    stored = tally.stored(session, ids)  # type: ignore[arg-type]
    assert stored == tally.computed(session, ids)  # type: ignore[arg-type]
    return [stored[i] for i in ids]  # type: ignore[index]


def changes(session: Session, p: Prospect | int) -> int:
    return int(figures(session, p)[0][0])


PAGE = """<html><head><title>Ana García, Acme</title></head><body><article>
<h1>Ana García</h1><p>Ana García is the chief operating officer of Acme Logística.</p>
<p>Ana García wants to cut delivery delays in half by 2027.</p>
<p>She worries that a new carrier would disrupt the peak season.</p>
{extra}</article></body></html>"""


def test_gathering_keeps_the_figures(engine, sites) -> None:  # type: ignore[no-untyped-def]
    from prospect.brief.record import record_brief
    from prospect.gather import gather

    body = {"extra": "<p>Ana García said Acme will open a warehouse in Lima next year.</p>"}
    site = sites({"/ana": lambda _: page(PAGE.format(**body))})
    pid = add(engine, "Ana García", [site.url("/ana")])
    with Session(engine) as s:
        assert figures(s, pid) == [(0, None, None)]
    gather(engine, [pid], fast_settings(), actor="tester")
    with Session(engine) as s:
        first, _brief, gathered = figures(s, pid)[0]
        assert first > 0 and gathered is not None
    with Session(engine) as s:
        record_brief(s, s.get(Prospect, pid), _empty_model(), "pdf", "en", actor="tester")
        assert figures(s, pid)[0][0] == 0
    # one sentence vanished from the page, another appeared: changes since that brief
    body["extra"] = "<p>Ana García plans to hire forty drivers for the Lima routes.</p>"
    gather(engine, [pid], fast_settings(), actor="tester")
    with Session(engine) as s:
        second, _brief, again = figures(s, pid)[0]
        assert second > 0 and again > gathered


def test_briefs_reset_the_count_and_previews_do_not(session: Session) -> None:
    from prospect.brief.record import record_brief

    ana = person(session)
    web_note(session, ana, None, "Grow the Lima routes.", first=days_ago(3))
    fact(session, ana, None, "location", "Lima", seen=days_ago(3))
    assert changes(session, ana) == 2
    record_brief(session, ana, _empty_model(), "html", "en", actor="t", given=False)  # a preview
    assert changes(session, ana) == 2 and figures(session, ana)[0][1] is None
    record_brief(session, ana, _empty_model(), "pdf", "en", actor="t")
    count, last_brief, _gathered = figures(session, ana)[0]
    assert count == 0 and last_brief is not None
    web_note(session, ana, None, "A risk raised on the call.", kind="risk")
    assert changes(session, ana) == 1


def test_notes_added_edited_pinned_and_removed(session: Session) -> None:
    from prospect.store.repo import add_note, delete_note, edit_note
    from prospect.upkeep.paste import paste_notes

    ana = person(session)
    brief(session, ana, days_ago(1))
    note = add_note(session, ana.id, "Wants a pilot before the budget round.", kind="goal",  # type: ignore[arg-type]
                    actor="t")
    assert changes(session, ana) == 1
    pasted = paste_notes(session, ana, "She fears the switch. Her boss wants savings.",
                         actor="t")
    assert changes(session, ana) == 1 + len(pasted) and pasted
    edit_note(session, note.id, text="Wants a 90-day pilot.", kind="risk",  # type: ignore[arg-type]
              category="switching", actor="t")
    assert changes(session, ana) == 1 + len(pasted)
    delete_note(session, note.id, actor="t")  # type: ignore[arg-type]
    assert changes(session, ana) == len(pasted)


def test_a_note_moved_to_another_prospect_changes_both(session: Session) -> None:
    ana, bob = person(session), person(session, "Bob Stone", "Stone Ltd")
    note = web_note(session, ana, None, "Said by Bob, filed under Ana.", first=days_ago(1))
    assert [changes(session, ana), changes(session, bob)] == [1, 0]
    note.prospect_id = bob.id  # type: ignore[assignment]
    session.add(note)
    session.commit()
    assert [changes(session, ana), changes(session, bob)] == [0, 1]


def test_profile_edits_and_removed_sources(session: Session) -> None:
    from prospect.store.repo import edit_prospect, remove_source

    ana = person(session)
    src = source(session, ana, "https://acme.example/ana")
    fact(session, ana, src, "job_title", "COO", seen=days_ago(2))
    web_note(session, ana, src, "Opening Lima.", first=days_ago(2))
    edit_prospect(session, ana.id, {"title": "COO", "company": "Acme"}, actor="t")  # type: ignore[arg-type]
    assert changes(session, ana) == 2
    remove_source(session, ana.id, "https://acme.example/ana", actor="t")  # type: ignore[arg-type]
    assert changes(session, ana) == 1  # the page's fact went with it; the note stays


def test_imports_count_their_notes(session: Session, tmp_path: Path) -> None:
    from prospect.upkeep.importer import import_file

    ana = person(session, email="ana@acme.example")
    brief(session, ana, days_ago(1))
    csv = tmp_path / "people.csv"
    csv.write_text("name,email,notes\n"
                   "Ana García Rojas,ana@acme.example,Met at the fair\n"
                   "Lee Park,lee@park.example,Asked for a quote\n", encoding="utf-8")
    import_file(session, csv, actor="t")
    lee = session.exec(select(Prospect).where(Prospect.name == "Lee Park")).one()
    assert [changes(session, ana), changes(session, lee)] == [1, 1]


def test_pruning_and_forgetting(session: Session) -> None:
    from prospect.upkeep.privacy import forget, prune

    ana, bob = person(session), person(session, "Bob Stone", "Stone Ltd")
    src = source(session, ana, "https://acme.example/ana")
    web_note(session, ana, src, "Old web note.", first=days_ago(500), last=days_ago(400))
    web_note(session, ana, src, "Recent web note.", first=days_ago(3))
    fact(session, ana, src, "location", "Quito", seen=days_ago(800), gone=days_ago(500))
    web_note(session, bob, None, "Bob's note.", first=days_ago(2))
    assert changes(session, ana) == 4  # two notes, and the fact seen and gone
    prune(session, "365d", actor="ops")
    assert changes(session, ana) == 1
    ana_id, bob_id = ana.id, bob.id
    forget(session, bob, actor="ops")  # closes the session
    with Session(session.get_bind()) as s:
        assert tally.stored(s, [bob_id]) == {}  # type: ignore[list-item]
        assert changes(s, ana_id) == 1  # type: ignore[arg-type]


def _someone_waits_for_a_lock(engine: Any) -> bool:
    # a fresh transaction each time: pg_stat_activity is read once per transaction
    with engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()").first() is not None


def test_concurrent_writers_leave_the_right_count(engine, db_url) -> None:  # type: ignore[no-untyped-def]
    """Two transactions adding notes to one prospect at once: the one that commits last
    recomputes after the first committed, so neither note is missed (PostgreSQL's default
    isolation would otherwise let it count from a snapshot taken before the first commit)."""
    from prospect.store.repo import add_note

    if not db_url.startswith("postgresql"):
        import pytest

        pytest.skip("SQLite runs one write transaction at a time")
    with Session(engine) as s:
        pid = person(s).id
    first = Session(engine)
    try:
        first.add(Note(prospect_id=pid, text="First note.", text_key="first note"))  # type: ignore[arg-type]
        first.flush()
        tally.refresh(first, [pid])  # type: ignore[list-item]  # locks the row, uncommitted
        done = threading.Event()

        def second() -> None:
            with Session(engine) as s2:
                add_note(s2, pid, "Second note.", actor="b")  # type: ignore[arg-type]
            done.set()

        worker = threading.Thread(target=second)
        worker.start()
        give_up = time.monotonic() + 120  # a guard against hanging, not a speed check
        while not _someone_waits_for_a_lock(engine):
            assert not done.is_set(), "the second writer did not wait for the first"
            assert time.monotonic() < give_up, "the second writer never got to the lock"
            time.sleep(0.01)
        first.commit()
    finally:
        first.close()
    worker.join()
    with Session(engine) as s:
        assert changes(s, pid) == 2  # type: ignore[arg-type]


OLD_ROWS = [
    "INSERT INTO prospect (id, slug, name, lang, created_at, updated_at) VALUES "
    "(1, 'ana', 'Ana', 'en', '2026-01-01 09:00:00', '2026-01-01 09:00:00'), "
    "(2, 'bob', 'Bob', 'en', '2026-01-01 09:00:00', '2026-01-01 09:00:00')",
    "INSERT INTO source (id, prospect_id, url, origin, status, created_at, last_fetched_at) "
    "VALUES (1, 1, 'https://a.example/', 'user', 'ok', '2026-01-01 09:00:00', "
    "'2026-03-01 09:00:00'), (2, 1, 'https://b.example/', 'user', 'ok', "
    "'2026-01-01 09:00:00', '2026-04-01 09:00:00')",
    "INSERT INTO brief (prospect_id, created_at, format, lang, note_ids, model, given) VALUES "
    "(1, '2026-02-01 09:00:00', 'pdf', 'en', '[]', '{}', true), "
    "(1, '2026-05-01 09:00:00', 'html', 'en', '[]', '{}', false)",
    "INSERT INTO note (prospect_id, origin, kind, text, text_key, first_seen_at, last_seen_at, "
    "updated_at, gone_at) VALUES "
    "(1, 'web', 'goal', 'before', 'before', '2026-01-10 09:00:00', '2026-01-10 09:00:00', "
    "'2026-01-10 09:00:00', NULL), "
    "(1, 'web', 'goal', 'after', 'after', '2026-03-01 09:00:00', '2026-03-01 09:00:00', "
    "'2026-03-01 09:00:00', NULL), "
    "(1, 'web', 'goal', 'gone', 'gone', '2026-01-10 09:00:00', '2026-01-10 09:00:00', "
    "'2026-03-01 09:00:00', '2026-03-01 09:00:00'), "
    "(2, 'manual', 'risk', 'bob', 'bob', '2026-01-10 09:00:00', '2026-01-10 09:00:00', "
    "'2026-01-10 09:00:00', NULL)",
    "INSERT INTO fact (prospect_id, source_id, field, value, seen_at, last_seen_at, gone_at) "
    "VALUES (1, 1, 'job_title', 'COO', '2026-01-10 09:00:00', '2026-03-01 09:00:00', "
    "'2026-03-01 09:00:00'), (1, 1, 'job_title', 'CEO', '2026-03-01 09:00:00', "
    "'2026-03-01 09:00:00', NULL)",
]


def test_the_upgrade_works_out_the_figures_of_existing_rows(db_url: str) -> None:
    from sqlalchemy import text

    from prospect.store.engine import make_engine, migrate, open_db

    old = make_engine(db_url)
    migrate(old, "0004")  # the schema the previous release left
    with old.begin() as conn:
        for sql in OLD_ROWS:
            conn.execute(text(sql))
    old.dispose()
    engine = open_db(db_url)
    try:
        with Session(engine) as s:
            (ana, ana_brief, ana_gathered), bob = figures(s, 1, 2)
            # after the given brief: one note added, one gone, the title changed (one change)
            assert ana == 3 and bob == (1, None, None)  # no brief yet: its one note
            assert (ana_brief.month, ana_gathered.month) == (2, 4)
    finally:
        engine.dispose()


def test_downgrade_drops_the_figures_and_upgrade_works_them_out_again(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from prospect.store.engine import _alembic_config, current_revision, open_db

    engine = open_db(db_url)
    try:
        with Session(engine) as s:
            ana = person(s)
            web_note(s, ana, None, "Grow.", first=days_ago(2))
            pid = ana.id
        with engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0004")  # type: ignore[arg-type]
        assert current_revision(engine) == "0004"
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("prospect")}
        assert columns.isdisjoint(tally.COLUMNS) and "name" in columns
    finally:
        engine.dispose()
    again = open_db(db_url)
    try:
        with Session(again) as s:
            assert changes(s, pid) == 1  # type: ignore[arg-type]
    finally:
        again.dispose()
