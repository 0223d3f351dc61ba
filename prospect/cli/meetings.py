"""The prep command: a day's meetings from a calendar, turned into one PDF pack of briefs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from prospect.cli.common import JsonOpt, print_json, session, state


def prep(
    calendar: Annotated[str, typer.Option(
        "--calendar", metavar="FILE|URL", help="An .ics file, or an https:// (or webcal://) "
        "calendar feed.")],
    day: Annotated[str, typer.Option(
        help="The day to prepare: tomorrow, today or a date like 2026-12-09.")] = "tomorrow",
    internal_domain: Annotated[list[str] | None, typer.Option(
        "--internal-domain", help="Your company's e-mail domain: its people are colleagues, "
        "not prospects (repeat for more; default: each meeting organiser's domain).")] = None,
    out: Annotated[Path | None, typer.Option(
        "-o", "--output", metavar="DIR", help="Folder for the pack and the briefs "
        "(default: ./meetings-DAY/).")] = None,
    refresh_older_than: Annotated[str, typer.Option(
        help="Gather again the attendees not gathered within this age (7d, 2w, 1m).")] = "7d",
    tz: Annotated[str | None, typer.Option(
        "--tz", help="Time zone for the day and the times, like Europe/Madrid (default: "
        "this machine's).")] = None,
    site: Annotated[list[str] | None, typer.Option(
        "--site", metavar="DOMAIN=URL", help="Where a company's web site is when it is not "
        "at its e-mail domain (acme.io=https://www.acme.com); repeat for more.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Language of the briefs: en or es (default: each prospect's).")] = None,
    paper: Annotated[str, typer.Option("--paper", help="Paper size: a4 or letter.")] = "a4",
    json_out: bool = JsonOpt,
) -> None:
    """Prepare a day's meetings: brief every outside attendee, in one PDF pack."""
    from prospect.meetings.prep import prepare

    with session() as s:
        report = prepare(s.get_bind(), calendar, day=day, tz=tz,
                         internal_domains=internal_domain or [], out=out,
                         refresh_older_than=refresh_older_than, sites=site or [], lang=lang,
                         paper=paper, actor=state.author)
    if json_out:
        print_json(report.to_dict())
    else:
        _summary(report)


def _summary(report: Any) -> None:
    for item in report.items:
        people = ", ".join(p.name + (" (new)" if p.new else "") for p in item.people)
        typer.echo(f"{item.time()}  {item.title or '(no title)'}  —  {people or 'colleagues only'}")
    for w in report.warnings:
        typer.echo(f"Warning: {w}", err=True)
    if report.pack is None:
        typer.echo(f"No meetings on {report.day.isoformat()} ({report.zone}).")
        return
    briefs = len(report.briefs)
    typer.echo(f"Wrote the pack for {report.day.isoformat()} to {report.pack} ({report.pages} "
               f"page{'s' * (report.pages != 1)}: agenda and {briefs} "
               f"brief{'s' * (briefs != 1)}); each brief also in {report.pack.parent}/.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("prep")(prep)
