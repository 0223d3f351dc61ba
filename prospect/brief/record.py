"""Record each rendered brief (what, when, from which notes and story version) and log it."""

from __future__ import annotations

import json

from sqlmodel import Session

from prospect.brief.model import BriefModel
from prospect.store.models import Brief, Prospect, StoryVersion


def _story_version_id(session: Session, model: BriefModel) -> int | None:
    vid = model.story.version
    # only a version that exists: the foreign key must hold on PostgreSQL too
    return vid if vid is not None and session.get(StoryVersion, vid) is not None else None


def record_brief(session: Session, prospect: Prospect, model: BriefModel, fmt: str,
                 lang: str, actor: str | None = None, path: str | None = None,
                 given: bool = True, sent: bool = False) -> Brief:
    """Add a `brief` row and a "brief" event, and commit. `given`: written to a file or
    exported (counts as the last brief); False for a screen preview. `sent`: the user says it
    went to the buyer now (given, with `sent_at`)."""
    from prospect.store.models import utcnow
    from prospect.store.repo import default_actor, log_event

    note_ids = list(model.note_ids)
    author = actor or default_actor()
    assert prospect.id is not None
    brief = Brief(prospect_id=prospect.id, story_version_id=_story_version_id(session, model),
                  format=fmt, lang=lang, note_ids=json.dumps(note_ids),
                  model=json.dumps(model.to_json(), ensure_ascii=False, default=str), author=author,
                  given=given or sent, sent_at=utcnow() if sent else None)
    session.add(brief)
    session.flush()
    log_event(session, "brief", prospect.id, author, brief_id=brief.id, format=fmt, lang=lang,
              story_version_id=brief.story_version_id, notes=len(note_ids), path=path,
              given=given or sent, **({"sent": True} if sent else {}))
    session.commit()
    session.refresh(brief)
    return brief
