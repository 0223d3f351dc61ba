"""Prepare a day's meetings: read the calendar, link the external attendees to prospects
(creating the unknown ones), gather those not gathered lately, and write the pack (the agenda,
then one brief per person in meeting order) and each brief as its own PDF."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from prospect.config import GatherSettings
from prospect.dates import local_zone, parse_age, parse_day
from prospect.errors import GatherError, InvalidValue, ProspectError
from prospect.meetings.attendees import display_name, match_or_add, seats, site_host
from prospect.meetings.calendar import DayEvents, events_on, read_source
from prospect.meetings.pack import AgendaItem, AgendaPerson, agenda_line, role_of
from prospect.meetings.record import drop_meeting, save_meeting
from prospect.store.models import Prospect, Source, utcnow


@dataclass
class PrepReport:
    """What `prepare` did: the agenda, the files written, who was gathered or created."""

    day: date
    zone: str
    items: list[AgendaItem] = field(default_factory=list)
    pack: Path | None = None
    pages: int = 0
    briefs: list[Path] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    gathered: list[str] = field(default_factory=list)
    all_day: int = 0
    cancelled: int = 0
    warnings: list[str] = field(default_factory=list)
    elapsed: dict[str, float] = field(default_factory=dict)

    def people(self) -> list[AgendaPerson]:
        """Each external attendee once, in the order of their first meeting."""
        seen: dict[int, AgendaPerson] = {}
        for item in self.items:
            for p in item.people:
                seen.setdefault(p.prospect_id, p)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(), "zone": self.zone,
            "pack": str(self.pack) if self.pack else None, "pages": self.pages,
            "meetings": [{"id": i.meeting_id, "uid": i.uid, "start": i.start.isoformat(),
                          "end": i.end.isoformat() if i.end else None, "title": i.title,
                          "location": i.location, "colleagues": i.colleagues,
                          "attendees": [{"slug": p.slug, "name": p.name, "email": p.email,
                                         "new": p.new, "role": p.role, "line": p.line}
                                        for p in i.people]} for i in self.items],
            "briefs": [str(b) for b in self.briefs], "created": self.created,
            "gathered": self.gathered,
            "skipped": {"all_day": self.all_day, "cancelled": self.cancelled},
            "warnings": self.warnings,
            "elapsed_s": {k: round(v, 3) for k, v in self.elapsed.items()},
        }


def zone(name: str | None) -> tzinfo:
    """The time zone named (`Europe/Madrid`), else the machine's."""
    if not name:
        return local_zone()
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(f"--tz must be a time zone like Europe/Madrid or UTC, "
                           f"got {name!r}") from None


def parse_sites(values: Iterable[str]) -> dict[str, str]:
    """`--site DOMAIN=URL` values: the web site of a company whose mail domain is not it."""
    out = {}
    for value in values:
        domain, eq, url = value.partition("=")
        domain, url = domain.strip().lower(), url.strip()
        if not eq or not domain or "@" in domain or not url.startswith(("http://", "https://")):
            raise InvalidValue(f"--site must be DOMAIN=URL (acme.io=https://www.acme.com), "
                               f"got {value!r}")
        out[domain] = url
    return out


def _domains(values: Iterable[str]) -> set[str]:
    return {site_host(v) or v.strip().lower() for v in values if v.strip()}


def prepare(engine: Engine, calendar: str, *, day: str = "tomorrow", tz: str | None = None,
            internal_domains: Iterable[str] = (), out: Path | str | None = None,
            refresh_older_than: str = "7d", sites: Iterable[str] = (), lang: str | None = None,
            paper: str = "a4", actor: str | None = None,
            settings: GatherSettings | None = None) -> PrepReport:
    """Read `calendar` (a file or a feed URL) for `day` and write its meeting pack to `out`
    (default: ./meetings-DAY/). Returns what was done."""
    from prospect.brief.render import check_lang, check_paper

    zone_info = zone(tz)
    the_day = parse_day(day, tz=zone_info)
    age = parse_age(refresh_older_than, "--refresh-older-than")
    site_map = parse_sites(sites)
    given = _domains(internal_domains)
    lang, paper = check_lang(lang), check_paper(paper)
    settings = settings or GatherSettings.from_env()
    out_dir = Path(out).expanduser() if out else Path(f"meetings-{the_day.isoformat()}")
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidValue(f"-o must be a folder, and {out_dir} is a file")

    # WeasyPrint takes half a second to import: let it load while the calendar is read and
    # the attendees are gathered (mostly waiting on the network)
    threading.Thread(target=_warm_renderer, name="prospect-warm-pdf", daemon=True).start()
    timings: dict[str, float] = {}
    with _phase(timings, "calendar"):
        events = events_on(read_source(calendar, settings), the_day, zone_info, label=calendar)
        report = PrepReport(the_day, _zone_name(zone_info, the_day), all_day=events.all_day,
                            cancelled=len(events.cancelled))
        new_ids = _link(engine, events, given, site_map, actor, report)
    with _phase(timings, "gather"):
        _refresh(engine, report, new_ids, age, settings, actor)
    with _phase(timings, "pack"):
        if report.items:
            _write_pack(engine, report, out_dir, lang, paper, actor)
    report.elapsed = timings
    return report


@contextmanager
def _phase(timings: dict[str, float], name: str) -> Iterator[None]:
    """Record a phase's wall time (`name`) and the process's CPU time in it (`name_cpu`)."""
    wall, cpu = time.monotonic(), time.process_time()
    yield
    timings[name] = time.monotonic() - wall
    timings[f"{name}_cpu"] = time.process_time() - cpu


