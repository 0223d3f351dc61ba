"""Changes since the last brief or a date, the brief's new-since-last list, and history."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest
from upkeep_support import brief, days_ago, fact, person, source, web_note

from prospect.errors import InvalidValue
from prospect.store.repo import add_note, edit_prospect, log_event
from prospect.upkeep.changes import changes, new_since_last, parse_since
from prospect.upkeep.history import history

KEYS = ["change", "kind", "text", "field", "old", "new", "source_url", "at"]


@pytest.fixture
def profile(session):  # type: ignore[no-untyped-def]
    """A profile gathered twice: 20 days ago, a brief 10 days ago, then a gather 2 days ago."""
    p = person(session)
    team = source(session, p, "https://acme.example/team")
    talk = source(session, p, "https://conf.example/talk")
    web_note(session, p, team, "Ana leads the logistics transformation", kind="bio",
             first=days_ago(20))
    web_note(session, p, talk, "She worries about migration downtime", kind="risk",
             first=days_ago(20), gone=days_ago(2))
    web_note(session, p, talk, "She wants a 30% cut in late deliveries", kind="goal",
             first=days_ago(2))
    fact(session, p, team, "job_title", "VP Operations", seen=days_ago(20), gone=days_ago(2))
    fact(session, p, team, "job_title", "Chief Operating Officer", seen=days_ago(2))
    fact(session, p, talk, "same_as", "https://www.linkedin.com/in/ana-old", seen=days_ago(20),
         gone=days_ago(2))
    fact(session, p, talk, "same_as", "https://mastodon.example/@ana", seen=days_ago(2))
    brief(session, p, days_ago(10))
    return p


def test_since_last_brief_added_changed_gone_with_sources(session, profile) -> None:  # type: ignore[no-untyped-def]
    items = changes(session, profile)
    assert all(list(i) == KEYS for i in items)
    summary = {(i["change"], i["kind"], i["field"], i["text"]) for i in items}
    assert summary == {
        ("gone", "risk", None, "She worries about migration downtime"),
        ("added", "goal", None, "She wants a 30% cut in late deliveries"),
        ("changed", "fact", "job_title", "Job title: VP Operations → Chief Operating Officer"),
        ("added", "fact", "same_as", "Profile: https://mastodon.example/@ana"),
        ("gone", "fact", "same_as", "Profile: https://www.linkedin.com/in/ana-old"),
    }
    changed = next(i for i in items if i["change"] == "changed")
    assert (changed["old"], changed["new"]) == ("VP Operations", "Chief Operating Officer")
    assert changed["source_url"] == "https://acme.example/team"
    gone = next(i for i in items if i["kind"] == "risk")
    assert gone["source_url"] == "https://conf.example/talk"
    assert [i["at"] for i in items] == sorted(i["at"] for i in items)
    # the old title is reported once, as part of "changed", not also as "gone"
    assert not any(i["change"] == "gone" and i["field"] == "job_title" for i in items)


def test_a_new_brief_resets_the_window(session, profile) -> None:  # type: ignore[no-untyped-def]
    brief(session, profile, days_ago(1))
    assert changes(session, profile) == []
    assert new_since_last(session, profile) == []
    n = add_note(session, profile.id, "Met her at the fair; she asked about pilots", kind="event")
    assert [(i["change"], i["text"]) for i in changes(session, profile)] == [("added", n.text)]


def test_since_date_and_all(session, profile) -> None:  # type: ignore[no-untyped-def]
    recent = changes(session, profile, since=days_ago(30))
    assert len(recent) == len(changes(session, profile, since_brief=False))
    everything = changes(session, profile, since_brief=False)
    assert ("added", "Ana leads the logistics transformation") in {
        (i["change"], i["text"]) for i in everything}
    # with no window, the first job title is "added" and the new one "changed"
    assert {i["change"] for i in everything if i["field"] == "job_title"} == {"added", "changed"}
    assert changes(session, profile, since=days_ago(1)) == []


def test_without_a_brief_everything_is_new(session) -> None:  # type: ignore[no-untyped-def]
    p = person(session, "Luis Pérez")
    src = source(session, p, "https://x.example/")
    web_note(session, p, src, "Luis is hiring twelve planners", kind="goal", first=days_ago(3))
    assert [i["change"] for i in changes(session, p)] == ["added"]


def test_two_pages_disagreeing_is_not_a_change(session) -> None:  # type: ignore[no-untyped-def]
    p = person(session, "Eva Ruiz")
    a, b = source(session, p, "https://a.example/"), source(session, p, "https://b.example/")
    fact(session, p, a, "job_title", "CTO", seen=days_ago(5))
    fact(session, p, b, "job_title", "Chief Technology Officer", seen=days_ago(4))
    assert {i["change"] for i in changes(session, p)} == {"added"}
    # same value in other case or accents: not a change either
    fact(session, p, a, "organization", "Logística SA", seen=days_ago(5), gone=days_ago(3))
    fact(session, p, a, "organization", "LOGISTICA SA", seen=days_ago(3))
    assert not any(i["change"] == "changed" for i in changes(session, p))


def test_new_since_last_feeds_the_brief(session, profile) -> None:  # type: ignore[no-untyped-def]
    items = new_since_last(session, profile)
    assert {i.text for i in items} == {i["text"] for i in changes(session, profile)}
    facts = [i for i in items if i.kind == "fact"]
    assert facts and all(i.field and (i.old or i.new) for i in facts)  # data, not a sentence
    assert all(i.change in ("added", "changed", "gone") and i.source_url for i in items)


def test_parse_since() -> None:
    assert parse_since("2026-01-31").isoformat() == "2026-01-31T00:00:00+00:00"
    assert parse_since("2026-01-31T10:00+02:00").hour == 8
    with pytest.raises(InvalidValue, match="'last tuesday'"):
        parse_since("last tuesday")


def test_changes_cli(cli, session, profile, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no cell wraps
    result = cli("changes", profile.slug, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {i["change"] for i in data} == {"added", "changed", "gone"}
    result = cli("changes", profile.slug, "--since", (days_ago(1)).date().isoformat(), "--json")
    since = days_ago(1).replace(hour=0, minute=0, second=0, microsecond=0)
    assert len(json.loads(result.output)) == len(changes(session, profile, since=since))
    result = cli("changes", profile.slug, "--all", "--json")
    assert len(json.loads(result.output)) == len(changes(session, profile, since_brief=False))
    result = cli("changes", profile.slug)
    assert result.exit_code == 0 and "Chief Operating Officer" in result.output
    result = cli("changes", profile.slug, "--since", "yesterday", "--json")
    assert result.exit_code == 0
    expected = changes(session, profile, since=parse_since("yesterday"))
    assert len(json.loads(result.output)) == len(expected)
    result = cli("changes", profile.slug, "--since", "soon")
    assert result.exit_code == 1
    assert "Error: --since must be 7d, 2w" in result.output
    assert cli("changes", "nobody").output.startswith(
        "Error: no prospect with id, slug or name 'nobody'")


def test_history_lists_who_did_what(cli, session) -> None:  # type: ignore[no-untyped-def]
    p = person(session, "Marta Solís")
    edit_prospect(session, p.id, {"title": "CFO"}, actor="maria")  # type: ignore[arg-type]
    add_note(session, p.id, "Prefers email", actor="jorge")  # type: ignore[arg-type]
    log_event(session, "gather", p.id, "maria", pages=3)
    log_event(session, "brief", p.id, "jorge", format="pdf")
    log_event(session, "prospect.edit", p.id + 1, "x", note="someone else")  # type: ignore[operator]
    session.commit()
    events = history(session, p)
    assert [(e["action"], e["actor"]) for e in events] == [
        ("prospect.add", "tester"), ("prospect.edit", "maria"), ("note.add", "jorge"),
        ("gather", "maria"), ("brief", "jorge")]
    assert events[1]["detail"] == {"changes": {"title": [None, "CFO"]}}
    assert history(session, p, limit=2)[0]["action"] == "gather"
    result = cli("history", p.slug, "--json")
    assert [e["action"] for e in json.loads(result.output)] == [e["action"] for e in events]
    result = cli("history", p.slug)
    assert result.exit_code == 0 and "maria" in result.output and "Added note" in result.output


def test_dates_compare_in_utc(session, profile) -> None:  # type: ignore[no-untyped-def]
    from datetime import timezone

    madrid = timezone(timedelta(hours=1))
    since = days_ago(3).astimezone(madrid)
    assert changes(session, profile, since=since) == changes(
        session, profile, since=since.astimezone(UTC))
