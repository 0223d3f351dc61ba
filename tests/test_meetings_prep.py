"""`prospect prep`: a day's calendar becomes one PDF pack (agenda, then a one-page brief per
outside attendee in meeting order), attendees linked in the store, the same calendar read
twice changes nothing, a broken calendar is one clear line."""

from __future__ import annotations

import io
import json
from pathlib import Path

from meetings_support import DAY, DAY_ICS, prep_args, seed, site_option
from meetings_support import norte_site as make_norte
from sqlmodel import Session, col, select

from prospect.store import open_db
from prospect.store.models import Brief, Meeting, MeetingAttendee, Prospect, Source

TIMES = ["09:00–09:30", "11:00–11:45", "16:00–17:00"]  # Madrid; the last is 10:00 in New York
TITLES = ["Weekly check-in with Acme", "Intro call: Norte Freight", "Pilot scoping (New York)"]
PEOPLE = ["Ana García Rojas", "Lucía Méndez", "Tom Baker"]


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [" ".join(p.extract_text().split()) for p in reader.pages]


def _rows(db_url: str) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    engine = open_db(db_url)
    with Session(engine) as s:
        out = {
            "meetings": [(m.id, m.uid, m.recurrence_id, m.start, m.end, m.title, m.organiser,
                          m.updated_at)
                         for m in s.exec(select(Meeting).order_by(col(Meeting.start))).all()],
            "attendees": [(a.id, a.meeting_id, a.email, a.name, a.role, a.prospect_id)
                          for a in s.exec(select(MeetingAttendee)
                                          .order_by(col(MeetingAttendee.id))).all()],
            "prospects": [(p.id, p.slug, p.email, p.company_domain)
                          for p in s.exec(select(Prospect).order_by(col(Prospect.id))).all()],
            "sources": [(x.prospect_id, x.url, x.origin) for x in s.exec(select(Source)).all()],
            "briefs": [(b.prospect_id, b.format) for b in s.exec(select(Brief)).all()],
        }
    engine.dispose()
    return out


def test_prep_builds_the_pack_and_links_attendees(cli, sites, tmp_path) -> None:  # type: ignore[no-untyped-def]
    norte = make_norte(sites)
    seed(cli, tmp_path)
    out = tmp_path / "pack"
    r = cli(*prep_args(norte, out))
    assert r.exit_code == 0, r.output
    pack = out / f"meetings-{DAY}.pdf"
    assert f"Wrote the pack for {DAY} to {pack} (4 pages" in r.output

    pages = _pages(pack)
    assert len(pages) == 1 + 3  # the agenda, then one brief per outside attendee
    agenda = pages[0]
    positions = [agenda.index(f"{t} {title}") for t, title in zip(TIMES, TITLES, strict=True)]
    assert positions == sorted(positions)
    assert "Wednesday 9 Dec 2026" in agenda and "europe/madrid" in agenda.lower()
    for absent in ("Company offsite", "Sur Cargo"):
        assert absent not in agenda
    assert agenda.count("Room Atlántico") == 1  # the location; the room is no attendee
    assert "Sam Seller" in agenda and "Bruno Díaz" in agenda  # colleagues, no brief
    # each brief: its person, in meeting order, with the meeting's date, local time and title
    for page, person, t, title in zip(pages[1:], PEOPLE, TIMES, TITLES, strict=True):
        assert person in page
        assert f"9 Dec 2026, {t} CET · {title}" in page
    # and each brief as its own one-page PDF
    for slug in ("ana-garcia-rojas", "lucia-mendez", "tom-baker"):
        assert len(_pages(out / f"{slug}.pdf")) == 1

    rows = _rows(cli.db_url)
    slugs = {p[1]: p for p in rows["prospects"]}
    assert set(slugs) == {"ana-garcia-rojas", "lucia-mendez", "tom-baker"}  # no colleague
    assert slugs["lucia-mendez"][3] == f"{norte.base}/"  # the company site, from --site
    assert slugs["tom-baker"][3] is None  # gmail.com says nothing about a company
    assert len(rows["meetings"]) == 3
    assert [m[2] != "" for m in rows["meetings"]] == [True, False, False]  # one repeats
    linked = {(a[2], a[4]): a[5] for a in rows["attendees"]}
    assert linked[("ana.garcia@acme-logistica.test", "external")] == slugs["ana-garcia-rojas"][0]
    assert linked[("bruno@brightline.test", "internal")] is None
    assert linked[("sam@brightline.test", "organiser")] is None
    assert not any("resource.calendar" in a[2] for a in rows["attendees"])
    # the new attendee was gathered with discovery on their company site
    found = {url for pid, url, origin in rows["sources"]
             if pid == slugs["lucia-mendez"][0] and origin == "discovered"}
    assert found == {norte.url("/team"), norte.url("/news/lucia-joins")}
    assert "Head of Logistics" in pages[2] or "late deliveries" in pages[2]
    assert sorted(b[0] for b in rows["briefs"]) == sorted(p[0] for p in rows["prospects"])


def test_reading_the_same_calendar_twice_changes_nothing(cli, sites, tmp_path) -> None:  # type: ignore[no-untyped-def]
    norte = make_norte(sites)
    seed(cli, tmp_path)
    assert cli(*prep_args(norte, tmp_path / "one")).exit_code == 0
    before = _rows(cli.db_url)
    fetched = len(norte.seen)
    r = cli(*prep_args(norte, tmp_path / "two"), "--json")
    assert r.exit_code == 0, r.output
    after = _rows(cli.db_url)
    for key in ("meetings", "attendees", "prospects", "sources"):
        assert after[key] == before[key], key
    assert len(norte.seen) == fetched  # gathered within 7 days: not fetched again
    report = json.loads(r.stdout)
    assert report["created"] == [] and report["gathered"] == []
    assert report["pages"] == 4 and report["skipped"] == {"all_day": 1, "cancelled": 1}
    assert [m["title"] for m in report["meetings"]] == TITLES


