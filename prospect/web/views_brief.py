"""Routes for the brief (preview, PDF, "mark as sent") and the company story (view, edit,
versions)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from prospect.errors import NotFound, StoryError
from prospect.store.models import Prospect
from prospect.web.pages import form, render, text, web
from prospect.web.security import BRIEF_CSP

if TYPE_CHECKING:
    from prospect.brief.model import BriefModel

# -- the brief ----------------------------------------------------------------------------------


def _choice(request: Request) -> tuple[str | None, str]:
    from prospect.brief.render import check_lang, check_paper

    q = {**request.query_params, **{k: v for k, v in form(request).items()
                                    if isinstance(v, str)}}
    return check_lang(q.get("lang") or None), check_paper(q.get("paper") or "a4")


def _prospect(s: Session, request: Request) -> Prospect:
    from prospect.store.repo import get_prospect

    return get_prospect(s, request.path_params["ref"])


def brief_page(request: Request) -> Response:
    from prospect.upkeep.changes import last_brief_at

    lang, paper = _choice(request)
    with web(request).session() as s:
        p = _prospect(s, request)
        return render(request, "brief.html", p=p, lang=lang or p.lang, paper=paper,
                      last_brief=last_brief_at(s, p), sent=request.query_params.get("sent"))


def _model(s: Session, p: Prospect, lang: str | None) -> tuple[BriefModel, str]:
    from prospect.brief.export import build_model

    model = build_model(s, p, lang)
    return model, lang or model.lang


def brief_html(request: Request) -> Response:
    """The HTML brief itself, for the preview frame; nothing is recorded."""
    from prospect.brief.render import render as render_brief

    lang, paper = _choice(request)
    with web(request).session() as s:
        model, used = _model(s, _prospect(s, request), lang)
    html = render_brief(model, "html", lang=used, paper=paper)
    return HTMLResponse(html, headers={"Content-Security-Policy": BRIEF_CSP})


def brief_pdf(request: Request) -> Response:
    """The PDF from the CLI's renderer (recorded as given, as `prospect brief -f pdf` is)."""
    from prospect.brief.export import make_brief

    lang, paper = _choice(request)
    with web(request).session() as s, tempfile.TemporaryDirectory() as tmp:
        p = _prospect(s, request)
        result = make_brief(s, p, "pdf", lang=lang, paper=paper,
                            out=Path(tmp) / f"{p.slug}.pdf", actor=web(request).actor)
        data = result.path.read_bytes()  # type: ignore[union-attr]
        name = f"{p.slug}.pdf"
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def brief_sent(request: Request) -> Response:
    """Record the brief as given to the buyer now: the next "changes" start from here."""
    from prospect.brief.record import record_brief

    lang, paper = _choice(request)
    with web(request).session() as s:
        p = _prospect(s, request)
        model, used = _model(s, p, lang)
        record_brief(s, p, model, "html", used, web(request).actor, sent=True)
        slug = p.slug
    from starlette.responses import RedirectResponse

    return RedirectResponse(f"/p/{slug}/brief?lang={used}&paper={paper}&sent=1", status_code=303)


# -- the company story --------------------------------------------------------------------------

_LINE = re.compile(r", line (\d+): ")


def _story_context(s: Session, draft: str | None = None) -> dict[str, Any]:
    from prospect.story import active_story, example_story_path, story_versions

    versions = story_versions(s)
    try:
        found = active_story(s)
    except StoryError:
        found = None
    story = found[0] if found else None
    if draft is None:
        draft = versions[0].toml if versions else example_story_path().read_text("utf-8")
    return {"story": story, "active": versions[0] if versions else None, "versions": versions,
            "draft": draft}


def story_page(request: Request) -> Response:
    from prospect.story import get_story_version

    with web(request).session() as s:
        draft = None
        start = request.query_params.get("from")
        if start and start.isdigit():
            try:
                draft = get_story_version(s, int(start)).toml
            except NotFound:
                draft = None  # start from the active version instead
        return render(request, "story.html", **_story_context(s, draft), error=None,
                      error_line=None, saved=request.query_params.get("saved"))


def story_save(request: Request) -> Response:
    """Check the text; only a valid story becomes a new version (the old one stays active)."""
    from prospect.story import parse_story, store_story

    draft = str(form(request).get("toml") or "").replace("\r\n", "\n")
    try:
        parse_story(draft, "Your story")
    except StoryError as exc:
        match = _LINE.search(str(exc))
        with web(request).session() as s:
            return render(request, "story.html", status=422, **_story_context(s, draft),
                          error=str(exc), error_line=int(match.group(1)) if match else None,
                          saved=None)
    with web(request).session() as s, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.toml"
        path.write_text(draft, encoding="utf-8")
        sv = store_story(s, path, actor=web(request).actor)
        vid = sv.id
    from starlette.responses import RedirectResponse

    return RedirectResponse(f"/story?saved={vid}", status_code=303)


def story_version(request: Request) -> Response:
    from prospect.story import get_story_version, story_versions

    with web(request).session() as s:
        sv = get_story_version(s, int(request.path_params["vid"]))
        return render(request, "story_version.html", sv=sv, versions=story_versions(s))


def _fonts() -> StaticFiles:
    from prospect.resources import templates_dir

    return StaticFiles(directory=templates_dir() / "fonts")


ROUTES = [
    Route("/p/{ref}/brief", brief_page),
    Route("/p/{ref}/brief.html", brief_html),
    Mount("/p/{ref}/fonts", _fonts()),
    Route("/p/{ref}/brief.pdf", brief_pdf, methods=["POST"]),
    Route("/p/{ref}/brief/sent", brief_sent, methods=["POST"]),
    Route("/story", story_page),
    Route("/story", story_save, methods=["POST"]),
    Route("/story/{vid:int}", story_version),
]
__all__ = ["ROUTES", "text"]
