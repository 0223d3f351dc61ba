"""Routes for prospects: the table of all, one prospect's page, its profile, notes, sources,
pasted call notes and the gather button."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from prospect.errors import InvalidValue, NotFound
from prospect.store.models import Note, Prospect
from prospect.vocab import NOTE_KINDS
from prospect.web.pages import form, is_htmx, render, text, web

PAGE_SIZE = 50
SEARCH_HITS = 2000
SORTS = ("name", "company", "last-gathered", "last-brief", "changes", "next-meeting")


# -- the table of every prospect ---------------------------------------------------------------

def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value or default), 0)
    except ValueError:
        return default


def _search_ids(s: Session, query: str, kind: str | None) -> list[int]:
    """Prospects with a full-text hit (`prospect search`) in their notes, facts or name."""
    from prospect.upkeep.search import search_prospect_ids

    return search_prospect_ids(s, query, kind=kind, limit=SEARCH_HITS)


def index(request: Request) -> Response:
    from prospect.upkeep.overview import overview, shows_descending
    from prospect.upkeep.search import check_kind

    q = request.query_params
    query = (q.get("q") or "").strip() or None
    kind = check_kind(q.get("kind") or None)
    sort = q.get("sort") or "name"
    sort = sort if sort in SORTS else "name"
    desc = q.get("desc") == "1"
    page = max(_int(q.get("page"), 1), 1)
    with web(request).session() as s:
        ids = _search_ids(s, query, kind) if query else None
        data = overview(s, query=None if kind else query, ids=ids, sort=sort,
                        descending=desc, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pages = max((data.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    ctx: dict[str, Any] = {"rows": data.rows, "total": data.total, "query": query or "",
           "kind": kind or "",
           "sort": sort, "desc": desc, "page": page, "pages": pages, "sorts": SORTS,
           "down": shows_descending(sort, desc)}
    if is_htmx(request) and request.headers.get("hx-target") == "table":
        return render(request, "_table.html", **ctx)
    return render(request, "index.html", **ctx)


def add(request: Request) -> Response:
    from prospect.store.repo import ProspectInput, add_prospect

    urls = [u.strip() for u in text(request, "urls").split() if u.strip()]
    with web(request).session() as s:
        p = add_prospect(s, ProspectInput(
            name=text(request, "name"), company=text(request, "company") or None,
            title=text(request, "title") or None, company_domain=text(request, "domain") or None,
            lang=text(request, "lang") or "en", email=text(request, "email") or None,
            location=text(request, "location") or None), urls=urls, actor=web(request).actor)
        slug = p.slug
    return _go(request, f"/p/{slug}")


def _go(request: Request, url: str) -> Response:
    """After a change: a redirect (htmx follows it with HX-Redirect)."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


# -- one prospect -------------------------------------------------------------------------------

def _prospect(s: Session, request: Request) -> Prospect:
    from prospect.store.repo import get_prospect

    return get_prospect(s, request.path_params["ref"])


def _source_urls(s: Session, prospect_id: int) -> dict[int, str]:
    from prospect.store.repo import list_sources

    return {src.id: src.url for src in list_sources(s, prospect_id)}  # type: ignore[misc]


def _notes_context(s: Session, p: Prospect) -> dict[str, Any]:
    from prospect.store.repo import list_notes

    urls = _source_urls(s, p.id)  # type: ignore[arg-type]
    notes = list_notes(s, p.id)  # type: ignore[arg-type]
    groups: dict[str, list[Note]] = {k: [] for k in NOTE_KINDS}
    for n in sorted(notes, key=lambda n: (not n.pinned, n.id)):
        groups[n.kind].append(n)
    return {"p": p, "groups": [(k, v) for k, v in groups.items() if v], "urls": urls,
            "note_count": len(notes)}


def _sources_context(s: Session, p: Prospect) -> dict[str, Any]:
    from prospect.store.repo import prospect_dict

    data = prospect_dict(s, p, with_notes=False)
    return {"p": p, "sources": data["sources"], "facts": data["facts"]}


