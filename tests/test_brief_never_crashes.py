"""A brief never crashes: any prospect, any notes, any story or none, in every format."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, SQLModel, create_engine
from story_support import TEST_STORY

from prospect.brief.export import make_brief
from prospect.store.models import GOAL_CATEGORIES, NOTE_KINDS, RISK_CATEGORIES
from prospect.store.repo import ProspectInput, add_note, add_prospect, add_source
from prospect.story import store_story

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               min_size=1, max_size=120)
MAYBE = st.one_of(st.none(), TEXT)


def _category(kind: str, draw_from: st.DataObject) -> str | None:
    pool = {"goal": GOAL_CATEGORIES, "risk": RISK_CATEGORIES}.get(kind)
    return draw_from.draw(st.one_of(st.none(), st.sampled_from(pool))) if pool else None


STORIES = st.sampled_from(["none", "full", "no-match"])
# a story whose entries serve no category a note can have is valid but answers nothing
NO_MATCH = """[company]
name = "Odd Co"
plumb_line = "We only do one thing."

[[themes]]
id = "one-thing"
title = "The one thing"
serves = ["customer"]
"""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXT, title=MAYBE, company=MAYBE, lang=st.sampled_from(["en", "es"]),
       story=STORIES, n_notes=st.integers(0, 6), n_sources=st.integers(0, 2),
       data=st.data())
def test_every_state_renders_every_text_format(tmp_path_factory, name, title, company, lang,  # type: ignore[no-untyped-def]
                                               story, n_notes, n_sources, data) -> None:
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    tmp: Path = tmp_path_factory.mktemp("story")
    with Session(engine) as s:
        if story != "none":
            path = tmp / "story.toml"
            path.write_text(TEST_STORY if story == "full" else NO_MATCH, encoding="utf-8")
            store_story(s, path)
        if not name.strip():
            name = "x" + name
        p = add_prospect(s, ProspectInput(name=name, title=title, company=company, lang=lang))
        for i in range(n_sources):
            src = add_source(s, p.id, f"https://example.org/{i}")  # type: ignore[arg-type]
            src.status = data.draw(st.sampled_from(["error", "new", "ok", "blocked"]))
            s.add(src)
            s.commit()
        for _ in range(n_notes):
            kind = data.draw(st.sampled_from(NOTE_KINDS))
            text = data.draw(TEXT)
            if not text.strip():
                continue
            note = add_note(s, p.id, text, kind=kind,  # type: ignore[arg-type]
                            category=_category(kind, data),
                            origin=data.draw(st.sampled_from(["manual", "paste", "import"])))
            note.pinned = data.draw(st.booleans())
            s.add(note)
            s.commit()
        for fmt in ("json", "txt", "md", "html"):
            result = make_brief(s, p, fmt)
            assert result.text
        model = json.loads(make_brief(s, p, "json").text)
        assert model["story"]["loaded"] is (story != "none")
    engine.dispose()
