"""PDF briefs: the renderer never touches the network, and every brief is exactly one page."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from brief_support import PLUMB, dense_model, hostile_model, sample_model, typed

from prospect.brief.fit import LADDER, fit_one_page, trim
from prospect.brief.pdf import FetchRefused, allowed_path, render_document
from prospect.brief.render import render

pytestmark = pytest.mark.slow


class Trap:
    """A real HTTP server on 127.0.0.1 that records every request it receives."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                trap.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def trap() -> Iterator[Trap]:
    t = Trap()
    yield t
    t.server.shutdown()
    t.server.server_close()


def _text(document) -> str:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(document.write_pdf()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_trap_server_really_answers(trap: Trap) -> None:
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{trap.port}/probe", timeout=5) as r:
        assert r.status == 200
    assert trap.requests == ["/probe"]


def test_hostile_model_makes_no_request(trap: Trap) -> None:
    fitted = fit_one_page(typed(hostile_model(trap.port)))
    assert len(fitted.document.pages) == 1
    assert "<script>alert(1)</script>" in _text(fitted.document)  # shown as text
    assert trap.requests == []


def test_raw_markup_is_refused_by_the_fetcher(trap: Trap) -> None:
    # even markup that escaped escaping cannot make the renderer fetch anything
    base = f"http://127.0.0.1:{trap.port}"
    html = (f'<html><head><link rel="stylesheet" href="{base}/a.css">'
            f'<style>@import url("{base}/b.css"); body {{ background: url({base}/c.png) }}'
            f'</style></head><body><img src="{base}/d.png"><img src="file:///etc/passwd">'
            f'<img src="data:image/png;base64,iVBORw0KGgo="><object data="{base}/e"></object>'
            f'<iframe src="{base}/f"></iframe>hello</body></html>')
    doc = render_document(html)
    assert len(doc.pages) == 1
    assert trap.requests == []


@pytest.mark.parametrize("url", ["http://127.0.0.1/x.css", "https://example.org/f.woff",
                                 "file:///etc/passwd", "data:text/css,body{}",
                                 "ftp://example.org/x", "file://evil.example/templates/brief.css"])
def test_fetcher_policy_refuses(url: str) -> None:
    with pytest.raises(FetchRefused):
        allowed_path(url)


def test_fetcher_policy_allows_bundled_templates_only() -> None:
    from prospect.resources import templates_dir

    css = templates_dir() / "brief.css"
    assert allowed_path(css.as_uri()) == css.resolve()
    with pytest.raises(FetchRefused):
        allowed_path((templates_dir() / ".." / "pyproject.toml").resolve().as_uri())


@pytest.mark.parametrize(("lang", "paper"), [("en", "a4"), ("es", "letter")])
def test_sparse_brief_is_one_page_untrimmed(paper: str, lang: str) -> None:
    fitted = fit_one_page(typed(sample_model(lang=lang)), paper=paper)
    assert (len(fitted.document.pages), fitted.step, fitted.renders) == (1, 0, 1)
    text = _text(fitted.document)
    assert "Dana Whitfield" in text and PLUMB in text and "[1]" in text
    assert ("OBJETIVOS" if lang == "es" else "GOALS") in text
    size = fitted.document.pages[0].width, fitted.document.pages[0].height
    expected = (595, 842) if paper == "a4" else (612, 792)  # CSS px -> pt at 0.75
    assert tuple(round(v * 0.75) for v in size) == expected


@pytest.mark.parametrize("paper", ["letter"])  # the shorter page; A4 is covered in test_brief_cli
def test_dense_brief_is_trimmed_to_one_page(paper: str) -> None:
    model = dense_model()
    untrimmed = render_document(render(trim(typed(model), LADDER[0]), "html", paper=paper))
    assert len(untrimmed.pages) > 1  # the test data really overflows
    fitted = fit_one_page(typed(model), paper=paper)
    assert len(fitted.document.pages) == 1 and fitted.step > 0 and not fitted.clipped
    text = _text(fitted.document)
    assert "Dana Whitfield" in text and PLUMB in text and "[1]" in text


def test_absurd_data_still_gives_one_page() -> None:
    model = sample_model(goals=4, risks=4, sources=10)
    model["prospect"]["name"] = "Z" * 5000
    model["story"]["plumb_line"] = "plumb " * 2000
    model["price"] = ["price " * 300] * 10
    for s in model["sources"]:
        s["url"] = "https://example.org/" + "p" * 3000
    fitted = fit_one_page(typed(model), paper="letter")
    assert len(fitted.document.pages) == 1


def test_trim_keeps_citations_consistent() -> None:
    model = typed(sample_model(sources=12, goals=8, risks=8))
    small = trim(model, LADDER[-1])
    numbers = [s.n for s in small.sources]
    assert numbers == list(range(1, len(numbers) + 1))
    cited = {n for item in [*small.goals, *small.risks, *small.new_since_last]
             for n in item.citations}
    assert cited <= set(numbers)
    assert len(small.goals) == LADDER[-1].max_goals
    assert all(item.evidence == "" for item in small.goals)
    assert model.goals[0].evidence  # the input is not modified


def _font_names(pdf: bytes) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_pdf_embeds_the_bundled_faces_not_the_systems() -> None:
    from prospect.resources import templates_dir

    font = templates_dir() / "fonts" / "BriefSans-Bold.ttf"
    assert allowed_path(font.as_uri()) == font.resolve()
    names = _font_names(fit_one_page(typed(sample_model())).document.write_pdf())
    # a subset prefix ("ABCDEF+"), then the bundled family, book and bold
    assert {n.split("+", 1)[1] for n in names} == {"Brief-Sans-Condensed",
                                                  "Brief-Sans-Bold-Condensed"}


def test_text_outside_the_bundled_faces_falls_back_to_system_fonts() -> None:
    import shutil
    import subprocess

    if not shutil.which("fc-list") or not subprocess.run(
            ["fc-list", ":charset=3b1"], capture_output=True, text=True).stdout.strip():
        pytest.skip("no system font with Greek letters to fall back to")
    fitted = fit_one_page(typed(sample_model(name="Αλέξης Παπαδόπουλος")))
    pdf = fitted.document.write_pdf()
    assert "Αλέξης Παπαδόπουλος" in _text(fitted.document)
    assert any("Brief-Sans" not in n for n in _font_names(pdf))  # a fallback face was used


def _overflow(document) -> float:  # type: ignore[no-untyped-def]
    """How far the widest laid-out box reaches past the right edge of the page's text area."""
    page = document.pages[0]._page_box  # WeasyPrint's layout tree: no public API gives boxes
    right = page.content_box_x() + page.width
    worst = 0.0

    def walk(box) -> None:  # type: ignore[no-untyped-def]
        nonlocal worst
        if getattr(box, "width", None) is not None and hasattr(box, "border_box_x"):
            worst = max(worst, box.border_box_x() + box.border_width() - right)
        for child in getattr(box, "children", []):
            walk(child)

    walk(page)
    return worst


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_columns_stay_inside_the_margins(paper: str) -> None:
    for model in (sample_model(), dense_model()):
        assert _overflow(fit_one_page(typed(model), paper=paper).document) < 0.5  # CSS px