def prospect_page(request: Request) -> Response:
    from prospect.upkeep.changes import changes, last_brief_at
    from prospect.upkeep.history import history

    with web(request).session() as s:
        p = _prospect(s, request)
        ctx = {**_notes_context(s, p), **_sources_context(s, p),
               "changes": changes(s, p, since_brief=True),
               "last_brief": last_brief_at(s, p),
               "history": list(reversed(history(s, p, limit=40)))}
        return render(request, "prospect.html", **ctx)


def edit(request: Request) -> Response:
    from prospect.store.repo import EDITABLE_FIELDS, edit_prospect

    f = form(request)
    changes: dict[str, str | None] = {k: str(f.get(k) or "").strip() for k in EDITABLE_FIELDS
                                      if k in f}
    with web(request).session() as s:
        p = edit_prospect(s, request.path_params["ref"], changes, actor=web(request).actor)
        return render(request, "_profile.html", p=p, saved=True)


def remove(request: Request) -> Response:
    from prospect.store.repo import remove_prospect

    with web(request).session() as s:
        remove_prospect(s, request.path_params["ref"], actor=web(request).actor)
    return _go(request, "/")


# -- notes --------------------------------------------------------------------------------------

def _notes_fragment(request: Request, s: Session, prospect_id: int, **extra: Any) -> Response:
    from prospect.store.repo import get_prospect

    return render(request, "_notes.html", **_notes_context(s, get_prospect(s, prospect_id)),
                  **extra)


def note_add(request: Request) -> Response:
    from prospect.store.repo import add_note

    with web(request).session() as s:
        p = _prospect(s, request)
        add_note(s, p.id, text(request, "text"), kind=text(request, "kind") or "other",  # type: ignore[arg-type]
                 category=text(request, "category") or None,
                 source_url=text(request, "source") or None, actor=web(request).actor)
        return _notes_fragment(request, s, p.id)  # type: ignore[arg-type]


def _note_id(request: Request) -> int:
    return int(request.path_params["note_id"])


def note_edit_form(request: Request) -> Response:
    from prospect.store.repo import get_note

    with web(request).session() as s:
        n = get_note(s, _note_id(request))
        return render(request, "_note_edit.html", n=n, urls=_source_urls(s, n.prospect_id))


def note_view(request: Request) -> Response:
    from prospect.store.repo import get_note

    with web(request).session() as s:
        n = get_note(s, _note_id(request))
        return render(request, "_note.html", n=n, urls=_source_urls(s, n.prospect_id))


def note_edit(request: Request) -> Response:
    from prospect.store.repo import edit_note

    with web(request).session() as s:
        n = edit_note(s, _note_id(request), text=text(request, "text"),
                      kind=text(request, "kind") or None, category=text(request, "category"),
                      actor=web(request).actor)
        return _notes_fragment(request, s, n.prospect_id)


def note_delete(request: Request) -> Response:
    from prospect.store.repo import delete_note

    with web(request).session() as s:
        n = delete_note(s, _note_id(request), actor=web(request).actor)
        return _notes_fragment(request, s, n.prospect_id)


def note_pin(request: Request) -> Response:
    from prospect.store.repo import pin_note

    with web(request).session() as s:
        n = pin_note(s, _note_id(request), text(request, "pinned") == "1",
                     actor=web(request).actor)
        return _notes_fragment(request, s, n.prospect_id)


def paste_preview(request: Request) -> Response:
    """Split and classify pasted text with the real paste function, then undo it."""
    from prospect.store.rehearse import rehearsal
    from prospect.upkeep.paste import paste_notes

    body = str(form(request).get("text") or "")
    with rehearsal(web(request).engine) as s:
        p = _prospect(s, request)
        notes = paste_notes(s, p, body, actor=web(request).actor)
        rows = [{"text": n.text, "kind": n.kind, "category": n.category,
                 "confidence": n.confidence} for n in notes]
        skipped = max(_count_sentences(body) - len(rows), 0)
        return render(request, "_paste_preview.html", p=p, rows=rows, text=body,
                      skipped=skipped)


