"""Lay out a PDF brief in a helper process that imports WeasyPrint while the caller reads the DB.

Importing WeasyPrint costs about as much as everything else `brief --format pdf` does, and it
is pure start-up work. The `brief` command starts the child as soon as it knows it writes a
PDF, so the import runs on the second core while the parent opens the database, builds the
model and renders the HTML of every trimming step (jinja stays in the parent). The child gets
those pages and the target file, lays them out, writes the PDF and says which step it printed.
Where the child cannot start or fails for a reason other than a user error, the caller lays out
in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from prospect.errors import ProspectError

if TYPE_CHECKING:
    from prospect.brief.model import BriefModel


@dataclass
class Written:
    """A PDF brief on disk: the model as printed, its page count and the ladder step used."""

    model: BriefModel
    pages: int
    step: int


def fit_and_write(model: BriefModel, lang: str, paper: str, target: Path) -> Written:
    """Trim `model` to one page and write the PDF to `target`, in this process."""
    from prospect.brief.fit import fit_rungs, rungs
    from prospect.brief.pdf import write_pdf

    fitted = fit_rungs(rungs(model, lang=lang, paper=paper))
    write_pdf(fitted.document, target)
    return Written(fitted.model, len(fitted.document.pages), fitted.step)


class PdfWorker:
    """A child process waiting, WeasyPrint already imported, for one brief to lay out."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "prospect.brief.worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")

    def fit_and_write(self, model: BriefModel, lang: str, paper: str,
                      target: Path) -> Written | None:
        """What the child wrote; None when it failed for a reason that is not the user's."""
        from prospect.brief.fit import rungs

        steps = rungs(model, lang=lang, paper=paper)
        request = json.dumps({"pages": [html for _shown, html in steps],
                              "target": str(target)})
        try:
            out, _err = self.proc.communicate(request, timeout=300)
        except (OSError, subprocess.TimeoutExpired):
            self.close()
            return None
        try:
            answer = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
        except ValueError:
            return None
        if answer.get("ok"):
            return Written(steps[answer["step"]][0], answer["pages"], answer["step"])
        if answer.get("user_error"):
            raise ProspectError(answer["user_error"])
        return None

    def close(self) -> None:
        """Stop the child if it is still waiting (the brief failed before it was needed)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start() -> PdfWorker | None:
    """A worker, or None where no child process can be started."""
    try:
        return PdfWorker()
    except OSError:
        return None


def main() -> None:
    """The child: import the renderer first, then wait for one request on stdin."""
    from prospect.brief import fit, pdf  # noqa: F401  (the slow imports this process exists for)

    pdf._quiet_weasyprint()
    import weasyprint  # noqa: F401

    raw = sys.stdin.read()
    if not raw.strip():
        return  # the parent no longer needs us
    req = json.loads(raw)
    try:
        fitted = fit.fit_pages(req["pages"])
        pdf.write_pdf(fitted.document, Path(req["target"]))
        print(json.dumps({"ok": True, "pages": len(fitted.document.pages),
                          "step": fitted.step}))
    except ProspectError as exc:
        print(json.dumps({"ok": False, "user_error": str(exc)}))


if __name__ == "__main__":
    main()
