"""Routes for data in bulk: changes across every prospect, import with a preview, export of a
selection (CSV, vCard, JSON, a ZIP of PDF briefs), and the access-token login."""

from __future__ import annotations

import io
import secrets
import tempfile
import time
import zipfile
from pathlib import Path

from sqlmodel import Session
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from prospect.clock import utcnow
from prospect.errors import InvalidValue
from prospect.store.models import Prospect
from prospect.web.pages import form, render, text, web
from prospect.web.security import token_set_cookie

MAX_PROSPECTS_SHOWN = 200
UPLOAD_KEEP_SECONDS = 3600

# -- changes across every prospect ---------------------------------------------------------------


def changes_all(request: Request) -> Response:
    from prospect.upkeep.changes import parse_since, recent_changes

    raw = (request.query_params.get("since") or "7d").strip()
    since = parse_since(raw)
    with web(request).session() as s:
        found = recent_changes(s, since, limit=MAX_PROSPECTS_SHOWN)
        blocks = [{"p": p, "list": items} for p, items in found.groups]
        return render(request, "changes.html", blocks=blocks, since=raw, since_at=since,
                      more=found.more)


# -- import with a preview -----------------------------------------------------------------------

def import_page(request: Request) -> Response:
    from prospect.store.repo import count_prospects

    with web(request).session() as s:
        total = count_prospects(s)
    return render(request, "import.html", total=total, preview=None)


def _stash(request: Request, upload: UploadFile) -> tuple[str, Path]:
    uploads = web(request).uploads
    now = time.monotonic()
    for key in [k for k, (_p, t) in uploads.items() if now - t > UPLOAD_KEEP_SECONDS]:
        path, _t = uploads.pop(key)
        path.unlink(missing_ok=True)
    name = Path(upload.filename or "upload.csv").name
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in (
        ".csv", ".vcf", ".vcard", ".txt") else ".csv"
    fd, tmp = tempfile.mkstemp(prefix="prospect-import-", suffix=suffix)
    with open(fd, "wb") as fh:
        upload.file.seek(0)
        fh.write(upload.file.read())
    key = secrets.token_urlsafe(16)
    uploads[key] = (Path(tmp), now)
    return key, Path(tmp)


def import_preview(request: Request) -> Response:
    """What the import would add, overwrite and keep: the importer's own plan, nothing written."""
    from prospect.upkeep.importer import plan_import

    upload = form(request).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidValue("choose a CSV or vCard file to import")
    overwrite = text(request, "overwrite") == "1"
    key, path = _stash(request, upload)
    with web(request).session() as s:
        plan = plan_import(s, path, overwrite=overwrite).as_dict()
    preview = {"key": key, "filename": upload.filename, "plan": plan, "overwrite": overwrite}
    return render(request, "import.html", total=None, preview=preview)


def import_confirm(request: Request) -> Response:
    from prospect.upkeep.importer import import_file

    entry = web(request).uploads.pop(text(request, "key"), None)
    if entry is None:
        raise InvalidValue("this import preview has expired: choose the file again")
    path = entry[0]
    try:
        with web(request).session() as s:
            result = import_file(s, path, actor=web(request).actor,
                                 overwrite=text(request, "overwrite") == "1")
    finally:
        path.unlink(missing_ok=True)
    return render(request, "import_done.html", result=result)


# -- export of a selection -----------------------------------------------------------------------

EXPORTS = {"csv": ("text/csv; charset=utf-8", "csv"), "vcard": ("text/vcard", "vcf"),
           "json": ("application/json", "json"), "pdf": ("application/zip", "zip")}


def _chosen(s: Session, request: Request) -> list[Prospect]:
    from prospect.brief.export import select_prospects

    f = form(request)
    refs = [str(v) for v in f.getlist("ids") if str(v).strip()]
    if text(request, "all") == "1":
        return select_prospects(s, [], True)
    if not refs:
        raise InvalidValue("tick at least one prospect to export (or choose every prospect)")
    return select_prospects(s, refs, False)


def export(request: Request) -> Response:
    fmt = text(request, "format")
    if fmt not in EXPORTS:
        raise InvalidValue(f"export format must be one of {', '.join(EXPORTS)}, got {fmt!r}")
    media, ext = EXPORTS[fmt]
    stamp = utcnow().strftime("%Y%m%d")
    with web(request).session() as s, tempfile.TemporaryDirectory() as tmp:
        chosen = _chosen(s, request)
        if fmt == "pdf":
            data = _pdf_zip(s, chosen, Path(tmp), web(request).actor)
        else:
            from prospect.upkeep.crm import export_crm

            path = export_crm(s, chosen, fmt, Path(tmp) / f"prospects.{ext}")[0]
            data = path.read_bytes()
    return Response(data, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="prospects-{stamp}.{ext}"'})


def _pdf_zip(s: Session, chosen: list[Prospect], folder: Path, actor: str | None) -> bytes:
    """The briefs that could be written; a note in the ZIP names any that could not."""
    from prospect.brief.export import export_briefs

    report = export_briefs(s, chosen, "pdf", folder, actor=actor)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for r in report.written:
            zf.write(r.path, arcname=r.path.name)  # type: ignore[arg-type, union-attr]
        if report.failed:
            zf.writestr("NOT-WRITTEN.txt", "".join(f"{f.name} ({f.slug}): {f.error}\n"
                                                   for f in report.failed))
    return buf.getvalue()


# -- the access token ----------------------------------------------------------------------------

def login_page(request: Request) -> Response:
    return render(request, "login.html", error=None, next=_next(request))


def _next(request: Request) -> str:
    target = request.query_params.get("next") or text(request, "next") or "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


def login(request: Request) -> Response:
    guard = web(request).guard
    if guard.token is None:
        return RedirectResponse("/", status_code=303)
    if not guard.token_ok(text(request, "token")):
        time.sleep(0.5)  # a guesser gets two tries a second at most
        return render(request, "login.html", status=403, error="That is not the access token.",
                      next=_next(request))
    response = RedirectResponse(_next(request), status_code=303)
    response.headers.append("set-cookie", token_set_cookie(guard))
    return response


ROUTES = [
    Route("/changes", changes_all),
    Route("/import", import_page),
    Route("/import/preview", import_preview, methods=["POST"]),
    Route("/import/confirm", import_confirm, methods=["POST"]),
    Route("/export", export, methods=["POST"]),
    Route("/login", login_page),
    Route("/login", login, methods=["POST"]),
]
__all__ = ["ROUTES"]