def test_a_changed_calendar_updates_the_meetings(cli, sites, tmp_path) -> None:  # type: ignore[no-untyped-def]
    norte = make_norte(sites)
    seed(cli, tmp_path)
    assert cli(*prep_args(norte, tmp_path / "one")).exit_code == 0
    before = {m[1]: m for m in _rows(cli.db_url)["meetings"]}
    text = DAY_ICS.read_text(encoding="utf-8")
    moved = tmp_path / "moved.ics"
    moved.write_text(text.replace("SUMMARY:Intro call: Norte Freight", "SUMMARY:Intro (moved)")
                     .replace("DTSTART;TZID=America/New_York:20261209T100000\r\n",
                              "DTSTART;TZID=America/New_York:20261209T100000\r\n"
                              "STATUS:CANCELLED\r\n")
                     .replace("DTSTART;TZID=America/New_York:20261209T100000\n",
                              "DTSTART;TZID=America/New_York:20261209T100000\n"
                              "STATUS:CANCELLED\n"), encoding="utf-8")
    args = prep_args(norte, tmp_path / "two")
    args[args.index(str(DAY_ICS))] = str(moved)
    r = cli(*args)
    assert r.exit_code == 0, r.output
    after = {m[1]: m for m in _rows(cli.db_url)["meetings"]}
    assert set(after) == {"weekly-acme@brightline.test", "intro-norte@brightline.test"}
    intro = "intro-norte@brightline.test"
    assert after[intro][0] == before[intro][0] and after[intro][5] == "Intro (moved)"
    assert "(3 pages" in r.output  # the cancelled meeting's attendee is not briefed


def test_a_broken_calendar_is_one_line_and_exit_1(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.ics"
    bad.write_bytes(b"BEGIN:VCALENDAR\r\nthis line is broken\r\n")
    r = cli("prep", "--calendar", str(bad), "--day", DAY, "-o", str(tmp_path / "out"))
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {bad} is not a readable iCalendar")
    assert not (tmp_path / "out").exists()


def test_bad_options_are_clear_errors(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base = ["prep", "--calendar", str(DAY_ICS), "-o", str(tmp_path / "out")]
    for extra, message in ((["--day", "someday"], "--day must be today, tomorrow"),
                           (["--tz", "Mars/Olympus"], "--tz must be a time zone"),
                           (["--refresh-older-than", "soon"], "--refresh-older-than must be"),
                           (["--site", "nodomain"], "--site must be DOMAIN=URL")):
        r = cli(*base, *extra)
        assert r.exit_code == 1 and r.stderr.startswith(f"Error: {message}"), r.stderr


def test_a_day_without_meetings_writes_nothing(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = cli("prep", "--calendar", str(DAY_ICS), "--day", "2026-12-10", "--tz", "Europe/Madrid",
            "-o", str(tmp_path / "out"))
    assert r.exit_code == 0 and "No meetings on 2026-12-10" in r.output
    assert not (tmp_path / "out").exists()


def test_site_option_is_the_new_company_site(sites) -> None:  # type: ignore[no-untyped-def]
    norte = make_norte(sites)
    assert site_option(norte) == f"norte-freight.test={norte.base}/"


def test_attendees_not_gathered_lately_are_gathered_again(cli, sites, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    norte = make_norte(sites)
    seed(cli, tmp_path)
    assert cli(*prep_args(norte, tmp_path / "one")).exit_code == 0
    engine = open_db(cli.db_url)
    with Session(engine) as s:  # Lucía's pages were fetched ten days ago
        for src in s.exec(select(Source)).all():
            src.last_fetched_at = src.last_fetched_at - timedelta(days=10)  # type: ignore[operator]
            s.add(src)
        s.commit()
    engine.dispose()
    seen = len(norte.seen)
    r = cli(*prep_args(norte, tmp_path / "two", "--refresh-older-than", "2w", "--json"))
    assert r.exit_code == 0 and json.loads(r.stdout)["gathered"] == []
    assert len(norte.seen) == seen
    r = cli(*prep_args(norte, tmp_path / "three", "--json"))  # the default: 7d
    assert r.exit_code == 0 and json.loads(r.stdout)["gathered"] == ["lucia-mendez"]
    again = {s.path for s in norte.seen[seen:]}
    # her known pages, without a new crawl of the site
    assert {"/team", "/news/lucia-joins"} <= again and "/about" not in again


def test_a_fresh_database_without_a_story(runner, sqlite_url, sites, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from prospect.cli import app

    norte = make_norte(sites)
    acme = sites({"/": norte.routes["/"]})  # Ana's company site: nothing about her
    args = [*prep_args(norte, tmp_path / "pack"), "--site", f"acme-logistica.test={acme.base}/"]
    r = runner.invoke(app, ["--db", sqlite_url, *args, "--json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["created"] == ["ana-garcia-rojas", "lucia-mendez", "tom-baker"]
    assert report["pages"] == 4 and len(_pages(Path(report["pack"]))) == 4
    assert "/robots.txt" in acme.paths()  # discovery on every new company site
