"""A REF names exactly one prospect by id, slug or exact name; nothing is ever guessed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from prospect.errors import NotFound
from prospect.store.models import Prospect
from prospect.store.repo import ProspectInput, add_prospect, get_prospect
from prospect.text import SLUG_MAX, slugify

NAMES = ["王小明", "李四", "Ana García Rojas", "Ana García Rojas", "Dana Whitfield",
         "😀 Smiley", "!!!"]


def _people(session: Session) -> list[Prospect]:
    return [add_prospect(session, ProspectInput(name=n)) for n in NAMES]


def test_non_latin_names_get_meaningful_unique_slugs(session: Session) -> None:
    made = _people(session)
    slugs = [p.slug for p in made]
    assert slugs[:4] == ["wang-xiao-ming", "li-si", "ana-garcia-rojas", "ana-garcia-rojas-2"]
    assert len(set(slugs)) == len(slugs)
    assert all(len(s) <= SLUG_MAX for s in slugs)
    assert len(slugify("Wolfgang Amadeus " * 20)) <= SLUG_MAX


@pytest.mark.parametrize("ref", ["李四x", "😀", "", "  ", "prospect-9", "ana",
                                 "99999999999999999999999", "9223372036854775808", "-1"])
def test_a_ref_that_names_nobody_is_not_found(session: Session, ref: str) -> None:
    _people(session)
    with pytest.raises(NotFound):
        get_prospect(session, ref)


def test_exact_name_and_ambiguity(session: Session) -> None:
    made = _people(session)
    assert get_prospect(session, "李四").id == made[1].id
    assert get_prospect(session, "dana whitfield").id == made[4].id  # the same name, any case
    with pytest.raises(NotFound, match="2 prospects are called 'Ana García Rojas'"):
        get_prospect(session, "Ana García Rojas")
    assert get_prospect(session, "ana-garcia-rojas-2").id == made[3].id
    with pytest.raises(NotFound, match="did you mean dana-whitfield"):
        get_prospect(session, "dana")


def test_forget_a_stranger_erases_nobody(cli, session: Session) -> None:  # type: ignore[no-untyped-def]
    wang = add_prospect(session, ProspectInput(name="王小明"))
    for ref in ("李四", "😀", "!!!", "", "prospect"):
        for command in ("forget", "remove"):
            r = cli(command, ref, "--yes")
            assert r.exit_code == 1, (command, ref, r.output)
            assert r.output.startswith("Error: ")
    session.expire_all()
    assert session.get(Prospect, wang.id) is not None
    assert cli("show", "").exit_code == 1
    assert cli("show", "99999999999999999999999").exit_code == 1
    assert cli("show", "9223372036854775808").exit_code == 1


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(ref=st.one_of(st.text(max_size=24), st.sampled_from(NAMES + ["1", "2", "li-si"])))
def test_any_ref_resolves_to_a_prospect_it_names_or_fails(session: Session, ref: str) -> None:
    if not session.exec(select(Prospect)).first():
        _people(session)
    try:
        p = get_prospect(session, ref)
    except NotFound:
        return
    said = " ".join(ref.split())
    assert said in (str(p.id), p.slug) or p.name.casefold() == said.casefold()
