"""`prospect brief` without surprises: text on a terminal, unknown file types refused, and only
a brief that was given (a file, an export) resets "new since the last brief"."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from brief_support import seed_prospect
from sqlmodel import Session, select
from story_support import add_web_note

from prospect.store import Brief, Prospect, open_db

ROOT = Path(__file__).resolve().parents[1]


def _seed(url: str) -> str:
    engine = open_db(url)
    with Session(engine) as s:
        slug = seed_prospect(s, name="Dana Whitfield", notes=4, sources=2).slug
    engine.dispose()
    return slug


def test_brief_on_a_terminal_prints_text_not_html(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    slug = _seed(sqlite_url)
    leader, follower = pty.openpty()
    env = os.environ | {"PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "prospect", "--db", sqlite_url, "brief", slug],
                            stdout=follower, stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    shown = b"".join(chunks).decode()
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert shown.startswith("Dana Whitfield") and "<html" not in shown.lower()
    assert "<" not in shown.split("\n", 1)[0]
    # piped, the same command still gives HTML (for `> brief.html`)
    piped = subprocess.run([sys.executable, "-m", "prospect", "--db", sqlite_url, "brief", slug],
                           capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    assert "<html" in piped.stdout.lower()


def test_unknown_extension_is_refused_with_the_formats(cli, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    slug = _seed(db_url)
    out = tmp_path / "brief.docx"
    result = cli("brief", slug, "-o", str(out))
    assert result.exit_code == 1
    assert ".docx" in result.output and ".pdf" in result.output and ".md" in result.output
    assert not out.exists()
    engine = open_db(db_url)
    with Session(engine) as s:
        assert s.exec(select(Brief)).all() == []  # nothing recorded either
    engine.dispose()
    # an explicit --format wins over the name
    assert cli("brief", slug, "-o", str(out), "-f", "md").exit_code == 0
    assert out.read_text().startswith("# Dana Whitfield")


def test_a_preview_does_not_reset_new_since_the_last_brief(cli, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    slug = _seed(db_url)
    given = cli("brief", slug, "-o", str(tmp_path / "first.md"), "--json")
    assert given.exit_code == 0, given.output
    assert json.loads(given.output)["given"] is True

    engine = open_db(db_url)
    with Session(engine) as s:
        p = s.exec(select(Prospect).where(Prospect.slug == slug)).one()
        add_web_note(s, p, "https://acme.example/new", "Dana fears a rollout that drags on.",
                     "risk", "implementation")
    engine.dispose()

    for _ in range(2):  # two previews on screen: neither counts as given
        preview = cli("brief", slug, "--json")
        model = json.loads(preview.output)
        assert model["given"] is False
        assert [n["text"] for n in model["new_since_last"]] == [
            "Dana fears a rollout that drags on."]
    assert "Dana fears a rollout" in cli("changes", slug).output

    cli("brief", slug, "-o", str(tmp_path / "second.md"))  # given: now it is not new
    assert json.loads(cli("brief", slug, "--json").output)["new_since_last"] == []
    engine = open_db(db_url)
    with Session(engine) as s:
        assert [b.given for b in s.exec(select(Brief).order_by(Brief.id)).all()] == [
            True, False, False, True, False]
    engine.dispose()


def test_export_counts_as_given(cli, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    slug = _seed(db_url)
    rows = json.loads(cli("export", slug, "-f", "md", "-o", str(tmp_path), "--json").output)
    assert rows[0]["given"] is True


def test_a_brief_marked_as_sent_is_given(cli, db_url) -> None:  # type: ignore[no-untyped-def]
    slug = _seed(db_url)
    shown = cli("brief", slug, "-f", "txt", "--sent")
    assert shown.exit_code == 0 and shown.output.startswith("Dana Whitfield")
    engine = open_db(db_url)
    with Session(engine) as s:
        brief = s.exec(select(Brief)).one()
        assert brief.given is True and brief.sent_at is not None
    engine.dispose()
    history = cli("history", slug, "--json")
    assert "marked as sent" in json.loads(history.output)[-1]["text"]
