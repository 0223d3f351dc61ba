"""A title on the web that differs from the profile's is an open question in `changes`
("title changed?", with its page); `edit --accept-web-title` takes it."""

from __future__ import annotations

import json

from gather_support import page

PERSON = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
          '"Person", "name": "Ana Pérez", "jobTitle": "Director de Operaciones"}</script>')


def test_a_different_title_on_the_web_is_asked_about_and_accepted(cli, sites, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    site = sites({"/ana": page(f"<html><head>{PERSON}</head><body><h1>Ana Pérez</h1>"
                               "<p>Ana Pérez leads operations at Norte.</p></body></html>")})
    cli("add", "Ana Pérez", "--title", "Director de Calidad", "--url", site.url("/ana"))
    assert cli("gather", "ana-perez", "--delay", "0").exit_code == 0

    items = json.loads(cli("changes", "ana-perez", "--json").stdout)
    asked = [i for i in items if i["change"] == "title changed?"]
    assert len(asked) == 1
    assert (asked[0]["old"], asked[0]["new"], asked[0]["source_url"]) == (
        "Director de Calidad", "Director de Operaciones", site.url("/ana"))
    shown = cli("changes", "ana-perez").stdout
    assert "title changed?" in shown and "Director de Operaciones" in shown

    # a brief does not list the question as news; it stays open after a brief
    cli("brief", "ana-perez", "-f", "md", "-o", "/dev/null")
    assert any(i["change"] == "title changed?"
               for i in json.loads(cli("changes", "ana-perez", "--json").stdout))

    done = cli("edit", "ana-perez", "--accept-web-title")
    assert done.exit_code == 0, done.output
    profile = json.loads(cli("show", "ana-perez", "--json").stdout)
    assert profile["title"] == "Director de Operaciones"
    assert not [i for i in json.loads(cli("changes", "ana-perez", "--all", "--json").stdout)
                if i["change"] == "title changed?"]
    history = cli("history", "ana-perez").stdout
    assert "title: Director de Calidad → Director de Operaciones" in history

    again = cli("edit", "ana-perez", "--accept-web-title")
    assert again.exit_code == 1 and "nothing to accept" in again.output


def test_same_title_in_other_case_or_accents_is_no_question(cli, sites):
    site = sites({"/ana": page(f"<html><head>{PERSON}</head><body><p>Ana Pérez.</p>"
                               "</body></html>")})
    cli("add", "Ana Pérez", "--title", "director de operaciones", "--url", site.url("/ana"))
    cli("gather", "ana-perez", "--delay", "0")
    items = json.loads(cli("changes", "ana-perez", "--all", "--json").stdout)
    assert not [i for i in items if i["change"] == "title changed?"]
    assert any(i["field"] == "job_title" for i in items)  # the fact itself was read
