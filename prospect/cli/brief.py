"""Commands for the brief: brief (one prospect), export (many), demo (the offline tour)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from prospect.cli.common import JsonOpt, print_json, progress, session, state

Ref = Annotated[str, typer.Argument(help="Prospect id or slug (see 'prospect list').")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", help="Language of the brief: en or es (default: the prospect's).")]
PaperOpt = Annotated[str, typer.Option(
    "--paper", help="Paper size for PDF and HTML: a4 or letter.")]


def brief(
    ref: Ref,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="html, md, txt, pdf or json (the model every format renders); "
        "default: from the -o file's extension; without -o, txt on a terminal and html "
        "when piped.", show_default=False)] = None,
    out: Annotated[str | None, typer.Option(
        "-o", "--output", metavar="PATH",
        help="Write to this file, or into this folder (ending in /) as <slug>.<format>; "
        "a PDF without -o goes to ./<slug>.pdf.")] = None,
    lang: LangOpt = None,
    paper: PaperOpt = "a4",
    json_out: Annotated[bool, typer.Option(
        "--json", help="Print JSON: the model, or what was written when the output is a file.")
    ] = False,
    sent: Annotated[bool, typer.Option(
        "--sent", help="Record this brief as sent to the buyer now (a brief only shown on "
        "screen is otherwise a preview, and does not start the next 'new since last brief').")
    ] = False,
) -> None:
    """Print or write the one-page brief of a prospect (recorded, so the next says what is new)."""
    from prospect.brief import worker
    from prospect.brief.formats import requested_format

    fmt = requested_format(fmt, out, json_out, terminal=sys.stdout.isatty())
    # the PDF renderer's imports run on the other core while the database is read
    pdf_worker = worker.start() if fmt == "pdf" else None
    try:
        from prospect.brief.export import make_brief

        with session() as s:
            result = make_brief(s, ref, fmt, lang=lang, paper=paper, out=out,
                                actor=state.author, pdf_worker=pdf_worker, sent=sent)
    finally:
        if pdf_worker:
            pdf_worker.close()
    if json_out and result.path is not None:
        print_json(result.summary())
    elif result.path is None:
        typer.echo(result.text, nl=False)
    else:
        pages = f", {result.pages} page, {paper.upper()}" if result.pages else ""
        typer.echo(f"Wrote the brief of {result.name} to {result.path}{pages}.")


def export(
    refs: Annotated[list[str] | None, typer.Argument(
        help="Prospect ids or slugs (or use --all).", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every prospect.")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="pdf, md or html (one brief per prospect); csv, json or vcard "
        "(one file for a CRM).")] = "pdf",
    out: Annotated[Path, typer.Option(
        "-o", "--output", help="Folder for briefs (one <slug> file each); file for csv/json/vcard.")
    ] = Path("."),
    lang: LangOpt = None,
    paper: PaperOpt = "a4",
    json_out: bool = JsonOpt,
) -> None:
    """Export briefs (pdf, md, html) or CRM data (csv, json, vcard) for several prospects."""
    from prospect.brief.export import EXPORT_FORMATS, export_briefs, select_prospects

    fmt_l = fmt.strip().lower()
    failed: list[Any] = []
    with session() as s:
        chosen = select_prospects(s, refs or [], all_)
        if fmt_l not in EXPORT_FORMATS:
            paths = _export_crm(s, chosen, fmt_l, out)
            rows: list[dict[str, Any]] = [{"path": str(p)} for p in paths]
        else:
            with progress("Writing briefs", len(chosen)) as step:
                report = export_briefs(s, chosen, fmt_l, out, lang=lang, paper=paper,
                                       actor=state.author, on_progress=lambda _r: step(1))
            rows = [r.summary() for r in report.written]
            failed = report.failed
    if json_out:
        print_json(rows + [{"slug": f.slug, "error": f.error} for f in failed])
    else:
        for row in rows:
            typer.echo(f"Wrote {row['path']}")
    for f in failed:
        typer.echo(f"Error: could not write the brief of {f.name} ({f.slug}): {f.error}",
                   err=True)
    if failed:
        typer.echo(f"{len(failed)} of {len(rows) + len(failed)} briefs failed.", err=True)
        raise typer.Exit(1)


def _export_crm(s: Any, chosen: list[Any], fmt: str, out: Path) -> list[Path]:
    from prospect.errors import InvalidValue

    if fmt not in ("csv", "json", "vcard"):
        raise InvalidValue(f"format must be one of pdf, md, html, csv, json, vcard, got {fmt!r}")
    from prospect.upkeep.crm import export_crm

    return list(export_crm(s, chosen, fmt, out))


def demo(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder for the two sample PDF briefs.")] = Path("prospect-demo"),
    keep_db: Annotated[bool, typer.Option(
        "--keep-db", help="Keep the demo database in the output folder (else it is thrown "
        "away), and print the commands that use it.")] = False,
    serve_site: Annotated[bool, typer.Option(
        "--serve-site", help="Only serve the sample site, until Ctrl-C, for another gather on "
        "a kept demo database (on the port its prospects point at).")] = False,
    port: Annotated[int | None, typer.Option(
        help="Port for --serve-site (default: the kept database's, else a free one).")] = None,
    json_out: bool = JsonOpt,
    serve: Annotated[bool, typer.Option(
        "--serve", help="Then open the demo's data in the browser workspace (keeps the "
        "database).")] = False,
) -> None:
    """Try prospect offline: a sample site, two sample prospects, their PDF briefs."""
    from contextlib import nullcontext

    from prospect.demo import run_demo, serve_until_stopped
    from prospect.demo.server import serve_site as sample_site

    if serve_site:
        serve_until_stopped(out, port, say=typer.echo)
        return
    # with --serve the sample site stays up, so Gather works in the workspace too
    with sample_site() if serve else nullcontext() as site:
        report = run_demo(out, keep_db=keep_db or serve, say=None if json_out else typer.echo,
                          site=site)
        if json_out:
            print_json(report)
        if serve:
            from prospect.web.serve import serve as run_workspace

            run_workspace(f"sqlite:///{report['db']}", open_browser=True, actor=state.author,
                          say=typer.echo)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("brief")(brief)
    app.command("export")(export)
    app.command("demo")(demo)
