"""`prospect list` with its upkeep columns and sorts, and `prospect changes --all` across every
prospect, grouped, job title and company changes first; text and --json."""

from __future__ import annotations

import json
from datetime import timedelta

from upkeep_support import brief, days_ago, fact, person, source, web_note

from prospect.store.models import Meeting, MeetingAttendee, utcnow
from prospect.upkeep.changes import changes_all, parse_since


def _meeting(session, p, title: str, in_days: float) -> None:  # type: ignore[no-untyped-def]
    start = utcnow() + timedelta(days=in_days)
    m = Meeting(uid=f"{title}@test", start=start, end=start + timedelta(minutes=30), title=title)
    session.add(m)
    session.flush()
    session.add(MeetingAttendee(meeting_id=m.id, prospect_id=p.id, email=p.email or "",
                                role="external"))
    session.commit()


def _people(session):  # type: ignore[no-untyped-def]
    """Ana changed jobs since her brief; Bruno has a new goal; Carla is quiet since hers."""
    ana = person(session, "Ana García Rojas", "Acme Logística")
    bruno = person(session, "Bruno Díaz", "Norte Freight")
    carla = person(session, "Carla Sur", "Sur Cargo")
    team = source(session, ana, "https://acme.example/team")
    fact(session, ana, team, "job_title", "VP Operations", seen=days_ago(20), gone=days_ago(2))
    web_note(session, ana, team, "Ana wants fewer late deliveries", first=days_ago(3))
    fact(session, ana, team, "job_title", "Chief Operating Officer", seen=days_ago(2))
    brief(session, ana, days_ago(10))
    talk = source(session, bruno, "https://norte.example/talk")
    web_note(session, bruno, talk, "Bruno plans to open two new depots", first=days_ago(1))
    web_note(session, carla, None, "Carla runs the Valencia hub", first=days_ago(30))
    brief(session, carla, days_ago(5))
    _meeting(session, bruno, "Intro call", 1)
    _meeting(session, ana, "Renewal", 3)
    _meeting(session, ana, "Last week's call", -7)  # past: not the next meeting
    return ana, bruno, carla


def test_changes_all_groups_job_changes_first(session) -> None:  # type: ignore[no-untyped-def]
    ana, bruno, carla = _people(session)
    groups = changes_all(session)
    assert [g["slug"] for g in groups] == [ana.slug, bruno.slug]  # Carla: nothing since brief
    first = groups[0]
    assert first["job_change"] and not groups[1]["job_change"]
    assert first["changes"][0]["field"] == "job_title"
    assert first["changes"][0]["text"] == "Job title: VP Operations → Chief Operating Officer"
    assert [c["text"] for c in first["changes"][1:]] == ["Ana wants fewer late deliveries"]
    # --since replaces "since the last brief" for everyone
    recent = changes_all(session, since=parse_since("2d"))
    assert [g["slug"] for g in recent] == [bruno.slug]
    old = changes_all(session, since=days_ago(40))
    assert {g["slug"] for g in old} == {ana.slug, bruno.slug, carla.slug}


def test_changes_all_cli_text_and_json(cli, session) -> None:  # type: ignore[no-untyped-def]
    ana, bruno, _ = _people(session)
    r = cli("changes", "--all", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [g["slug"] for g in data] == [ana.slug, bruno.slug]
    assert set(data[0]) == {"id", "slug", "name", "company", "title", "job_change", "changes"}
    assert set(data[0]["changes"][0]) == {"change", "kind", "text", "field", "old", "new",
                                          "source_url", "at"}
    text = cli("changes", "--all", "--since", "yesterday").stdout
    assert bruno.slug in text and ana.slug not in text
    assert cli("changes", "--all", "--since", "someday").exit_code == 1
    # with a REF, --all still means every change of that one prospect
    one = json.loads(cli("changes", ana.slug, "--all", "--json").stdout)
    assert any(c["text"] == "Job title: VP Operations" for c in one)
    r = cli("changes")
    assert r.exit_code == 2 and "use --all for every prospect" in r.output


def test_list_columns_and_sorts(cli, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "250")  # content, not layout: no cell wraps
    ana, bruno, carla = _people(session)
    rows = json.loads(cli("list", "--json").stdout)
    assert [r["slug"] for r in rows] == [ana.slug, bruno.slug, carla.slug]
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug[ana.slug]["next_meeting_title"] == "Renewal"
    assert by_slug[bruno.slug]["next_meeting_title"] == "Intro call"
    assert by_slug[carla.slug]["next_meeting"] is None
    assert by_slug[carla.slug]["changes"] == 0 and by_slug[ana.slug]["changes"] >= 2
    assert by_slug[ana.slug]["last_brief"] is not None and by_slug[bruno.slug]["last_brief"] is None

    def order(*args: str) -> list[str]:
        return [r["slug"] for r in json.loads(cli("list", "--json", *args).stdout)]

    assert order("--sort", "next-meeting") == [bruno.slug, ana.slug, carla.slug]
    assert order("--sort", "name", "--desc") == [carla.slug, bruno.slug, ana.slug]
    assert order("--sort", "changes")[-1] == carla.slug
    r = cli("list", "--sort", "mood")
    assert r.exit_code == 1 and "--sort must be one of" in r.stderr
    text = cli("list").stdout
    for column in ("last gathered", "last brief", "changes", "next meeting", "Intro call"):
        assert column in text
