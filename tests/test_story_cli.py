"""`prospect story init | load | show` on SQLite and PostgreSQL; bad files change nothing."""

from __future__ import annotations

import json
from pathlib import Path

from story_support import TEST_STORY, write_story


def _show(cli) -> dict:  # type: ignore[no-untyped-def]
    r = cli("story", "show", "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_show_without_story_is_one_clear_line(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("story", "show")
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines() == [
        "Error: no company story loaded: run 'prospect story init' then "
        "'prospect story load FILE'"]


def test_init_load_show_and_versions(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "story.toml"
    r = cli("story", "init", str(target))
    assert r.exit_code == 0, r.output
    assert f"prospect story load {target}" in r.stdout
    r = cli("story", "load", str(target))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Loaded story version 1 (Puente Systems): 7 themes")
    shown = _show(cli)
    assert shown["version"] == 1 and shown["company"]["name"] == "Puente Systems"
    assert shown["author"] and shown["loaded_at"]

    r = cli("story", "load", str(target))  # the same file again: nothing new
    assert "already active" in r.stdout and _show(cli)["version"] == 1

    mine = write_story(tmp_path, TEST_STORY, "acme.toml")
    r = cli("--author", "maria", "story", "load", str(mine), "--json")
    assert r.exit_code == 0, r.output
    loaded = json.loads(r.stdout)
    assert loaded["version"] == 2 and loaded["author"] == "maria"
    assert [t["id"] for t in loaded["themes"]][:2] == ["warehouse-flow", "faster-close"]
    assert _show(cli)["company"]["name"] == "Acme Ledger"

    r = cli("story", "show")
    assert r.exit_code == 0 and "Acme Ledger" in r.stdout and "faster-close" in r.stdout

    from sqlmodel import Session, select

    from prospect.store import open_db
    from prospect.store.models import Event, StoryVersion

    engine = open_db(cli.db_url)
    try:
        with Session(engine) as s:
            rows = s.exec(select(StoryVersion).order_by(StoryVersion.id)).all()
            assert [(v.id, v.company) for v in rows] == [(1, "Puente Systems"),
                                                         (2, "Acme Ledger")]
            assert rows[1].toml == TEST_STORY
            events = s.exec(select(Event).where(Event.action == "story.load")).all()
            assert [json.loads(e.detail)["version"] for e in events] == [1, 2]
            assert events[1].actor == "maria"
    finally:
        engine.dispose()


BAD = {
    "syntax": ("\n".join(TEST_STORY.splitlines()[:6] + ['id = "oops'] +
                         TEST_STORY.splitlines()[7:]), "line 7: not valid TOML"),
    "category": (TEST_STORY.replace('serves = ["compliance"]', 'serves = ["complience"]'),
                 "theme 'audit-trail': unknown goal category 'complience'"),
    "duplicate": (TEST_STORY.replace('id = "pilot"', 'id = "second-source"'),
                  "duplicate risk reducer id 'second-source'"),
    "missing": (TEST_STORY.replace('answers = ["budget"]\nkeywords = ["fee"', 'keywords = ["fee"'),
                "tco item 'fixed-fee' is missing the field 'answers'"),
}


def test_bad_files_fail_in_one_line_and_keep_the_active_story(  # type: ignore[no-untyped-def]
        cli, tmp_path: Path) -> None:
    good = write_story(tmp_path, TEST_STORY, "good.toml")
    assert cli("story", "load", str(good)).exit_code == 0
    for name, (text, expected) in BAD.items():
        path = write_story(tmp_path, text, f"{name}.toml")
        r = cli("story", "load", str(path))
        assert r.exit_code == 1, (name, r.output)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {path}, line "), (name, lines)
        assert expected in lines[0], (name, lines)
        assert "Traceback" not in r.output
    shown = _show(cli)
    assert shown["version"] == 1 and shown["company"]["name"] == "Acme Ledger"


def test_init_defaults_to_story_toml_and_never_overwrites(  # type: ignore[no-untyped-def]
        cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = cli("story", "init")
    assert r.exit_code == 0, r.output
    target = tmp_path / "story.toml"
    assert "[company]" in target.read_text(encoding="utf-8")
    target.write_text("my own notes", encoding="utf-8")
    r = cli("story", "init")
    assert r.exit_code == 1
    assert r.stderr.strip() == ("Error: story.toml already exists; choose another path or "
                                "remove it first")
    assert target.read_text(encoding="utf-8") == "my own notes"
    r = cli("story", "load", str(tmp_path / "nope.toml"))
    assert r.exit_code == 1
    assert r.stderr.strip() == f"Error: story file not found: {tmp_path / 'nope.toml'}"
