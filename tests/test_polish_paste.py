"""Pasted call notes: bullets, doubled quotes and headings never reach a note or a brief."""

from __future__ import annotations

import json

import pytest

from prospect.extract.paste import clean_lines, is_heading, undouble_quotes

CALL = '''Call with Dana, 3 Dec
- ""Our priority is cutting month-end close to three days."
- Worried the last vendor took three months to go live
* Budget approved for Q3.
Next steps:
1. Send the cost-of-ownership sheet by Friday.
## Background
Dana has led operations since 2021.
'''


def test_pasted_call_notes_become_clean_notes(cli, tmp_path):
    cli("add", "Dana Whitfield", "--company", "Acme")
    res = cli("note", "paste", "dana-whitfield", "--json", input=CALL)
    assert res.exit_code == 0, res.output
    texts = [n["text"] for n in json.loads(res.stdout)]
    assert texts == ['"Our priority is cutting month-end close to three days."',
                     "Worried the last vendor took three months to go live",
                     "Budget approved for Q3.",
                     "Send the cost-of-ownership sheet by Friday.",
                     "Dana has led operations since 2021."]
    for t in texts:
        assert '""' not in t and not t.startswith(("- ", "* ", "1. ", "#"))
    assert not any("Call with Dana" in t or "Next steps" in t for t in texts)


def test_a_brief_never_shows_pasted_debris(cli, tmp_path):
    from prospect.story import example_story_path

    cli("story", "load", str(example_story_path()))
    cli("add", "Dana Whitfield", "--company", "Acme")
    cli("note", "paste", "dana-whitfield", input=CALL)
    md = cli("brief", "dana-whitfield", "-f", "md").stdout
    assert '""' not in md and "Call with Dana" not in md and "- - " not in md


@pytest.mark.parametrize("line,expected", [
    ('""Our priority…"', '"Our priority…"'),
    ('""Quality first""', '"Quality first"'),
    ('He said ""no"" twice.', 'He said "no" twice.'),
    ('Plain line.', 'Plain line.'),
    ('"Unclosed start', 'Unclosed start'),
])
def test_undouble_quotes(line, expected):
    assert undouble_quotes(line) == expected


@pytest.mark.parametrize("line,heading", [
    ("Call with Dana, 3 Dec", True), ("Reunión con Lucía, 14 de octubre", True),
    ("Meeting notes 2026-12-03", True), ("Next steps:", True), ("# Notes", True),
    ("Budget approved for Q3", False), ("Decision expected 15 Jan", False),
    ("Dana wants a pilot in two plants before she signs anything for all of them:", False),
    ("Call me when the pilot is done.", False),
])
def test_headings(line, heading):
    assert is_heading(line) is heading


def test_numbered_and_bulleted_lines_keep_their_words():
    assert clean_lines("1) First point\n• Second point\n> quoted reply\n- -3% churn") == [
        "First point", "Second point", "quoted reply", "-3% churn"]