def _count_sentences(body: str) -> int:
    """Sentences in the pasted text, split as `paste_notes` splits them."""
    from prospect.extract.paste import pasted_sentences
    from prospect.store.repo import note_key
    from prospect.store.textguard import clean_text

    return sum(1 for x in pasted_sentences(clean_text(body).replace("\r\n", "\n"))
               if note_key(x))


def paste_save(request: Request) -> Response:
    from prospect.upkeep.paste import paste_notes

    with web(request).session() as s:
        p = _prospect(s, request)
        notes = paste_notes(s, p, str(form(request).get("text") or ""), actor=web(request).actor)
        return _notes_fragment(request, s, p.id, added=len(notes))  # type: ignore[arg-type]


# -- sources and gathering ---------------------------------------------------------------------

def source_add(request: Request) -> Response:
    from prospect.store.repo import add_source

    with web(request).session() as s:
        p = _prospect(s, request)
        add_source(s, p.id, text(request, "url"), actor=web(request).actor)  # type: ignore[arg-type]
        return render(request, "_sources.html", **_sources_context(s, p))


def source_remove(request: Request) -> Response:
    from prospect.store.repo import remove_source

    with web(request).session() as s:
        p = _prospect(s, request)
        remove_source(s, p.id, text(request, "url"), actor=web(request).actor)  # type: ignore[arg-type]
        return render(request, "_sources.html", **_sources_context(s, p))


def gather_start(request: Request) -> Response:
    from prospect.web.jobs import start_gather

    w = web(request)
    with w.session() as s:
        p = _prospect(s, request)
        pid, slug = p.id, p.slug
    job = start_gather(w.jobs, w.engine, pid, slug, text(request, "discover") == "1",  # type: ignore[arg-type]
                       w.actor)
    return render(request, "_gather.html", job=job)


def _job(request: Request) -> Any:
    job = web(request).jobs.get(request.path_params["job_id"])
    if job is None:
        raise NotFound("this gather run is unknown (the workspace may have restarted)")
    return job


def gather_events(request: Request) -> Response:
    from prospect.web.jobs import stream

    return StreamingResponse(stream(_job(request)), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def gather_summary(request: Request) -> Response:
    """The run's summary, with the prospect's notes and sources refreshed in the page."""
    job = _job(request)
    if not job.finished:
        raise InvalidValue("this gather run is still going")
    from prospect.store.repo import get_prospect

    with web(request).session() as s:
        try:
            p: Prospect | None = get_prospect(s, job.prospect_id)
        except NotFound:
            p = None  # removed while it was being gathered
        ctx = {**_notes_context(s, p), **_sources_context(s, p)} if p else {}
        return render(request, "_gather_summary.html", job=job, report=job.report,
                      failed=_failed(job.report.results if job.report else []),
                      **{"p": p, **ctx})


def _failed(results: Iterable[Any]) -> list[Any]:
    return [r for r in results if r.status not in ("ok", "not_modified") or r.error]


ROUTES = [
    Route("/", index),
    Route("/prospects", add, methods=["POST"]),
    Route("/p/{ref}", prospect_page),
    Route("/p/{ref}/edit", edit, methods=["POST"]),
    Route("/p/{ref}/remove", remove, methods=["POST"]),
    Route("/p/{ref}/notes", note_add, methods=["POST"]),
    Route("/p/{ref}/paste/preview", paste_preview, methods=["POST"]),
    Route("/p/{ref}/paste", paste_save, methods=["POST"]),
    Route("/p/{ref}/sources", source_add, methods=["POST"]),
    Route("/p/{ref}/sources/remove", source_remove, methods=["POST"]),
    Route("/p/{ref}/gather", gather_start, methods=["POST"]),
    Route("/jobs/{job_id}/events", gather_events),
    Route("/jobs/{job_id}", gather_summary),
    Route("/notes/{note_id:int}", note_view),
    Route("/notes/{note_id:int}/edit", note_edit_form),
    Route("/notes/{note_id:int}/edit", note_edit, methods=["POST"]),
    Route("/notes/{note_id:int}/delete", note_delete, methods=["POST"]),
    Route("/notes/{note_id:int}/pin", note_pin, methods=["POST"]),
]
