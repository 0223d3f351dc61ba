"""Pasted text (call notes, a profile the tool must not fetch) becomes classified notes."""

from __future__ import annotations

from sqlmodel import Session, col, select

from prospect.analyse.classify import detect_lang
from prospect.analyse.kinds import note_kind
from prospect.clock import utcnow
from prospect.errors import InvalidValue
from prospect.extract.sentences import guess_lang, split_sentences
from prospect.store.models import Note, NoteSource, Prospect
from prospect.store.repo import add_source, default_actor, get_prospect, log_event, note_key
from prospect.text import squash
from prospect.vocab import known_lang


def paste_notes(session: Session, prospect: Prospect | str | int, text: str,
                source_url: str | None = None, actor: str | None = None) -> list[Note]:
    """Notes from pasted text (call notes, a profile the tool must not fetch): one per sentence.

    Every sentence is kept (the user chose the text) and classified; a sentence already
    noted for this prospect is skipped. Commits and logs one `note.paste` event.
    """
    p = prospect if isinstance(prospect, Prospect) else get_prospect(session, prospect)
    assert p.id is not None
    sentences = [squash(s) for s in split_sentences((text or "").replace("\r\n", "\n"))]
    sentences = [s for s in sentences if note_key(s)]
    if not sentences:
        raise InvalidValue("nothing to paste: the text is empty (pipe or type it on standard "
                           "input, then press Ctrl-D)")
    source_id = add_source(session, p.id, source_url, actor=actor).id if source_url else None
    known = set(session.exec(select(Note.text_key).where(Note.prospect_id == p.id,
                                                         col(Note.gone_at).is_(None))).all())
    author, now = actor or default_actor(), utcnow()
    created: list[Note] = []
    for sentence in sentences:
        key = note_key(sentence)
        if key in known:
            continue
        known.add(key)
        lang = _detect(sentence) or guess_lang(sentence, p.lang)
        c = note_kind(sentence, lang)
        note = Note(prospect_id=p.id, source_id=source_id, origin="paste", kind=c.kind,
                    category=c.category, text=sentence, text_key=key, lang=c.lang or lang,
                    confidence=c.confidence, author=author, first_seen_at=now,
                    last_seen_at=now)
        session.add(note)
        session.flush()
        assert note.id is not None
        if source_id is not None:
            session.add(NoteSource(note_id=note.id, source_id=source_id, seen_at=now))
        created.append(note)
    log_event(session, "note.paste", p.id, author, count=len(created),
              skipped=len(sentences) - len(created), source_url=source_url,
              note_ids=[n.id for n in created])
    session.commit()
    for n in created:
        session.refresh(n)
    return created


def _detect(text: str) -> str | None:
    return known_lang(detect_lang(text))
