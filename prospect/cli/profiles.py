"""Commands for buyer profiles: add, list, show, edit, remove."""

from __future__ import annotations

from datetime import datetime
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


def add(
    name: Annotated[str, typer.Argument(help="The person's full name.")],
    company: Annotated[str | None, typer.Option(help="Company they work for.")] = None,
    title: Annotated[str | None, typer.Option(help="Job title.")] = None,
    domain: Annotated[str | None, typer.Option(
        help="Company web site, used by 'gather --discover': a bare host (acme.com) is tried "
        "over https; give http://acme.com for a site without https.")] = None,
    lang: Annotated[str, typer.Option(help="Language of the brief: en or es.")] = "en",
    location: Annotated[str | None, typer.Option(help="City or country.")] = None,
    email: Annotated[str | None, typer.Option(help="Work e-mail.")] = None,
    url: Annotated[list[str] | None, typer.Option(
        "--url", help="A public page about them (repeat for more).")] = None,
    json_out: bool = JsonOpt,
) -> None:
    """Add a prospect to research."""
    from prospect.store.lookalike import lookalikes
    from prospect.store.repo import ProspectInput, add_prospect, prospect_dict

    with session() as s:
        p = add_prospect(s, ProspectInput(name=name, company=company, title=title,
                                          location=location, email=email,
                                          company_domain=domain, lang=lang),
                         urls=url or [], actor=state.author)
        twins = lookalikes(s, p)
        if json_out:
            print_json(prospect_dict(s, p) | {"lookalikes": [vars(t) for t in twins]})
        else:
            typer.echo(f"Added {p.name} as {p.slug} (id {p.id}).")
    for t in twins:
        typer.echo(f"Warning: {t.slug} ({t.name}) has the same {t.reason}; if it is the same "
                   f"person, keep one: prospect remove {p.slug}", err=True)


def list_(
    sort: Annotated[str, typer.Option(
        "--sort", help="name, company, next-meeting, changes (most first), last-gathered or "
        "last-brief (latest first).")] = "name",
    desc: Annotated[bool, typer.Option("--desc", help="Reverse the order.")] = False,
    json_out: bool = JsonOpt,
) -> None:
    """List every prospect: last gathered, last brief, changes since it, next meeting."""
    from prospect.upkeep.overview import overview

    with session() as s:
        rows = overview(s, sort=sort, descending=desc).rows
    if json_out:
        print_json([r.to_json() for r in rows])
        return
    from prospect.cli.common import table_width

    if table_width() >= 120:
        columns = ["id", "slug", "name", "company", "title", "last gathered", "last brief",
                   "changes", "next meeting"]
        cells = [[r.id, r.slug, r.name, r.company, r.title, _local(r.last_gathered),
                  _local(r.last_brief), r.changes,
                  _meeting(r.next_meeting, r.next_meeting_title)] for r in rows]
    else:  # 80 columns: the title gives way, days are short (--json has everything)
        columns = ["slug", "name", "company", "gathered", "brief", "changes", "next meeting"]
        cells = [[r.slug, r.name, r.company, _local(r.last_gathered, "%d %b"),
                  _local(r.last_brief, "%d %b"), r.changes,
                  _meeting(r.next_meeting, r.next_meeting_title)] for r in rows]
    print_table(columns, cells,
                empty="No prospects yet. Add one with: prospect add \"Full Name\"")


def _local(when: datetime | None, fmt: str = "%Y-%m-%d") -> str:
    return when.astimezone().strftime(fmt) if when else ""


def _meeting(when: datetime | None, title: str | None) -> str:
    if when is None:
        return ""
    title = title or ""
    return f"{_local(when, '%Y-%m-%d %H:%M')} {title[:40] + ('…' if len(title) > 40 else '')}"


def show(ref: Ref, json_out: bool = JsonOpt) -> None:
    """Show a prospect's profile, facts, sources and notes."""
    from prospect.store.repo import get_prospect, prospect_dict

    with session() as s:
        data = prospect_dict(s, get_prospect(s, ref))
    if json_out:
        print_json(data)
        return
    typer.echo(f"{data['name']}  ({data['slug']}, id {data['id']})")
    for key in ("title", "company", "location", "email", "company_domain", "lang"):
        if data.get(key):
            typer.echo(f"  {key.replace('_', ' ')}: {data[key]}")
    print_table(["field", "value", "source"],
                [[f["field"], f["value"], f["source_url"]] for f in data["facts"]],
                title="Facts", empty="No facts yet.")
    print_table(["url", "origin", "status", "http", "error", "fetched"],
                [[x["url"], x["origin"], x["status"], x["http_status"], x["error"],
                  x["fetched_at"]] for x in data["sources"]],
                title="Sources", empty="No sources yet.")
    print_table(["id", "kind", "category", "text", "origin", "source"],
                [[n["id"], n["kind"], n["category"], n["text"], n["origin"], n["source_url"]]
                 for n in data["notes"]], title="Notes", empty="No notes yet.")


def edit(
    ref: Ref,
    name: Annotated[str | None, typer.Option(help="New full name.")] = None,
    company: Annotated[str | None, typer.Option(help="New company.")] = None,
    title: Annotated[str | None, typer.Option(help="New job title.")] = None,
    domain: Annotated[str | None, typer.Option(help="New company web site.")] = None,
    lang: Annotated[str | None, typer.Option(help="New brief language: en or es.")] = None,
    location: Annotated[str | None, typer.Option(help="New location.")] = None,
    email: Annotated[str | None, typer.Option(help="New e-mail.")] = None,
    accept_web_title: Annotated[bool, typer.Option(
        "--accept-web-title", help="Take the job title the web shows (see 'prospect changes', "
        "\"title changed?\").")] = False,
    json_out: bool = JsonOpt,
) -> None:
    """Change a prospect's profile (every change is logged)."""
    from prospect.store.repo import edit_prospect, prospect_dict

    with session() as s:
        if accept_web_title:
            from prospect.upkeep.changes import accept_web_title as web_title

            title = web_title(s, ref, title)
        p = edit_prospect(s, ref, {"name": name, "company": company, "title": title,
                                   "company_domain": domain, "lang": lang,
                                   "location": location, "email": email}, actor=state.author)
        if json_out:
            print_json(prospect_dict(s, p))
        else:
            typer.echo(f"Updated {p.slug}.")


def remove(ref: Ref, yes: bool = YesOpt) -> None:
    """Delete a prospect and its sources, pages and notes (asks first)."""
    from prospect.store.repo import get_prospect, remove_prospect

    with session() as s:
        p = get_prospect(s, ref)
        confirm_destruction(f"remove {p.name} ({p.slug}) and all their sources, pages and "
                            "notes", yes)
        p = remove_prospect(s, p.id, actor=state.author)  # type: ignore[arg-type]
    typer.echo(f"Removed {p.name} ({p.slug}).")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(add)
    app.command("list")(list_)
    app.command()(show)
    app.command()(edit)
    app.command()(remove)
