"""The workspace in a real browser: Debian's Chromium, headless, driven by Playwright.

Skips with the reason where Chromium or the playwright package is absent. Set
PROSPECT_SCREENSHOT=1 to refresh docs/workspace.png (the README's screenshot) from
`test_screenshot_for_the_readme`.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select
from web_support import LiveServer

from prospect.store.models import Note, Prospect

CHROMIUM = Path("/usr/bin/chromium")
DOCS = Path(__file__).resolve().parents[1] / "docs"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not found at {CHROMIUM} "
                       "(Debian package 'chromium')"),
]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the 'playwright' Python package is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                               args=["--no-sandbox", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def live(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The real app under Uvicorn on a fresh SQLite file holding the example story."""
    from prospect.store import open_db
    from prospect.story import example_story_path, store_story

    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = open_db(url)
    with Session(engine) as s:
        store_story(s, example_story_path(), actor="setup")
    server = LiveServer(url, engine=engine)
    server.engine = engine  # type: ignore[attr-defined]
    yield server
    server.close()
    engine.dispose()


@pytest.fixture
def page(browser, live):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    outside: list[str] = []
    pg.on("request", lambda req: None if req.url.startswith(live.base)
          else outside.append(req.url))
    pg.on("dialog", lambda dialog: dialog.accept())  # hx-confirm questions
    refused: list[str] = []
    pg.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text
          else None)
    pg.goto(live.base + "/")
    yield pg
    context.close()
    assert not [u for u in outside if not u.startswith(("data:", "about:"))], outside
    assert not refused, refused  # nothing the page does needs more than its policy allows


def _add(live: Any, name: str, **kw: Any) -> str:
    from prospect.store.repo import ProspectInput, add_prospect

    urls = kw.pop("urls", ())
    with Session(live.engine) as s:
        return add_prospect(s, ProspectInput(name=name, **kw), urls=urls).slug


def _note(live: Any, slug: str, text: str, kind: str = "goal", category: str | None = None
          ) -> None:
    from prospect.store.repo import add_note

    with Session(live.engine) as s:
        add_note(s, slug, text, kind=kind, category=category)


def test_add_a_prospect_then_edit_and_pin_a_note(page, live):  # type: ignore[no-untyped-def]
    page.get_by_text("Add a prospect", exact=True).click()
    page.get_by_label("Full name").fill("Valeria Núñez")
    page.get_by_label("Company", exact=True).fill("Andes Cargo")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/p/valeria-nunez$"))
    assert page.locator("h1").inner_text() == "Valeria Núñez"

    page.get_by_text("Add a note", exact=True).click()
    page.get_by_label("What you learned").fill("She fears another failed ERP rollout.")
    page.locator("#notes select[name=kind]").select_option("risk")
    page.locator("#notes select[name=category]").select_option("implementation")
    page.get_by_role("button", name="Add the note").click()
    note = page.locator("li.note", has_text="She fears another failed ERP rollout.")
    note.wait_for()
    assert "implementation" in note.inner_text()

    note.get_by_role("button", name="Edit").click()
    editor = page.locator("li.note.editing textarea")
    editor.fill("She fears another failed ERP rollout in 2027.")
    page.locator("li.note.editing").get_by_role("button", name="Save").click()
    edited = page.locator("li.note", has_text="in 2027.")
    edited.wait_for()
    edited.get_by_role("button", name="Pin").click()
    pinned = page.locator("li.note.pinned", has_text="in 2027.")
    pinned.wait_for()
    assert "Pinned" in pinned.inner_text()
    with Session(live.engine) as s:
        n = s.exec(select(Note)).one()
        assert n.pinned and n.text.endswith("in 2027.") and n.author == "web-tester"


def test_paste_call_notes_preview_then_save(page, live):  # type: ignore[no-untyped-def]
    slug = _add(live, "Walter Ortiz", company="Ortiz SA")
    page.goto(f"{live.base}/p/{slug}")
    page.get_by_text("Paste call notes", exact=True).click()
    page.locator("#paste-box textarea").fill(
        "Walter wants to cut freight costs by a fifth. He worries his team will not adopt "
        "a new tool.")
    page.get_by_role("button", name="Preview the notes").click()
    preview = page.locator("#paste-preview table")
    preview.wait_for()
    assert "These 2 notes would be added" in page.locator("#paste-preview").inner_text()
    with Session(live.engine) as s:
        assert s.exec(select(func.count()).select_from(Note)).one() == 0
    page.get_by_role("button", name="Save these notes").click()
    page.get_by_text("Added 2 notes.").wait_for()
    assert page.locator("li.note").count() == 2


