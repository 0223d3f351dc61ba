"""The PDF worker process: same one-page result as in-process, user errors stay one line."""

from __future__ import annotations

import pytest
from brief_support import sample_model, typed

from prospect.brief import worker
from prospect.errors import ProspectError


def test_worker_writes_the_same_one_page_pdf_as_in_process(tmp_path):
    from pypdf import PdfReader

    model = sample_model(lang="es")
    w = worker.start()
    assert w is not None
    with w:
        done = w.fit_and_write(typed(model), "es", "letter", tmp_path / "w.pdf")
    local = worker.fit_and_write(typed(model), "es", "letter", tmp_path / "l.pdf")
    assert done is not None and done.pages == local.pages == 1
    assert done.step == local.step and done.model == local.model  # the model as printed
    text = PdfReader(tmp_path / "w.pdf").pages[0].extract_text()
    assert model["prospect"]["name"].split()[0] in text
    assert w.proc.returncode == 0


def test_worker_reports_a_user_error_as_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with worker.start() as w:  # type: ignore[union-attr]
        with pytest.raises(ProspectError, match="cannot write the PDF"):
            w.fit_and_write(typed(sample_model()), "en", "a4", blocker / "sub" / "b.pdf")


def test_unused_worker_is_stopped(tmp_path):
    w = worker.start()
    assert w is not None
    w.close()
    assert w.proc.poll() is not None


def test_a_dead_worker_means_in_process_rendering(tmp_path, monkeypatch):
    w = worker.start()
    assert w is not None
    w.proc.kill()
    w.proc.wait()
    assert w.fit_and_write(typed(sample_model()), "en", "a4", tmp_path / "x.pdf") is None
    w.close()


def test_the_brief_command_starts_a_worker_only_for_a_pdf(cli, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    started: list[bool] = []
    monkeypatch.setattr(worker, "start", lambda: started.append(True))  # None: in-process
    assert cli("add", "Ana Ruiz", "--company", "Acme").exit_code == 0
    assert cli("brief", "ana-ruiz", "--format", "md").exit_code == 0
    assert started == []
    out = cli("brief", "ana-ruiz", "-o", str(tmp_path / "ana.pdf"))
    assert out.exit_code == 0, out.output
    assert started == [True] and (tmp_path / "ana.pdf").stat().st_size > 0
