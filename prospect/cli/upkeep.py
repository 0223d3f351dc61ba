"""Commands for keeping profiles current: changes, history, search, import, privacy rights."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from prospect.cli.common import (
    JsonOpt,
    YesOpt,
    confirm_destruction,
    interactive,
    print_json,
    print_table,
    progress,
    session,
    state,
)
from prospect.dates import HELP as DATES_HELP

Ref = Annotated[str, typer.Argument(help="Prospect id or slug (see 'prospect list').")]


def changes(
    ref: Annotated[str | None, typer.Argument(
        help="Prospect id or slug; leave it out with --all for every prospect.",
        show_default=False)] = None,
    since: Annotated[str | None, typer.Option(
        help=f"Only changes after this: {DATES_HELP} (local time).")] = None,
    since_brief: Annotated[bool, typer.Option(
        "--since-brief", help="Only changes since the last brief (the default).")] = False,
    all_: Annotated[bool, typer.Option(
        "--all", help="With REF: every change ever recorded. Without REF: every prospect, "
        "grouped, job title and company changes first.")] = False,
    json_out: bool = JsonOpt,
) -> None:
    """What appeared, changed or vanished in one profile or all (default: since the last brief)."""
    from prospect.upkeep.changes import changes as list_changes
    from prospect.upkeep.changes import changes_all, parse_since

    if ref is None and not all_:
        raise typer.BadParameter("name a prospect (REF), or use --all for every prospect")
    when = parse_since(since) if since else None
    with session() as s:
        if ref is None:
            groups = changes_all(s, since=when)
        else:
            from prospect.store.repo import get_prospect

            items = list_changes(s, get_prospect(s, ref), since=when, since_brief=not all_)
    if ref is None:
        _print_groups(groups, json_out)
    elif json_out:
        print_json(items)
    else:
        print_table(["when", "change", "kind", "what", "source"],
                    [[i["at"], i["change"], i["field"] or i["kind"], i["text"], i["source_url"]]
                     for i in items], empty="No changes.")


def _print_groups(groups: list[dict[str, Any]], json_out: bool) -> None:
    if json_out:
        print_json(groups)
        return
    rows = [[g["slug"] if n == 0 else "", i["at"], i["change"], i["field"] or i["kind"],
             i["text"], i["source_url"]]
            for g in groups for n, i in enumerate(g["changes"])]
    print_table(["prospect", "when", "change", "kind", "what", "source"], rows,
                empty="No changes.")


def history(ref: Ref, limit: Annotated[int | None, typer.Option(
        help="Show only the newest N events.")] = None, json_out: bool = JsonOpt) -> None:
    """The log of a prospect: edits, notes, gathers, briefs, with who and when."""
    from prospect.upkeep.history import history_of, when

    with session() as s:
        events = history_of(s, ref, limit=limit)
    if json_out:
        print_json(events)
        return
    print_table(["when", "who", "what happened"],
                [[when(e["at"]), e["actor"], e["text"]] for e in events], empty="No events.")


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
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would change and write nothing.")] = False,
    yes: Annotated[bool, typer.Option(
        "--yes", help="Do not ask before writing (on a terminal import asks after the "
        "preview).")] = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Also replace fields someone set by hand (reported as conflicts "
        "otherwise).")] = False,
    json_out: bool = JsonOpt,
) -> None:
    """Create or update prospects from a CRM export (CSV or vCard)."""
    from prospect.upkeep.importer import apply_import, describe, plan_import

    with session() as s:
        with progress("Reading rows") as step:
            plan = plan_import(s, file, overwrite=overwrite, on_progress=step)
        if dry_run and json_out:
            print_json(plan.as_dict())
            return
        # a person at a terminal sees the preview and is asked, unless nothing would change
        ask = not (dry_run or yes or json_out) and bool(plan.changes()) and interactive()
        if dry_run or ask:
            _say_result(plan.result(dry_run=True), json_out, describe(plan))
        if dry_run:
            return
        if ask and not typer.confirm("Import?", default=False):
            typer.echo("Nothing imported.")
            raise typer.Exit(1)
        with progress("Importing rows", len(plan.rows)) as step:
            result = apply_import(s, plan, actor=state.author, on_progress=step)
    # after a preview, only the totals; otherwise also what was skipped and kept
    _say_result(result, json_out, describe(plan, changes=False), details=not ask)


def _say_result(result: Any, json_out: bool, lines: list[str], details: bool = True) -> None:
    if json_out:
        print_json(result.as_dict())
        return
    for line, reason in result.skipped if details else ():
        typer.echo(f"Skipped line {line}: {reason}.")
    for line in lines if details else ():
        typer.echo(line)
    verb = ("Would create", "update", "leave", "skip") if result.dry_run else (
        "Created", "updated", "unchanged", "skipped")
    kept = result.conflicts
    typer.echo(f"{verb[0]} {len(result.created)}, {verb[1]} {len(result.updated)}, "
               f"{verb[2]} {len(result.unchanged)}{' unchanged' if result.dry_run else ''}, "
               f"{verb[3]} {len(result.skipped)}.")
    if kept:
        typer.echo(f"Kept {len(kept)} field(s) set by hand (listed above); --overwrite "
                   "replaces them.")


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


def forget(ref: Ref, yes: bool = YesOpt,
           snapshots: Annotated[bool, typer.Option(
               "--snapshots", help="Also drop the stored copies of other prospects' pages "
               "that name this person (their notes stay).")] = False) -> None:
    """Erase a person and everything derived from them (their right to erasure)."""
    from prospect.store.repo import get_prospect
    from prospect.upkeep.privacy import forget as erase
    from prospect.upkeep.privacy import forget_report

    with session() as s:
        p = get_prospect(s, ref)
        label = f"{p.name} ({p.slug})"
        confirm_destruction(f"erase {label} and all their data for good", yes)
        result = erase(s, p, actor=state.author, snapshots=snapshots)
    for line in forget_report(result, label):
        typer.echo(line)
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
