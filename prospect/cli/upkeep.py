"""Commands for keeping profiles current: changes, history, search, import, privacy rights."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prospect.cli.common import (
    JsonOpt,
    YesOpt,
    confirm_destruction,
    print_json,
    print_table,
    session,
    state,
)

Ref = Annotated[str, typer.Argument(help="Prospect id or slug (see 'prospect list').")]


def changes(
    ref: Ref,
    since: Annotated[str | None, typer.Option(
        help="Only changes after this date (2026-01-31 or 2026-01-31T09:00, UTC).")] = None,
    since_brief: Annotated[bool, typer.Option(
        "--since-brief", help="Only changes since the last brief (the default).")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every change ever recorded.")] = False,
    json_out: bool = JsonOpt,
) -> None:
    """What appeared, changed or vanished in a profile (default: since the last brief)."""
    from prospect.store.repo import get_prospect
    from prospect.upkeep.changes import changes as list_changes
    from prospect.upkeep.changes import parse_since

    when = parse_since(since) if since else None
    with session() as s:
        items = list_changes(s, get_prospect(s, ref), since=when, since_brief=not all_)
    if json_out:
        print_json(items)
        return
    print_table(["when", "change", "kind", "what", "source"],
                [[i["at"], i["change"], i["field"] or i["kind"], i["text"], i["source_url"]]
                 for i in items], empty="No changes.")


def history(ref: Ref, limit: Annotated[int | None, typer.Option(
        help="Show only the newest N events.")] = None, json_out: bool = JsonOpt) -> None:
    """The log of a prospect: edits, notes, gathers, briefs, with who and when."""
    from prospect.upkeep.history import history_of, summarise

    with session() as s:
        events = history_of(s, ref, limit=limit)
    if json_out:
        print_json(events)
        return
    print_table(["when", "who", "action", "detail"],
                [[e["at"], e["actor"], e["action"], summarise(e["detail"])] for e in events],
                empty="No events.")


def search(
    query: Annotated[str, typer.Argument(help="Words to find (accents and case do not matter).")],
    kind: Annotated[str | None, typer.Option(
        help="Only this kind: a note kind (goal, risk…), 'name', 'fact' or 'fact:FIELD'.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    json_out: bool = JsonOpt,
) -> None:
    """Search notes, facts and names of every prospect, best hits first."""
    from prospect.upkeep.search import search as run_search

    with session() as s:
        hits = run_search(s, query, kind=kind, limit=limit)
    if json_out:
        print_json(hits)
        return
    print_table(["prospect", "kind", "text", "source"],
                [[h["slug"], h["kind"], h["text"], h["source_url"]] for h in hits],
                empty=f"Nothing found for {query!r}.")


def import_(
    file: Annotated[Path, typer.Argument(help="A CSV exported from a CRM or LinkedIn, or a "
                                              ".vcf vCard file.")],
    json_out: bool = JsonOpt,
) -> None:
    """Create or update prospects from a CRM export (CSV or vCard)."""
    from prospect.upkeep.importer import import_file

    with session() as s:
        result = import_file(s, file, actor=state.author)
    if json_out:
        print_json(result.as_dict())
        return
    for line, reason in result.skipped:
        typer.echo(f"Skipped line {line}: {reason}.")
    typer.echo(f"Created {len(result.created)}, updated {len(result.updated)}, "
               f"unchanged {len(result.unchanged)}, skipped {len(result.skipped)}.")


def export_data(
    ref: Ref,
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON file to write.")],
) -> None:
    """Write everything held on one person to a JSON file (their right of access)."""
    from prospect.store.repo import get_prospect
    from prospect.upkeep.privacy import write_export

    with session() as s:
        p = get_prospect(s, ref)
        counts = write_export(s, p, output)
    typer.echo(f"Wrote everything held on {p.name} to {output} "
               f"({', '.join(f'{v} {k}' for k, v in counts.items())}).")


def forget(ref: Ref, yes: bool = YesOpt) -> None:
    """Erase a person and everything derived from them (their right to erasure)."""
    from prospect.store.repo import get_prospect
    from prospect.upkeep.privacy import forget as erase

    with session() as s:
        p = get_prospect(s, ref)
        label = f"{p.name} ({p.slug})"
        confirm_destruction(f"erase {label} and all their data for good", yes)
        result = erase(s, p, actor=state.author)
    typer.echo(f"Erased {label}: {sum(result['deleted'].values())} rows; "
               f"kept one event for record {result['record']}.")
    if result["warning"]:
        typer.echo(f"Warning: {result['warning']}", err=True)


def prune(
    older_than: Annotated[str, typer.Option(
        help="Retention period: 365d, 52w, 12m (30-day months) or 1y.")],
    json_out: bool = JsonOpt,
) -> None:
    """Delete snapshots, web notes and facts not seen within the retention period."""
    from prospect.upkeep.privacy import prune as run_prune

    with session() as s:
        result = run_prune(s, older_than, actor=state.author)
    if json_out:
        print_json(result)
        return
    d = result["deleted"]
    typer.echo(f"Deleted {d['snapshots']} snapshots, {d['notes']} web notes and {d['facts']} "
               f"facts last seen before {result['cutoff']}.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(changes)
    app.command()(history)
    app.command()(search)
    app.command("import")(import_)
    app.command("export-data")(export_data)
    app.command()(forget)
    app.command()(prune)
