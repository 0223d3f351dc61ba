"""A page read by gather's pure step and written by apply_page, and paste_notes, on SQLite and
PostgreSQL: facts history, one note per sentence across pages, gone_at on disappearance and
reappearance, pasted notes left alone."""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import timedelta

import pytest
from extract_support import page_bytes
from sqlmodel import select

from prospect.errors import InvalidValue
from prospect.extract import Person
from prospect.gather.pipeline import read_html
from prospect.store import repo
from prospect.store.models import Event, Fact, Note, NoteSource, Snapshot, utcnow
from prospect.store.sync import apply_page
from prospect.upkeep.paste import paste_notes

ANA = "Ana García Rojas"
GOAL = "Ana García Rojas wants to double cross-border volume by 2027 without new warehouses."


def html(*paragraphs: str, job: str | None = None) -> str:
    ld = ""
    if job:
        ld = ('<script type="application/ld+json">' + json.dumps(
            {"@type": "Person", "name": ANA, "jobTitle": job}) + "</script>")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>Page</title>{ld}</head><body><article>{body}"
            "</article></body></html>")


@pytest.fixture
def world(session):
    p = repo.add_prospect(session, repo.ProspectInput(ANA, company="Brightline Freight",
                                                      lang="es"),
                          urls=["https://a.example/team", "https://b.example/news"])
    a, b = repo.list_sources(session, p.id)
    clock = {"now": utcnow()}

    def see(source, text: str):
        """Read `text`, store a snapshot of it for `source` and apply it, as gather does;
        commit."""
        page = read_html(text, source.url, Person(p.name, p.company, p.title, p.lang))
        clock["now"] += timedelta(minutes=5)
        raw = text.encode()
        snap = Snapshot(source_id=source.id, final_url=source.url, content_type="text/html",
                        body=zlib.compress(raw), content_hash=hashlib.sha256(raw).hexdigest(),
                        fetched_at=clock["now"])
        session.add(snap)
        session.flush()
        result = apply_page(session, p.id, source, snap, page, clock["now"])
        session.commit()
        return result, snap

    return p, a, b, see


def _notes(session, pid):
    return session.exec(select(Note).where(Note.prospect_id == pid).order_by(Note.id)).all()


def _links(session, note_id):
    return sorted(ns.source_id for ns in session.exec(
        select(NoteSource).where(NoteSource.note_id == note_id)).all())


def test_a_team_page_stores_her_facts_and_notes(session, world):
    p, a, _, see = world
    result, snap = see(a, page_bytes("team_en.html").decode())
    facts = session.exec(select(Fact).where(Fact.prospect_id == p.id)).all()
    assert {(f.field, f.value) for f in facts} >= {("job_title", "Chief Executive Officer"),
                                                  ("email", "ana.garcia@brightline.example")}
    assert all(f.source_id == a.id and f.gone_at is None for f in facts)
    assert result.facts_added == len(facts)
    notes = _notes(session, p.id)
    assert result.notes_added == len(notes) == 3
    for n in notes:
        assert n.origin == "web" and n.source_id == a.id and n.snapshot_id == snap.id
        assert n.text_key == repo.note_key(n.text) and n.lang == "en"
        assert n.kind in ("bio", "goal", "risk", "interest", "achievement", "quote", "event",
                          "other")
        assert n.first_seen_at == n.last_seen_at and n.gone_at is None
        assert _links(session, n.id) == [a.id]
    assert all("Pedro" not in n.text for n in notes)
    session.refresh(a)
    assert a.title == "Our leadership team"


def test_near_duplicates_across_pages_are_one_note(session, world):
    p, a, b, see = world
    see(a, html(GOAL))
    # the second site adds a word and changes the punctuation: the same statement
    result, _ = see(b, html(GOAL.replace("without new", "without any new").replace(".", "!")))
    notes = _notes(session, p.id)
    assert len(notes) == 1 and result.notes_added == 0
    assert _links(session, notes[0].id) == sorted([a.id, b.id])
    assert notes[0].source_id == a.id  # the first page it was seen on
    # a changed year or verb is a different statement, not a duplicate
    result, _ = see(b, html(GOAL.replace("2027", "2029"), GOAL.replace("double", "halve")))
    assert result.notes_added == 2 and len(_notes(session, p.id)) == 3


def test_near_duplicate_rules():
    from prospect.store.sync import near_duplicate

    key = repo.note_key
    assert near_duplicate(key("Según Reuters, " + GOAL), key(GOAL))
    assert near_duplicate(key('"We cannot," said Smith.'), key('"We cannot," Smith said.'))
    assert not near_duplicate(key(GOAL), key(GOAL.replace("wants to", "plans to")))
    assert not near_duplicate(key(GOAL), key(GOAL.replace("2027", "2028")))


