"""Commands for notes about a prospect: note add, list, edit, delete (and paste)."""

from __future__ import annotations

from typing import Annotated

import typer

from prospect.cli.common import JsonOpt, print_json, print_table, session, state
from prospect.cli.profiles import Ref

note_app = typer.Typer(help="Notes about a prospect: goals, risks, facts you know.",
                       no_args_is_help=True)

KindOpt = Annotated[str | None, typer.Option(
    "--kind", help="bio, goal, risk, interest, achievement, quote, event or other.")]
CategoryOpt = Annotated[str | None, typer.Option(
    "--category", help="For goals: growth, efficiency, reliability, innovation, compliance, "
    "people, customer. For risks: budget, switching, implementation, operations, adoption, "
    "vendor, security, personal.")]
NoteId = Annotated[int, typer.Argument(help="The note's id (see 'prospect note list REF').")]


@note_app.command("add")
def add(ref: Ref, text: Annotated[str, typer.Argument(help="What you learned.")],
        kind: KindOpt = None, category: CategoryOpt = None,
        source: Annotated[str | None, typer.Option(help="Where it comes from (URL).")] = None,
        json_out: bool = JsonOpt) -> None:
    """Add a note of your own to a prospect."""
    from prospect.store.repo import add_note, note_dict

    with session() as s:
        n = add_note(s, ref, text, kind=kind or "other", category=category, source_url=source,
                     actor=state.author)
        data = note_dict(n, {n.source_id: source} if n.source_id and source else {})
    if json_out:
        print_json(data)
    else:
        typer.echo(f"Added note {n.id} ({n.kind}{'/' + n.category if n.category else ''}).")


@note_app.command("list")
def list_(ref: Ref, json_out: bool = JsonOpt) -> None:
    """List a prospect's notes."""
    from prospect.store.repo import get_prospect, prospect_dict

    with session() as s:
        notes = prospect_dict(s, get_prospect(s, ref))["notes"]
    if json_out:
        print_json(notes)
    else:
        print_table(["id", "kind", "category", "text", "origin", "source"],
                    [[n["id"], n["kind"], n["category"], n["text"], n["origin"],
                      n["source_url"]] for n in notes], empty="No notes yet.")


@note_app.command("edit")
def edit(note_id: NoteId,
         text: Annotated[str | None, typer.Option(help="New text.")] = None,
         kind: KindOpt = None, category: CategoryOpt = None) -> None:
    """Change a note's text, kind or category."""
    from prospect.store.repo import edit_note

    with session() as s:
        n = edit_note(s, note_id, text=text, kind=kind, category=category, actor=state.author)
    typer.echo(f"Updated note {n.id}.")


@note_app.command("delete")
def delete(note_id: NoteId) -> None:
    """Delete a note."""
    from prospect.store.repo import delete_note

    with session() as s:
        delete_note(s, note_id, actor=state.author)
    typer.echo(f"Deleted note {note_id}.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(note_app, name="note")


@note_app.command("paste")
def paste(ref: Ref,
          source: Annotated[str | None, typer.Option(
              help="Where the text comes from (URL).")] = None,
          json_out: bool = JsonOpt) -> None:
    """Add notes from text on standard input (one per sentence, classified)."""
    import sys

    from prospect.store.repo import note_dict
    from prospect.upkeep.paste import MAX_PASTE_BYTES, decode_pasted, paste_notes

    if sys.stdin.isatty():
        typer.echo("Paste the text, then press Ctrl-D (Ctrl-Z Enter on Windows).", err=True)
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:  # bytes: binary or UTF-16 input must not break the decoding
        text = decode_pasted(stream.read(MAX_PASTE_BYTES + 1))
    else:
        text = sys.stdin.read(MAX_PASTE_BYTES + 1)
    with session() as s:
        notes = paste_notes(s, ref, text, source_url=source, actor=state.author)
        data = [note_dict(n, {n.source_id: source} if n.source_id and source else {})
                for n in notes]
    if json_out:
        print_json(data)
    else:
        typer.echo(f"Added {len(data)} note{'s' if len(data) != 1 else ''}.")
        for n in data:
            typer.echo(f"  {n['id']}  {n['kind']}{'/' + n['category'] if n['category'] else ''}"
                       f"  {n['text']}")
