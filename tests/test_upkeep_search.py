"""Search across notes, facts and names, on SQLite (FTS5) and PostgreSQL (unaccent + GIN)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select
from upkeep_support import days_ago, fact, person, source, web_note

from prospect.errors import InvalidValue
from prospect.store.models import Note
from prospect.store.repo import add_note, delete_note, edit_note, edit_prospect
from prospect.upkeep.search import fts5_query, search


@pytest.fixture
def people(session):  # type: ignore[no-untyped-def]
    ana = person(session)
    src = source(session, ana, "https://acme.example/equipo")
    web_note(session, ana, src, "Quiere reducir los retrasos de la cadena de suministro en 2026")
    web_note(session, ana, src, "Le preocupa el coste de cambiar de proveedor", kind="risk")
    fact(session, ana, src, "job_title", "Directora de Operaciones")
    bob = person(session, "Bob Müller", "Nordwind GmbH")
    bsrc = source(session, bob, "https://nordwind.example/about")
    web_note(session, bob, bsrc, "Bob wants supply chain visibility across every warehouse")
    web_note(session, bob, bsrc, "Supply chain supply chain supply chain resilience is his theme",
             kind="interest")
    return ana, bob


def test_accent_and_case_insensitive_both_ways(session, people) -> None:  # type: ignore[no-untyped-def]
    for query in ("garcia", "GARCÍA", "García", "gArCiA"):
        hits = search(session, query)
        assert [(h["slug"], h["kind"]) for h in hits] == [("ana-garcia-rojas", "name")]
    # an accented query finds unaccented text and vice versa
    assert search(session, "muller")[0]["name"] == "Bob Müller"
    assert search(session, "MÜLLER")[0]["slug"] == "bob-muller"
    hits = search(session, "OPERACIÓNES")  # a wrong accent is still found
    assert hits[0]["kind"] == "fact:job_title"
    assert hits[0]["source_url"] == "https://acme.example/equipo"


def test_hits_carry_prospect_and_source(session, people) -> None:  # type: ignore[no-untyped-def]
    hits = search(session, "cadena suministro")
    assert hits == [{"slug": "ana-garcia-rojas", "name": "Ana García Rojas", "kind": "goal",
                     "text": "Quiere reducir los retrasos de la cadena de suministro en 2026",
                     "source_url": "https://acme.example/equipo"}]


def test_all_words_must_match_and_ranking(session, people) -> None:  # type: ignore[no-untyped-def]
    assert search(session, "supply warehouse")[0]["text"].startswith("Bob wants")
    assert search(session, "supply nonexistentword") == []
    hits = search(session, "supply chain")
    assert len(hits) == 2
    # the note that says "supply chain" four times ranks first
    assert hits[0]["kind"] == "interest"


def test_kind_filter(session, people) -> None:  # type: ignore[no-untyped-def]
    assert {h["kind"] for h in search(session, "supply", kind="goal")} == {"goal"}
    assert search(session, "supply", kind="risk") == []
    assert [h["kind"] for h in search(session, "proveedor", kind="RISK")] == ["risk"]
    assert [h["kind"] for h in search(session, "operaciones", kind="fact")] == ["fact:job_title"]
    assert search(session, "operaciones", kind="fact:organization") == []
    assert [h["kind"] for h in search(session, "bob", kind="name")] == ["name"]
    with pytest.raises(InvalidValue, match="'colour'"):
        search(session, "bob", kind="colour")


@pytest.mark.parametrize("query", ['"', 'supply" OR "x', "NEAR(supply", "supply*", "a:b",
                                   "AND", "-supply", "(", "supply ^ chain", "' OR 1=1 --"])
def test_fts_syntax_never_reaches_the_user(session, people, query: str) -> None:  # type: ignore[no-untyped-def]
    try:
        hits = search(session, query)
    except InvalidValue as exc:
        assert repr(query) in str(exc) or "word" in str(exc)
        return
    assert isinstance(hits, list)


def test_fts5_query_quotes_every_term() -> None:
    assert fts5_query('supply "chain') == '"supply" """chain"'
    with pytest.raises(InvalidValue):
        fts5_query("  -- ( ")


def test_limit_and_empty_query(session, people) -> None:  # type: ignore[no-untyped-def]
    assert len(search(session, "supply", limit=1)) == 1
    with pytest.raises(InvalidValue):
        search(session, "   ")
    with pytest.raises(InvalidValue, match="limit"):
        search(session, "supply", limit=0)


def test_index_follows_inserts_edits_and_deletes(session, people) -> None:  # type: ignore[no-untyped-def]
    ana, _bob = people
    n = add_note(session, ana.id, "Habla de automatización del almacén", kind="interest")
    assert search(session, "automatizacion")[0]["text"] == n.text
    edit_note(session, n.id, text="Habla de robótica")  # type: ignore[arg-type]
    assert search(session, "automatizacion") == []
    assert search(session, "robotica")[0]["kind"] == "interest"
    delete_note(session, n.id)  # type: ignore[arg-type]
    assert search(session, "robotica") == []
    edit_prospect(session, ana.id, {"name": "Ana Gómez"})  # type: ignore[arg-type]
    assert search(session, "garcia", kind="name") == []
    assert search(session, "gomez", kind="name")[0]["slug"] == "ana-garcia-rojas"


def test_gone_notes_and_facts_are_not_hits(session, people) -> None:  # type: ignore[no-untyped-def]
    ana, _bob = people
    note = session.exec(select(Note).where(Note.kind == "risk")).one()
    note.gone_at = days_ago(0)
    session.add(note)
    session.commit()
    assert search(session, "proveedor") == []
    fact(session, ana, None, "organization", "Vieja Empresa", seen=days_ago(9), gone=days_ago(1))
    assert search(session, "vieja") == []


def test_many_hits_filtered_after_ranking_still_fill_the_page(session) -> None:  # type: ignore[no-untyped-def]
    p = person(session, "Carla Núñez")
    src = source(session, p, "https://c.example/")
    for i in range(130):
        web_note(session, p, src, f"logistics topic number {i}", gone=days_ago(0))
    web_note(session, p, src, "logistics that still holds")
    hits = search(session, "logistics", limit=5)
    assert [h["text"] for h in hits] == ["logistics that still holds"]


def test_search_cli_json_and_table(cli, session, people) -> None:  # type: ignore[no-untyped-def]
    result = cli("search", "garcía", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["slug"] == "ana-garcia-rojas"
    result = cli("search", "proveedor")
    assert result.exit_code == 0
    assert "ana-garcia-rojas" in result.output and "risk" in result.output
    result = cli("search", "zzzz")
    assert result.exit_code == 0 and "Nothing found for 'zzzz'." in result.output
    result = cli("search", "bob", "--kind", "colour")
    assert result.exit_code == 1
    assert result.output.startswith("Error: search kind must be one of")


def test_prospect_ids_are_the_prospects_of_the_hits(session, people) -> None:  # type: ignore[no-untyped-def]
    from prospect.upkeep.search import search_prospect_ids

    ana, bob = people
    slug_of = {ana.id: ana.slug, bob.id: bob.slug}
    for query, kind in (("supply chain", None), ("garcia", None), ("proveedor", "risk"),
                        ("supply", "goal"), ("zzz", None)):
        hits = search(session, query, kind=kind, limit=50)
        ids = search_prospect_ids(session, query, kind=kind, limit=50)
        assert [slug_of[i] for i in ids] == list(dict.fromkeys(h["slug"] for h in hits))
    assert search_prospect_ids(session, "supply chain") == [bob.id]  # two hits, one prospect
