"""Property tests of the contact readers: any input gives rows or a ProspectError, no traceback."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from prospect.errors import ProspectError
from prospect.upkeep.contacts import HEADERS, decode, parse_csv
from prospect.upkeep.importer import ImportResult, import_file
from prospect.upkeep.vcard import parse_vcards

BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE]
HEADER_NAMES = sorted({"First Name", "Last Name", "Name", "Email", "Company", "Title", "Notes",
                       "Phone", "Owner", "Stage", "LinkedIn URL", "Website", "Language", *(
                           h.title() for h in list(HEADERS)[:40])})
# cells that have broken parsers before: quotes, delimiters, brackets in URLs, formula quotes
TRICKY = st.sampled_from(['"', '""', ";", ",", "\r\n", "\n\n", "http://[", "https://x.example/a b",
                          "'=1+1", "=HYPERLINK(\"x\")", "\x00", "\ufeff", "é", "Spanish", "es",
                          "www.", "a@b", "[::1]", "\\", "BEGIN:VCARD"])
CELL = st.one_of(st.text(max_size=30), TRICKY)
PROPS = st.sampled_from(["FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "NOTE", "URL", "ADR",
                         "LANG", "X-SOCIALPROFILE", "X-PROSPECT-OWNER", "item1.URL", "BEGIN",
                         "END", "VERSION", "PHOTO"])
PARAMS = st.lists(st.sampled_from(["TYPE=WORK", "ENCODING=QUOTED-PRINTABLE", "CHARSET=UTF-8",
                                   "CHARSET=idna", "CHARSET=rot13", "CHARSET=nonsense",
                                   "QUOTED-PRINTABLE", "CHARSET="]), max_size=3)
FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    delim = draw(st.sampled_from([",", ";"]))
    header = draw(st.lists(st.sampled_from(HEADER_NAMES), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELL, max_size=len(header) + 2), max_size=6))

    def line(cells: list[str]) -> str:
        quoted = [f'"{c}"' if draw(st.booleans()) else c for c in cells]
        return delim.join(quoted)

    return "\r\n".join([line(header), *(line(r) for r in rows)])


@st.composite
def vcard_texts(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 3))):
        lines.append("BEGIN:VCARD")
        for _ in range(draw(st.integers(0, 8))):
            params = "".join(f";{p}" for p in draw(PARAMS))
            lines.append(f"{draw(PROPS)}{params}:{draw(CELL)}")
            if draw(st.booleans()):
                lines.append(" " + draw(CELL))  # a folded continuation
        if draw(st.booleans()):
            lines.append("END:VCARD")
    return draw(st.sampled_from(["\r\n", "\n"])).join(lines)


def _only_rows_or_error(fn, *args) -> None:  # type: ignore[no-untyped-def]
    try:
        rows = fn(*args)
    except ProspectError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(rows, list)


@FUZZ
@given(bom=st.sampled_from(BOMS), body=st.binary(max_size=300))
def test_decode_any_bytes(bom: bytes, body: bytes) -> None:
    _only_rows_or_error(lambda: [decode(bom + body, "x.csv")])


@FUZZ
@given(text=st.one_of(st.text(max_size=300), csv_texts()))
def test_parse_csv_any_text(text: str) -> None:
    _only_rows_or_error(parse_csv, text)


@FUZZ
@given(text=st.one_of(st.text(max_size=300), vcard_texts()))
def test_parse_vcards_any_text(text: str) -> None:
    _only_rows_or_error(parse_vcards, text)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from prospect.store import open_db

    engine = open_db(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
    yield engine
    engine.dispose()


@FUZZ
@given(data=st.one_of(
    csv_texts().map(lambda t: ("x.csv", t.encode("utf-8"))),
    vcard_texts().map(lambda t: ("x.vcf", t.encode("utf-8"))),
    csv_texts().map(lambda t: ("x.csv", t.encode("utf-16"))),
    st.binary(max_size=200).map(lambda b: ("x.csv", b))))
def test_import_any_file_gives_a_result_or_one_line(fuzz_db, tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    name, raw = data
    path: Path = tmp_path_factory.mktemp("in") / name
    path.write_bytes(raw)
    with Session(fuzz_db) as s:
        try:
            result = import_file(s, path, actor="fuzz")
        except ProspectError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
    assert isinstance(result, ImportResult)
    assert result.created or result.updated or result.unchanged
