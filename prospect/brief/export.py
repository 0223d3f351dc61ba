"""Produce briefs: build the model, render it in one format, write it, record it; in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from prospect.brief.formats import EXTENSIONS, guess_format
from prospect.brief.model import BriefModel
from prospect.brief.render import (
    TEXT_FORMATS,
    check_format,
    check_lang,
    check_paper,
    render,
)
from prospect.errors import InvalidValue, ProspectError
from prospect.store.models import Prospect

if TYPE_CHECKING:
    from prospect.brief.worker import PdfWorker

EXPORT_FORMATS = ("pdf", "md", "html")


@dataclass
class BriefResult:
    """One produced brief: its text (text formats) or file, and how the PDF was fitted."""

    slug: str
    name: str
    format: str
    lang: str
    brief_id: int
    given: bool = False  # written to a file: counts as the last brief (a preview does not)
    path: Path | None = None
    text: str | None = None
    pages: int | None = None
    trim_step: int | None = None

    def summary(self) -> dict[str, Any]:
        return {"slug": self.slug, "name": self.name, "format": self.format, "lang": self.lang,
                "brief_id": self.brief_id, "given": self.given,
                "path": str(self.path) if self.path else None,
                "pages": self.pages, "trim_step": self.trim_step}


def build_model(session: Session, prospect: Prospect, lang: str | None = None) -> BriefModel:
    """The brief model (the one thing every format renders)."""
    from prospect.brief.build import build_brief

    return build_brief(session, prospect, lang=lang)


def _target(out: Path | str | None, slug: str, fmt: str) -> Path | None:
    if out is None:
        return Path(f"{slug}.{EXTENSIONS[fmt]}") if fmt == "pdf" else None
    folder = str(out).endswith(("/", "\\"))
    out = Path(out).expanduser()
    return out / f"{slug}.{EXTENSIONS[fmt]}" if folder or out.is_dir() else out


def _write_text(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ProspectError(f"cannot write {path}: {exc.strerror or exc}") from None


def make_brief(session: Session, ref: str | int | Prospect, fmt: str = "html", *,
               lang: str | None = None, paper: str = "a4", out: Path | str | None = None,
               actor: str | None = None, pdf_worker: PdfWorker | None = None,
               sent: bool = False) -> BriefResult:
    """Build, render and record one brief.

    Text formats come back as `text` (and are written when `out` is given); a PDF is always
    written: to `out`, or `<slug>.pdf` in the current folder. `out` may be a folder. A
    `pdf_worker` started early lays the PDF out in a child process (see `worker.py`).
    A brief written to a file, or `sent`, is given: the next "new since the last brief"
    starts from it; one only shown is a preview.
    """
    from prospect.brief.record import record_brief
    from prospect.store.repo import get_prospect

    fmt, paper, lang = check_format(fmt), check_paper(paper), check_lang(lang)
    p = ref if isinstance(ref, Prospect) else get_prospect(session, ref)
    model = build_model(session, p, lang)
    used_lang = lang or model.lang
    target = _target(out, p.slug, fmt)
    given = target is not None or sent
    model.given = given
    result = BriefResult(slug=p.slug, name=p.name, format=fmt, lang=used_lang, brief_id=0,
                         given=given, path=target)
    if fmt == "pdf":
        from prospect.brief.worker import fit_and_write

        assert target is not None  # a PDF always goes to a file
        done = pdf_worker.fit_and_write(model, used_lang, paper, target) if pdf_worker else None
        done = done or fit_and_write(model, used_lang, paper, target)
        model = done.model  # record what was printed
        result.pages, result.trim_step = done.pages, done.step
    else:
        result.text = render(model, fmt, lang=used_lang, paper=paper)
        if target is not None:
            _write_text(target, result.text)
    brief = record_brief(session, p, model, fmt, used_lang, actor,
                         path=str(target) if target else None, given=result.given,
                         sent=sent)
    result.brief_id = brief.id or 0
    return result


@dataclass
class ExportFailure:
    """A prospect whose brief could not be written, and why."""

    slug: str
    name: str
    error: str


@dataclass
class ExportReport:
    written: list[BriefResult] = field(default_factory=list)
    failed: list[ExportFailure] = field(default_factory=list)


def export_briefs(session: Session, prospects: Iterable[Prospect], fmt: str, out_dir: Path, *,
                  lang: str | None = None, paper: str = "a4", actor: str | None = None,
                  on_progress: Callable[[BriefResult | None], None] | None = None
                  ) -> ExportReport:
    """One brief file per prospect in `out_dir`, named by slug.

    A prospect that fails is reported and the others are still written.
    """
    fmt = check_format(fmt, EXPORT_FORMATS)
    out_dir = Path(out_dir).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidValue(f"-o must be a folder for --format {fmt}, and {out_dir} is a file")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProspectError(f"cannot create the folder {out_dir}: {exc.strerror}") from None
    report = ExportReport()
    for p in list(prospects):
        slug, name = p.slug, p.name
        try:
            result: BriefResult | None = make_brief(
                session, p, fmt, lang=lang, paper=paper,
                out=out_dir / f"{slug}.{EXTENSIONS[fmt]}", actor=actor)
        except Exception as exc:  # noqa: BLE001 - one prospect's failure must not stop the rest
            session.rollback()
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            report.failed.append(ExportFailure(slug, name, detail))
            result = None
        else:
            report.written.append(result)  # type: ignore[arg-type]
        if on_progress:
            on_progress(result)
    return report


def select_prospects(session: Session, refs: Iterable[str], all_: bool) -> list[Prospect]:
    """The prospects named by REF (in order, no repeats), or every one with --all."""
    from prospect.store.repo import get_prospect, list_prospects

    refs = list(refs)
    if all_ and refs:
        raise InvalidValue("give either REF... or --all, not both")
    if all_:
        found = list(list_prospects(session))
        if not found:
            raise InvalidValue("there are no prospects to export (add one with 'prospect add')")
        return found
    if not refs:
        raise InvalidValue("name at least one prospect (REF...) or use --all")
    chosen: dict[int, Prospect] = {}
    for ref in refs:
        p = get_prospect(session, ref)
        chosen.setdefault(p.id, p)  # type: ignore[arg-type]
    return list(chosen.values())


__all__ = ["EXPORT_FORMATS", "TEXT_FORMATS", "BriefResult", "ExportFailure", "ExportReport",
           "build_model", "export_briefs",
           "guess_format", "make_brief", "select_prospects"]