def _warm_renderer() -> None:
    try:
        from prospect.brief import pdf

        pdf._quiet_weasyprint()
        pdf.make_fetcher()  # imports weasyprint
    except Exception:  # noqa: BLE001, S110 - the pack imports it again and reports any fault
        pass


def _zone_name(tz: tzinfo, day: date) -> str:
    key = getattr(tz, "key", None)
    return str(key) if key else (datetime(day.year, day.month, day.day, 12, tzinfo=tz)
                                 .tzname() or "UTC")


def _link(engine: Engine, events: DayEvents, given: set[str], sites: dict[str, str],
          actor: str | None, report: PrepReport) -> set[int]:
    """Store the day's meetings and their attendees; the agenda items; new prospects' ids."""
    new_ids: set[int] = set()
    with Session(engine) as s:
        for ev in events.cancelled:
            drop_meeting(s, ev, actor)
        for ev in events.meetings:
            rows: list[tuple[str, str | None, str, int | None]] = []
            people: list[AgendaPerson] = []
            colleagues: list[str] = []
            for seat in seats(ev, given):
                person = seat.person
                if not seat.external:
                    rows.append((person.email, person.name, seat.role, None))
                    colleagues.append(display_name(person))
                    continue
                p, created = match_or_add(s, person, sites, actor)
                if created:
                    new_ids.add(p.id)  # type: ignore[arg-type]
                    report.created.append(p.slug)
                rows.append((person.email, person.name, seat.role, p.id))
                if all(x.prospect_id != p.id for x in people):
                    people.append(AgendaPerson(p.id, p.slug, p.name, person.email,  # type: ignore[arg-type]
                                               p.id in new_ids))
            meeting, _changed = save_meeting(s, ev, rows, actor)
            report.items.append(AgendaItem(meeting.id, ev.uid, ev.start, ev.end,  # type: ignore[arg-type]
                                           ev.title, ev.location, people, colleagues))
    return new_ids


def last_gathered(session: Session, ids: Iterable[int]) -> dict[int, datetime | None]:
    """When each prospect's pages were last fetched (as `prospect list` says), None if never."""
    ids = list(ids)
    found: dict[int, datetime | None] = dict.fromkeys(ids)
    if ids:
        for pid, at in session.exec(select(Source.prospect_id, func.max(Source.last_fetched_at))
                                    .where(col(Source.prospect_id).in_(ids))
                                    .group_by(col(Source.prospect_id))).all():
            found[pid] = at
    return found


def _refresh(engine: Engine, report: PrepReport, new_ids: set[int], age: timedelta,
             settings: GatherSettings, actor: str | None) -> None:
    """Gather the attendees not gathered within `age`: with discovery on their company site
    when they have no pages yet (new ones), else their known pages."""
    from prospect.gather import gather

    cutoff = utcnow() - age
    people = report.people()
    discover, plain = [], []
    with Session(engine) as s:
        seen = last_gathered(s, [p.prospect_id for p in people])
        for person in people:
            at = seen[person.prospect_id]
            if at is not None and (at if at.tzinfo else at.replace(tzinfo=cutoff.tzinfo)) > cutoff:
                continue
            p = s.get(Prospect, person.prospect_id)
            has_pages = s.exec(select(Source.id).where(
                Source.prospect_id == person.prospect_id)).first() is not None
            if p is not None and p.company_domain and (p.id in new_ids or not has_pages):
                discover.append(person)
            elif has_pages:
                plain.append(person)
            else:
                report.warnings.append(f"{person.slug}: nothing to gather, no pages and no "
                                       f"company web site (add one with 'prospect edit "
                                       f"{person.slug} --domain SITE')")
    for group, crawl in ((discover, True), (plain, False)):
        if not group:
            continue
        try:
            run = gather(engine, [p.prospect_id for p in group], settings, discover=crawl,
                         actor=actor)
        except GatherError as exc:
            report.warnings.append(str(exc))
            continue
        report.gathered += [p.slug for p in group]
        report.warnings += run.warnings


def _write_pack(engine: Engine, report: PrepReport, out_dir: Path, lang: str | None,
                paper: str, actor: str | None) -> None:
    from prospect.brief.export import build_model
    from prospect.brief.fit import fit_one_page
    from prospect.brief.pdf import render_document, write_pdf
    from prospect.brief.record import record_brief
    from prospect.meetings.pack import cover_html, join

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProspectError(f"cannot create the folder {out_dir}: {exc.strerror}") from None
    first_meeting: dict[Any, Any] = {}
    for item in report.items:
        for person in item.people:
            first_meeting.setdefault(person.prospect_id, item)
    documents = []
    lines: dict[int, tuple[str, str]] = {}
    with Session(engine) as s:
        for person in report.people():
            p = s.get(Prospect, person.prospect_id)
            assert p is not None
            model = build_model(s, p, lang)
            model.meeting = first_meeting[person.prospect_id].for_brief()
            used_lang = lang or model.lang
            fitted = fit_one_page(model, lang=used_lang, paper=paper)
            path = write_pdf(fitted.document, out_dir / f"{p.slug}.pdf")
            record_brief(s, p, fitted.model, "pdf", used_lang, actor, path=str(path))
            documents.append(fitted.document)
            report.briefs.append(path)
            person.brief = path
            lines[person.prospect_id] = (role_of(model), agenda_line(model))
    for item in report.items:
        for person in item.people:
            person.role, person.line = lines[person.prospect_id]
    cover = render_document(cover_html(report.day, report.zone, report.items,
                                       lang=lang or "en", paper=paper))
    report.pack = out_dir / f"meetings-{report.day.isoformat()}.pdf"
    report.pages = join([cover, *documents], report.pack)