def test_gone_when_the_last_page_drops_it_and_back_when_it_returns(session, world):
    p, a, b, see = world
    see(a, html(GOAL))
    see(b, html(GOAL))
    note = _notes(session, p.id)[0]
    _, later = see(a, html("Ana García Rojas opened a new office in Chicago this spring."))
    session.refresh(note)
    assert note.gone_at is None and _links(session, note.id) == [b.id]
    result, _ = see(b, html("Nothing about her here, only the weather report."))
    session.refresh(note)
    assert note.gone_at is not None and result.notes_gone == 1
    assert _links(session, note.id) == []
    result, snap = see(b, html(GOAL))
    session.refresh(note)
    assert note.gone_at is None and result.notes_added == 0
    assert _links(session, note.id) == [b.id] and note.last_seen_at > note.first_seen_at
    assert len([n for n in _notes(session, p.id) if n.text == GOAL]) == 1


def test_facts_keep_their_history(session, world):
    p, a, _, see = world
    see(a, html("Hola.", job="Directora de operaciones"))
    first = session.exec(select(Fact).where(Fact.field == "job_title")).one()
    seen_before = first.last_seen_at
    see(a, html("Hola de nuevo.", job="Directora de operaciones"))
    session.refresh(first)
    assert first.last_seen_at > seen_before and first.gone_at is None
    result, _ = see(a, html("Hola.", job="Directora general"))
    rows = session.exec(select(Fact).where(Fact.field == "job_title").order_by(Fact.id)).all()
    assert [(r.value, r.gone_at is None) for r in rows] == [
        ("Directora de operaciones", False), ("Directora general", True)]
    assert result.facts_added == 1
    # the old value coming back is a new row: the gap stays in the history
    see(a, html("Hola.", job="Directora de operaciones"))
    rows = session.exec(select(Fact).where(Fact.field == "job_title").order_by(Fact.id)).all()
    assert [(r.value, r.gone_at is None) for r in rows] == [
        ("Directora de operaciones", False), ("Directora general", False),
        ("Directora de operaciones", True)]
    assert repo.prospect_dict(session, p)["facts"][0]["value"] in (
        "Directora de operaciones", ANA)


def test_pasted_notes_are_never_touched_by_a_gather(session, world):
    p, a, _, see = world
    pasted = paste_notes(session, p, "Ana quiere reducir costos de aduana este año.",
                         source_url=a.url, actor="tester")
    assert len(pasted) == 1 and pasted[0].origin == "paste" and pasted[0].source_id == a.id
    see(a, html(GOAL))
    see(a, html("Nothing about her now, only a report on the weather."))
    session.refresh(pasted[0])
    assert pasted[0].gone_at is None and _links(session, pasted[0].id) == [a.id]


def test_paste_splits_classifies_logs_and_skips_repeats(session, world):
    p, *_ = world
    text = ("Su meta es duplicar las ventas en 2026. «Me preocupa el presupuesto», dijo.\n"
            "She worries about the budget for the new system.")
    notes = paste_notes(session, p.slug, text, actor="tester")
    assert [n.text for n in notes] == ["Su meta es duplicar las ventas en 2026.",
                                       "«Me preocupa el presupuesto», dijo.",
                                       "She worries about the budget for the new system."]
    assert all(n.origin == "paste" and n.author == "tester" and n.source_id is None
               for n in notes)
    assert notes[2].lang == "en" and notes[0].lang == "es"
    ev = session.exec(select(Event).where(Event.action == "note.paste")).one()
    assert json.loads(ev.detail)["count"] == 3
    again = paste_notes(session, p.slug, text + "\nA new sentence about her plans.")
    assert [n.text for n in again] == ["A new sentence about her plans."]
    with pytest.raises(InvalidValue, match="nothing to paste"):
        paste_notes(session, p.slug, "  \n ")


def test_the_near_duplicate_index_finds_what_a_scan_of_every_note_finds():
    import random

    from prospect.store.sync import NoteIndex, near_duplicate

    rng = random.Random(7)
    words = [f"w{i}" for i in range(60)] + ["2027", "2029", "ana", "garcia", "the", "of"]
    keys = list(dict.fromkeys(" ".join(rng.choice(words) for _ in range(rng.randint(3, 16)))
                              for _ in range(400)))
    notes = [Note(prospect_id=1, text=k, text_key=k) for k in keys]
    index = NoteIndex(notes)

    def variants(key: str):
        w = key.split()
        yield " ".join(["according", "to"] + w)  # words added at the edge
        yield " ".join(w[1:])  # a word dropped
        yield " ".join(w[1:] + w[:1])  # a word moved
        yield " ".join(w[:-1] + ["changed"])  # a word changed
        yield " ".join(rng.choice(words) for _ in range(len(w)))

    probes = [v for k in keys[:120] for v in variants(k) if v]
    found = 0
    for probe in probes:
        scan = next((n for n in notes if probe == n.text_key), None) or next(
            (n for n in notes if near_duplicate(probe, n.text_key)), None)
        assert index.find(probe) is scan, probe
        found += scan is not None
    assert found > len(probes) // 3  # the probes exercise matches, not only misses
