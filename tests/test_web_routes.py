"""The workspace's routes and forms, driven by Starlette's TestClient on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from sqlmodel import Session, col, func, select
from web_support import ACTOR, make_client, post

from prospect.store.models import Brief, Event, Note, Prospect, Source, StoryVersion


@pytest.fixture
def app_db(db_url: str):  # type: ignore[no-untyped-def]
    """(client, engine) over a fresh database holding the example story."""
    from prospect.store import open_db
    from prospect.story import example_story_path, store_story

    engine = open_db(db_url)
    with Session(engine) as s:
        store_story(s, example_story_path(), actor="setup")
    client = make_client(db_url, engine=engine)
    yield client, engine
    client.close()
    engine.dispose()


def _add(engine: Any, name: str, company: str = "Acme", urls: tuple[str, ...] = (),
         **kw: Any) -> Prospect:
    from prospect.store.repo import ProspectInput, add_prospect

    with Session(engine) as s:
        p = add_prospect(s, ProspectInput(name=name, company=company, **kw), urls=urls,
                         actor="setup")
        s.expunge(p)
        return p


def _note(engine: Any, ref: str, text: str, kind: str = "other",
          category: str | None = None) -> int:
    from prospect.store.repo import add_note

    with Session(engine) as s:
        return add_note(s, ref, text, kind=kind, category=category, actor="setup").id  # type: ignore[return-value]


def _count(engine: Any, model: Any, *where: Any) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


# -- the table of prospects ------------------------------------------------------------------------

def test_table_lists_searches_sorts_and_pages(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Ana García", company="Zeta Foods")
    _add(engine, "Bruno Díaz", company="Alfa Steel")
    _note(engine, "bruno-diaz", "He wants to cut freight costs across the warehouse network.",
          kind="goal", category="efficiency")
    page = client.get("/").text
    assert "Ana García" in page and "Bruno Díaz" in page and "2 prospects" in page
    # the same full-text search as `prospect search`: a word only a note holds
    found = client.get("/", params={"q": "freight"}).text
    assert "Bruno Díaz" in found and "Ana García" not in found
    by_company = client.get("/", params={"sort": "company"}).text
    assert by_company.index("Alfa Steel") < by_company.index("Zeta Foods")
    reverse = client.get("/", params={"sort": "company", "desc": "1"}).text
    assert reverse.index("Zeta Foods") < reverse.index("Alfa Steel")
    assert 'aria-sort="ascending"' in by_company and 'aria-sort="descending"' in reverse
    # most changes first, and the header says the order it shows
    by_changes = client.get("/", params={"sort": "changes"}).text
    assert by_changes.index("Bruno Díaz") < by_changes.index("Ana García")
    assert 'aria-sort="descending"' in by_changes and "▼" in by_changes
    fewest = client.get("/", params={"sort": "changes", "desc": "1"}).text
    assert fewest.index("Ana García") < fewest.index("Bruno Díaz")
    assert 'aria-sort="ascending"' in fewest and "▲" in fewest
    # htmx asks for the table only
    part = client.get("/", params={"q": "ana"}, headers={"HX-Request": "true",
                                                          "HX-Target": "table"}).text
    assert "<html" not in part and "Ana García" in part


def test_table_is_paged(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    for i in range(53):
        _add(engine, f"Person {i:02d}")
    first = client.get("/").text
    assert "page 1 of 2" in first and "Person 00" in first and "Person 52" not in first
    second = client.get("/", params={"page": "2"}).text
    assert "Person 52" in second and "Person 00" not in second


# -- one prospect ----------------------------------------------------------------------------------

def test_add_then_edit_profile_logged_with_author(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    r = post(client, "/prospects", {"name": "Carla Ruiz", "company": "Norte",
                                    "urls": "https://example.org/carla\n"}, htmx=False)
    assert r.status_code == 303 and r.headers["location"] == "/p/carla-ruiz"
    assert _count(engine, Source, Source.url == "https://example.org/carla") == 1
    r = post(client, "/p/carla-ruiz/edit", {"name": "Carla Ruiz", "title": "COO",
                                            "company": "Norte", "lang": "es"})
    assert r.status_code == 200 and 'value="COO"' in r.text
    with Session(engine) as s:
        p = s.exec(select(Prospect).where(Prospect.slug == "carla-ruiz")).one()
        assert (p.title, p.lang) == ("COO", "es")
        ev = s.exec(select(Event).where(Event.action == "prospect.edit")).one()
        assert ev.actor == ACTOR and json.loads(ev.detail)["changes"]["title"] == [None, "COO"]


def test_bad_input_is_one_clear_line_in_the_message_area(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Dora Paz")
    r = post(client, "/p/dora-paz/edit", {"name": "Dora Paz", "lang": "fr"})
    assert r.headers["HX-Retarget"] == "#flash"
    assert "language must be one of en, es" in r.text
    assert client.get("/p/nobody").status_code == 404


def test_prospect_page_shows_facts_sources_notes_changes_history(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Eva Sol")
    _note(engine, "eva-sol", "Eva wants to open two new markets.", kind="goal",
          category="growth")
    _note(engine, "eva-sol", "She was named CFO in 2024.", kind="bio")
    page = client.get("/p/eva-sol").text
    assert "Eva wants to open two new markets." in page
    assert page.index(">Bio") < page.index(">Goal")  # grouped by kind
    assert "No brief given yet" in page and "<strong>setup</strong>" in page  # history


def test_note_edit_pin_delete(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Fran Gil")
    r = post(client, "/p/fran-gil/notes", {"text": "Worried about the budget.", "kind": "risk",
                                           "category": "budget"})
    assert "Worried about the budget." in r.text
    with Session(engine) as s:
        nid = s.exec(select(Note.id).where(Note.prospect_id == select(Prospect.id).where(
            Prospect.slug == "fran-gil").scalar_subquery())).one()
    form = client.get(f"/notes/{nid}/edit").text
    assert "<textarea" in form and "Worried about the budget." in form
    r = post(client, f"/notes/{nid}/edit", {"text": "Wants growth in Chile.", "kind": "goal",
                                            "category": "growth"})
    assert "Wants growth in Chile." in r.text
    r = post(client, f"/notes/{nid}/pin", {"pinned": "1"})
    assert "Unpin" in r.text
    with Session(engine) as s:
        n = s.get(Note, nid)
        assert (n.text, n.kind, n.category, n.pinned) == ("Wants growth in Chile.", "goal",
                                                          "growth", True)
        assert s.exec(select(Event.actor).where(Event.action == "note.pin")).one() == ACTOR
    r = post(client, f"/notes/{nid}/edit", {"text": "x", "kind": "goal", "category": "budget"})
    assert "goal category must be one of" in r.text  # a risk category on a goal is refused
    post(client, f"/notes/{nid}/delete")
    assert _count(engine, Note) == 0


def test_paste_preview_saves_nothing_then_save_adds(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Gus Mar")
    _note(engine, "gus-mar", "The board froze the budget until March.")
    text = ("Gus wants to cut the month-end close to three days. His team fears another "
            "failed migration. The board froze the budget until March.")
    r = post(client, "/p/gus-mar/paste/preview", {"text": text})
    assert r.status_code == 200
    assert "These 2 notes would be added (1 sentence already noted, skipped)" in r.text
    assert "goal" in r.text and "risk" in r.text
    assert _count(engine, Note) == 1 and _count(engine, Event, Event.action == "note.paste") == 0
    r = post(client, "/p/gus-mar/paste", {"text": text})
    assert "Added 2 notes." in r.text
    with Session(engine) as s:
        kinds = set(s.exec(select(Note.kind).where(Note.origin == "paste")))
    assert kinds == {"goal", "risk"}


def test_sources_add_and_remove(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Hugo Luz")
    r = post(client, "/p/hugo-luz/sources", {"url": "https://example.org/hugo"})
    assert "https://example.org/hugo" in r.text and "never fetched" in r.text
    r = post(client, "/p/hugo-luz/sources", {"url": "not a url"})
    assert "not a web address" in r.text
    post(client, "/p/hugo-luz/sources/remove", {"url": "https://example.org/hugo"})
    assert _count(engine, Source) == 0


def test_gather_streams_progress_then_summary(app_db, sites):  # type: ignore[no-untyped-def]
    from gather_support import page

    client, engine = app_db
    site = sites({"/ivan": page("<html><body><h1>Iván Paz</h1><p>Iván Paz wants to "
                                     "double exports to Mexico next year.</p></body></html>")})
    _add(engine, "Iván Paz", urls=(site.url("/ivan"), site.url("/gone")))
    r = post(client, "/p/ivan-paz/gather")
    assert "<progress" in r.text
    events_url = r.text.split('data-events="')[1].split('"')[0]
    with client.stream("GET", events_url) as stream:
        body = "".join(stream.iter_text())
    progress = [json.loads(line[6:]) for line in body.splitlines()
                if line.startswith("data: ") and '"done"' in line and "summary" not in line]
    assert progress[-1]["done"] == progress[-1]["total"] == 2
    assert progress[-1]["errors"] == 1
    assert "event: done" in body
    summary_url = json.loads(body.split("event: done\ndata: ")[1].split("\n")[0])["summary"]
    summary = client.get(summary_url).text
    assert "Gathered 2 pages" in summary and "/gone" in summary
    # the page's notes and sources are refreshed along with the summary
    assert 'id="notes" hx-swap-oob="true"' in summary and "double exports" in summary
    assert 'id="sources" hx-swap-oob="true"' in summary
    assert site.count("/ivan") == 1
    assert _count(engine, Source, Source.status == "ok") == 1


def test_gather_without_pages_says_why(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Jon Rey")
    job = post(client, "/p/jon-rey/gather").text.split('data-events="')[1].split('"')[0]
    with client.stream("GET", job) as stream:
        "".join(stream.iter_text())
    assert "nothing to gather" in client.get(job.removesuffix("/events")).text


# -- the brief -------------------------------------------------------------------------------------

def test_brief_preview_records_nothing_and_mark_as_sent_records(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Kai Sol", title="CFO")
    _note(engine, "kai-sol", "Kai wants to close the books in three days.", kind="goal",
          category="efficiency")
    page = client.get("/p/kai-sol/brief", params={"lang": "es", "paper": "letter"}).text
    assert 'src="/p/kai-sol/brief.html?lang=es&amp;paper=letter"' in page
    html = client.get("/p/kai-sol/brief.html", params={"lang": "es", "paper": "letter"})
    assert "Kai Sol" in html.text and "sandbox" in html.headers["content-security-policy"]
    assert _count(engine, Brief) == 0
    r = post(client, "/p/kai-sol/brief/sent", {"lang": "en", "paper": "a4"}, htmx=False)
    assert r.status_code == 303 and "sent=1" in r.headers["location"]
    with Session(engine) as s:
        b = s.exec(select(Brief)).one()
        assert b.given and b.sent_at is not None and b.author == ACTOR and b.lang == "en"
    assert client.get("/p/kai-sol/brief").text.count("Last brief recorded") == 1


@pytest.mark.slow
def test_brief_pdf_is_the_one_page_cli_pdf(app_db):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    client, engine = app_db
    _add(engine, "Lia Mora", title="COO")
    r = post(client, "/p/lia-mora/brief.pdf", {"lang": "en", "paper": "a4"}, htmx=False)
    assert r.headers["content-type"] == "application/pdf"
    assert 'filename="lia-mora.pdf"' in r.headers["content-disposition"]
    assert len(PdfReader(io.BytesIO(r.content)).pages) == 1


# -- the company story -----------------------------------------------------------------------------

def test_story_mistake_shows_line_and_keeps_active_version(app_db):  # type: ignore[no-untyped-def]
    from prospect.story import example_story_path

    client, engine = app_db
    good = example_story_path().read_text(encoding="utf-8")
    bad = good.replace('serves = ["growth"]', 'serves = ["growht"]', 1)
    line = bad.splitlines().index('serves = ["growht"]') + 1
    r = post(client, "/story", {"toml": bad}, htmx=False)
    assert r.status_code == 422
    assert f"(line {line})" in r.text and "growht" in r.text
    assert "growht" in r.text.split("<textarea")[1]  # the draft is kept for fixing
    assert _count(engine, StoryVersion) == 1
    r = post(client, "/story", {"toml": good.replace("Puente Systems", "Puente Labs")},
             htmx=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "Saved as version 2" in page and "Puente Labs" in page
    with Session(engine) as s:
        newest = s.exec(select(StoryVersion).order_by(col(StoryVersion.id).desc())).first()
        assert newest.company == "Puente Labs" and newest.author == ACTOR
    assert "Version 1" in page and "Puente Systems" in client.get("/story/1").text


# -- changes, import, export -----------------------------------------------------------------------

def test_changes_across_prospects(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Mia Paz")
    _add(engine, "Noa Paz")
    _note(engine, "mia-paz", "Mia is hiring twenty engineers.")
    page = client.get("/changes", params={"since": "7d"}).text
    assert 'href="/p/mia-paz"' in page and "Mia is hiring twenty engineers." in page
    assert "/p/noa-paz" not in page
    assert "hiring" not in client.get("/changes", params={"since": "tomorrow"}).text


CSV = ("First Name,Last Name,Company,Job Title,Email\n"
       "Olga,Vega,Acme,CTO,olga@acme.example\n"
       "Pablo,Ríos,Beta,Buyer,pablo@beta.example\n"
       ",,NoName,,\n")


def test_import_preview_changes_nothing_then_confirm(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    _add(engine, "Olga Vega", title="CFO", email="olga@acme.example")
    upload = {"file": ("crm.csv", CSV.encode(), "text/csv")}
    r = post(client, "/import/preview", htmx=False, files=upload)
    assert r.status_code == 200
    assert "add <strong>1</strong>" in r.text and "Pablo Ríos" in r.text
    assert "Line 4: no name" in r.text
    # a title set by hand is kept unless the user asks to replace it
    assert "Kept as they are" in r.text and "<td>CFO</td>" in r.text
    r = post(client, "/import/preview", {"overwrite": "1"}, htmx=False, files=upload)
    assert '<td class="old">CFO</td><td class="new">CTO</td>' in r.text
    assert _count(engine, Prospect) == 1
    with Session(engine) as s:
        assert s.exec(select(Prospect.title)).one() == "CFO"
    key = r.text.split('name="key" value="')[1].split('"')[0]
    done = post(client, "/import/confirm", {"key": key, "overwrite": "1"}, htmx=False).text
    assert "Added 1, updated 1" in done
    assert _count(engine, Prospect) == 2
    with Session(engine) as s:
        assert s.exec(select(Prospect.title).where(Prospect.name == "Olga Vega")).one() == "CTO"
    again = post(client, "/import/confirm", {"key": key})
    assert "expired" in again.text


def test_export_selection_as_csv_json_vcard(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    a = _add(engine, "Quim Sala")
    _add(engine, "Rita Sala")
    r = post(client, "/export", {"format": "csv", "ids": [str(a.id)]}, htmx=False)
    assert r.headers["content-type"].startswith("text/csv")
    assert "Quim Sala" in r.text and "Rita Sala" not in r.text
    data = post(client, "/export", {"format": "json", "all": "1"}, htmx=False).json()
    assert {p["name"] for p in data["prospects"]} == {"Quim Sala", "Rita Sala"}
    card = post(client, "/export", {"format": "vcard", "ids": [str(a.id)]}, htmx=False).text
    assert card.startswith("BEGIN:VCARD") and "FN:Quim Sala" in card
    assert "tick at least one" in post(client, "/export", {"format": "csv"}).text


@pytest.mark.slow
def test_export_zip_of_pdfs(app_db):  # type: ignore[no-untyped-def]
    client, engine = app_db
    a = _add(engine, "Sara Luna", title="CFO")
    b = _add(engine, "Tomás Luna", title="COO")
    r = post(client, "/export", {"format": "pdf", "ids": [str(a.id), str(b.id)]}, htmx=False)
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert sorted(names) == ["sara-luna.pdf", "tomas-luna.pdf"]
