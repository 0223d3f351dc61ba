"""Commands for a team's job queue: refresh, worker, schedule, jobs."""

from __future__ import annotations

from typing import Annotated

import typer

from prospect.cli.common import JsonOpt, db_url, print_json, print_table, session, state


def refresh(
    refs: Annotated[list[str] | None, typer.Argument(
        help="Prospect ids, slugs or names (or use --all).", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every prospect.")] = False,
    older_than: Annotated[str | None, typer.Option(
        "--older-than", help="Only prospects not gathered within this long: 1d, 7d, 2w.")
    ] = None,
    enqueue: Annotated[bool, typer.Option(
        "--enqueue", help="Queue one job per prospect for the team's workers (PostgreSQL) "
        "instead of gathering here.")] = False,
    json_out: bool = JsonOpt,
) -> None:
    """Gather prospects again (here, or queued for the team's workers with --enqueue)."""
    from prospect.jobs.inline import refresh_command

    with session() as s:
        report = refresh_command(s, db_url(), refs or [], all_=all_, older_than=older_than,
                                 enqueue=enqueue, actor=state.author)
    if json_out:
        print_json(report.to_json())
        return
    typer.echo(report.summary())
    if report.job_changes:
        print_table(["prospect", "what", "was", "now", "source"],
                    [[c.slug, c.label, c.old, c.new, c.source_url] for c in report.job_changes],
                    title="Job title and company changes")


def worker(
    concurrency: Annotated[int, typer.Option(
        "--concurrency", help="Jobs this process works on at once.")] = 8,
    until_empty: Annotated[bool, typer.Option(
        "--until-empty", help="Stop when the queue is empty instead of waiting for more.")
    ] = False,
) -> None:
    """Work the team's queue (PostgreSQL): run it on as many machines as you like."""
    from prospect.jobs.queue import run_worker

    typer.echo(f"Worker started (concurrency {concurrency}); Ctrl-C stops it.", err=True)
    run_worker(db_url(), concurrency, wait=not until_empty)


def schedule(
    refresh_at: Annotated[str, typer.Option(
        "--refresh-at", help="Local time of the nightly refresh of prospects not gathered "
        "within a day.")] = "02:00",
    packs_at: Annotated[str, typer.Option(
        "--packs-at", help="Local time to build each morning's meeting packs.")] = "07:00",
    calendar: Annotated[str | None, typer.Option(
        "--calendar", help="Your calendar (an .ics file or https feed): each morning the "
        "workers build your meeting pack from it.")] = None,
    packs_dir: Annotated[str | None, typer.Option(
        "--packs-dir", help="Where your packs go (default: packs/<you>/ in the data "
        "folder).")] = None,
    internal_domain: Annotated[list[str] | None, typer.Option(
        "--internal-domain", help="Your colleagues' e-mail domain (repeatable).")] = None,
    off: Annotated[bool, typer.Option("--off", help="Stop the scheduled jobs.")] = False,
) -> None:
    """Install the team's periodic jobs: the nightly refresh and the morning meeting packs."""
    from prospect.jobs.queue import require_team_db, set_calendar, set_schedule
    from prospect.store.repo import default_actor

    require_team_db(db_url())
    with session() as s:
        done = set_schedule(s, refresh_at=refresh_at, packs_at=packs_at, off=off)
        if calendar and not off:
            user = state.author or default_actor()
            set_calendar(s, user, calendar, packs_dir=packs_dir,
                         internal_domains=internal_domain or [])
            typer.echo(f"Meeting packs for {user} from {calendar}.")
    if not done:
        typer.echo("Scheduled jobs are off.")
    else:
        typer.echo(f"Nightly refresh at {done['refresh_at']} of prospects not gathered within "
                   f"a day; meeting packs at {done['packs_at']} for everyone with a calendar "
                   "(the workers' local time). Keep 'prospect worker' running.")


def jobs(
    status: Annotated[str | None, typer.Option(
        "--status", help="Only queued, running, failed, done or cancelled jobs.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many of the newest jobs.")] = 50,
    json_out: bool = JsonOpt,
) -> None:
    """The team's jobs: queued, running, failed (with the last error) and done."""
    from prospect.jobs.queue import list_jobs

    with session() as s:
        rows = list_jobs(s, db_url(), limit=limit, status=status)
    if json_out:
        print_json([r.to_json() for r in rows])
        return
    print_table(["id", "job", "prospect", "status", "tries", "last error"],
                [[r.id, r.task.removeprefix("prospect."), r.prospect, r.status, r.attempts,
                  r.last_error] for r in rows], empty="No jobs.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(refresh)
    app.command()(worker)
    app.command()(schedule)
    app.command()(jobs)
