"""`prospect demo --keep-db` leads somewhere: it prints the commands that use the kept
database, and `prospect demo --serve-site` serves the sample site again for a second gather."""

from __future__ import annotations

import json
import shlex
import socket
import threading
import time
import urllib.request

import pytest


def _serve_in_background(out, port=None):  # type: ignore[no-untyped-def]
    from prospect.demo import serve_until_stopped

    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve_until_stopped, args=(out, port),
                              kwargs={"say": lines.append, "stop": stop}, daemon=True)
    thread.start()
    for _ in range(100):
        if lines:
            break
        time.sleep(0.05)
    return lines, stop, thread


@pytest.mark.slow
def test_kept_demo_database_and_a_second_gather(runner, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from prospect.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROSPECT_DB", raising=False)
    first = runner.invoke(app, ["demo", "--out", "demo-out", "--keep-db"])
    assert first.exit_code == 0, first.output
    said = first.output
    assert "prospect --db demo-out/demo.db show lucia-fernandez-ortega" in said
    assert "prospect demo --serve-site --out demo-out" in said
    gather_line = next(line for line in said.splitlines() if "gather --all" in line)

    lines, stop, thread = _serve_in_background(tmp_path / "demo-out")
    try:
        assert lines and "Serving the sample site" in lines[0]
        args = shlex.split(gather_line.strip())[1:] + ["--json"]
        second = runner.invoke(app, args)
        assert second.exit_code == 0, second.output
        report = json.loads(second.stdout)
        assert report["total"] >= 4 and set(report["counts"]) <= {"ok", "not_modified"}
        shown = runner.invoke(app, ["--db", "demo-out/demo.db", "show", "marcus-bell"])
        assert shown.exit_code == 0 and "Marcus Bell" in shown.output
    finally:
        stop.set()
        thread.join(5)


def test_serve_site_without_a_kept_database_picks_a_free_port(tmp_path) -> None:
    lines, stop, thread = _serve_in_background(tmp_path / "nothing-here")
    try:
        base = lines[0].split(" at ", 1)[1].split(";", 1)[0]
        with urllib.request.urlopen(base + "team/", timeout=5) as r:
            assert "Marcus Bell" in r.read().decode()
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()


def test_serve_site_on_a_busy_port_is_a_clear_error(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("demo", "--serve-site", "--port", str(port), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert f"cannot serve the sample site on port {port}" in result.output