def test_gather_from_a_loopback_site_with_progress(page, live, sites):  # type: ignore[no-untyped-def]
    from gather_support import Reply
    from gather_support import page as html_page

    slow = html_page("<html><body><h1>Ximena Soto</h1><p>Ximena Soto wants to double "
                     "exports to Brazil next year.</p></body></html>")
    site = sites({"/a": Reply(slow.status, slow.body, slow.headers, delay=0.4),
                  "/b": Reply(slow.status, slow.body, slow.headers, delay=0.4)})
    slug = _add(live, "Ximena Soto", urls=(site.url("/a"), site.url("/b"), site.url("/c")))
    page.goto(f"{live.base}/p/{slug}")
    page.get_by_role("button", name="Gather now").click()
    bar = page.locator("#gather-progress")
    bar.wait_for()
    page.get_by_text(re.compile(r"Gathered 3 pages")).wait_for()
    assert bar.get_attribute("max") == "3" and bar.evaluate("b => b.value") == 3
    summary = page.locator("#gather-summary").inner_text()
    assert "Pages that need a look" in summary and "/c" in summary
    assert site.count("/a") == 1
    # the notes found are on the page without a reload
    page.locator("li.note", has_text="double exports to Brazil").wait_for()


def test_brief_preview_and_one_page_pdf(page, live, tmp_path):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    slug = _add(live, "Yago Prieto", title="CFO", company="Prieto Foods")
    _note(live, slug, "Yago wants to close the books in three days.", "goal", "efficiency")
    page.goto(f"{live.base}/p/{slug}/brief")
    frame = page.frame_locator("iframe.brief-frame")
    assert "Yago Prieto" in frame.locator("h1").inner_text()
    page.locator("select[name=lang]").select_option("es")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"lang=es"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the PDF").click()
    target = tmp_path / "brief.pdf"
    info.value.save_as(target)
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) == 1
    page.get_by_role("button", name="Mark as sent").click()
    page.get_by_text("Recorded as sent").wait_for()


def test_story_mistake_shows_the_error_and_line(page, live):  # type: ignore[no-untyped-def]
    page.goto(f"{live.base}/story")
    box = page.locator("#story-text")
    text = box.input_value()
    box.fill(text.replace('serves = ["growth"]', 'serves = ["grwoth"]', 1))
    page.get_by_role("button", name="Check and save").first.click()
    error = page.locator("#story-error")
    error.wait_for()
    line = text.splitlines().index('serves = ["growth"]') + 1
    assert f"line {line}" in error.inner_text() and "grwoth" in error.inner_text()
    assert page.locator(".gutter li.bad").count() == 1
    assert "grwoth" in page.locator("#story-text").input_value()  # nothing lost


def test_import_preview_then_confirm_and_changes(page, live, tmp_path):  # type: ignore[no-untyped-def]
    csv = tmp_path / "crm.csv"
    csv.write_text("Name,Company,Title\nZoe Vidal,Vidal SL,CEO\n", encoding="utf-8")
    page.goto(f"{live.base}/import")
    page.locator("input[type=file]").set_input_files(str(csv))
    page.get_by_role("button", name="Preview the import").click()
    page.locator("#import-preview").wait_for()
    assert "Zoe Vidal" in page.locator("#import-preview").inner_text()
    with Session(live.engine) as s:
        assert s.exec(select(func.count()).select_from(Prospect)).one() == 0
    page.get_by_role("button", name="Import now").click()
    page.get_by_text("Added 1, updated 0").wait_for()
    page.goto(f"{live.base}/?q=zoe")
    assert page.locator("table.list tbody tr").count() == 1


def test_screenshot_for_the_readme(page, live, tmp_path):  # type: ignore[no-untyped-def]
    slug = _add(live, "Lucía Fernández", title="CFO", company="Cerro Azul Foods",
                lang="es", urls=("https://cerroazul.example/equipo/",))
    _add(live, "Marcus Bell", title="Head of Customer Success", company="Cerro Azul Foods")
    _note(live, slug, "Quiere cerrar el mes contable en tres días.", "goal", "efficiency")
    _note(live, slug, "Le preocupa que el presupuesto esté congelado hasta marzo.", "risk",
          "budget")
    _note(live, slug, "Dirige Finanzas desde 2021.", "bio")
    page.goto(f"{live.base}/p/{slug}")
    page.locator("li.note", has_text="tres días").get_by_role("button", name="Pin").click()
    page.locator("li.note.pinned").wait_for()
    shot = tmp_path / "workspace.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("PROSPECT_SCREENSHOT") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS / "workspace.png")
