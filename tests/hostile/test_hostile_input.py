"""Issue 17.10, 17.12 and 17.16: settings from the environment, pasted bytes of any kind, NUL
and lone surrogates on their way to the store, a re-added source."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from prospect.config import GatherSettings
from prospect.errors import InvalidValue
from prospect.store.models import Note, Prospect
from prospect.upkeep.paste import MAX_PASTE_BYTES, decode_pasted


@pytest.mark.parametrize(("name", "value"), [
    ("PROSPECT_CONCURRENCY", "inf"), ("PROSPECT_CONCURRENCY", "nan"),
    ("PROSPECT_MAX_BYTES", "1e400"), ("PROSPECT_MAX_BYTES", "-inf"),
    ("PROSPECT_PER_HOST", "1e300"), ("PROSPECT_TIMEOUT", "nan"), ("PROSPECT_DELAY", "-1"),
    ("PROSPECT_CONCURRENCY", "0"), ("PROSPECT_CONCURRENCY", "many")])
def test_a_setting_out_of_range_is_one_clear_line(monkeypatch, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(name, value)
    with pytest.raises(InvalidValue, match=name):
        GatherSettings.from_env()


def test_gather_with_an_infinite_setting_says_so(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PROSPECT_CONCURRENCY", "inf")
    assert cli("add", "Ana García", "--url", "http://127.0.0.1:9/").exit_code == 0
    r = cli("gather", "--all")
    assert r.exit_code == 1, r.output
    assert r.output.startswith("Error: PROSPECT_CONCURRENCY must be a number from 1 to 1000")


def test_sane_settings_still_apply(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PROSPECT_CONCURRENCY", "4")
    monkeypatch.setenv("PROSPECT_MAX_BYTES", "2e6")
    s = GatherSettings.from_env()
    assert (s.concurrency, s.max_bytes) == (4, 2_000_000)


def _paste(cli, data: bytes):  # type: ignore[no-untyped-def]
    return cli("note", "paste", "ana-garcia", "--json", input=data)


def _texts(cli) -> list[str]:  # type: ignore[no-untyped-def]
    r = cli("note", "list", "ana-garcia", "--json")
    assert r.exit_code == 0, r.output
    return [n["text"] for n in json.loads(r.stdout)]


@pytest.mark.parametrize("data", [
    b"Ana wants to grow.\x00 She fears the budget.\x00\x00",
    "Ana wants to grow. She fears the budget.".encode("utf-16"),
    "Ana wants to grow. She fears the budget.".encode("utf-16-be"),
    "\ufeffAna wants to grow. She fears the budget.".encode("utf-8"),
    b"Ana wants to grow. \xff\xfe\xed\xa0\x80 She fears the budget.",
], ids=["nul", "utf16-bom", "utf16be-nobom", "utf8-bom", "binary"])
def test_paste_of_any_bytes_stores_clean_text(cli, data: bytes) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", "Ana García").exit_code == 0
    r = _paste(cli, data)
    assert r.exit_code == 0, r.output
    texts = _texts(cli)
    assert any(t.startswith("Ana wants to grow.") for t in texts), texts
    assert any("She fears the budget." in t for t in texts), texts
    for t in texts:
        assert "\x00" not in t and "\ufeff" not in t
        t.encode("utf-8")  # no lone surrogate


def test_paste_over_the_cap_is_refused_whole(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", "Ana García").exit_code == 0
    r = _paste(cli, b"Ana wants to grow. " * (MAX_PASTE_BYTES // 19 + 10))
    assert r.exit_code == 1
    assert r.output.startswith("Error: the pasted text is larger than 1 MB")
    assert _texts(cli) == []


def test_nul_and_surrogates_never_reach_the_store_from_any_path(session) -> None:  # type: ignore[no-untyped-def]
    from prospect.store.repo import ProspectInput, add_note, add_prospect, edit_note

    p = add_prospect(session, ProspectInput(name="Ana\x00 Garc\udce9a", company="Ac\ud800me"),
                     actor="te\x00st")
    n = add_note(session, p.id, "Wants \x00growth\udcff.", kind="goal", actor="t")
    edit_note(session, n.id, text="Wants \ud83d more\x00 growth.", actor="t")
    session.expire_all()
    stored = session.exec(select(Prospect)).one()
    assert (stored.name, stored.company) == ("Ana Garca", "Acme")
    assert session.exec(select(Note)).one().text == "Wants  more growth."


def test_adding_a_source_twice_says_it_was_already_there(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", "Ana García").exit_code == 0
    first = cli("source", "add", "ana-garcia", "https://acme.example/ana")
    assert first.exit_code == 0 and first.output.startswith("Added source https://acme.example/ana")
    again = cli("source", "add", "ana-garcia", "https://acme.example/ana")
    assert again.exit_code == 0
    assert again.output.startswith("Already a source: https://acme.example/ana")
    assert "nothing changed" in again.output and "(new)" not in again.output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000) | st.text(max_size=500).map(
    lambda t: t.encode("utf-16" if len(t) % 2 else "utf-8", "surrogatepass")))
def test_no_pasted_bytes_decode_to_an_error(data: bytes) -> None:
    text = decode_pasted(data)
    assert isinstance(text, str)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_no_pasted_text_raises_anything_but_invalid_value(eng, text: str) -> None:  # type: ignore[no-untyped-def]
    from prospect.store.repo import ProspectInput, add_prospect
    from prospect.upkeep.paste import paste_notes

    with Session(eng) as s:
        p = s.exec(select(Prospect)).first() or add_prospect(
            s, ProspectInput(name="Ana García"), actor="t")
        try:
            notes = paste_notes(s, p, text, actor="t")
        except InvalidValue as exc:
            assert "nothing to paste" in str(exc)
            return
        for n in notes:
            assert "\x00" not in n.text
            n.text.encode("utf-8")
