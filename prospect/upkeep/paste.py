"""Pasted text (call notes, a profile the tool must not fetch) becomes classified notes.

Pasted bytes are decoded whatever they are (a byte-order mark decides, else UTF-8, else
UTF-16 by its NUL bytes; what does not decode becomes U+FFFD), and text over 1 MB is
refused whole, before anything is written.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from prospect.analyse.classify import detect_lang
from prospect.analyse.kinds import note_kind
from prospect.clock import utcnow
from prospect.errors import InvalidValue
from prospect.extract.paste import pasted_sentences
from prospect.extract.sentences import guess_lang
from prospect.store.models import Note, NoteSource, Prospect
from prospect.store.repo import add_source, default_actor, get_prospect, log_event, note_key
from prospect.store.textguard import clean_text
from prospect.text import squash
from prospect.vocab import known_lang

MAX_PASTE_BYTES = 1024 * 1024
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def too_much_paste(size: int) -> str:
    return (f"the pasted text is larger than {MAX_PASTE_BYTES // (1024 * 1024)} MB "
            f"({size:,} bytes or more read); paste it in smaller parts")


def decode_pasted(raw: bytes) -> str:
    """Text from pasted bytes; never an error but for too much of it (InvalidValue)."""
    if len(raw) > MAX_PASTE_BYTES:
        raise InvalidValue(too_much_paste(len(raw)))
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(name, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    half = len(raw) // 2
    if half >= 2:
        even, odd = raw[0::2].count(0), raw[1::2].count(0)
        if odd > 0.4 * half and even < 0.1 * half:
            return raw.decode("utf-16-le", errors="replace")
        if even > 0.4 * half and odd < 0.1 * half:
            return raw.decode("utf-16-be", errors="replace")
    return raw.decode("utf-8", errors="replace")


def paste_notes(session: Session, prospect: Prospect | str | int, text: str,
                source_url: str | None = None, actor: str | None = None) -> list[Note]:
    """Notes from pasted text (call notes, a profile the tool must not fetch): one per sentence.

    Every sentence is kept (the user chose the text) and classified; a sentence already
    noted for this prospect is skipped. Commits and logs one `note.paste` event.
    """
    text = text or ""
    if len(text) > MAX_PASTE_BYTES or len(text.encode("utf-8", "replace")) > MAX_PASTE_BYTES:
        raise InvalidValue(too_much_paste(len(text.encode("utf-8", "replace"))))
    p = prospect if isinstance(prospect, Prospect) else get_prospect(session, prospect)
    assert p.id is not None
    text = clean_text(text).replace("\r\n", "\n")
    sentences = [squash(s) for s in pasted_sentences(text)]
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
        created.append(Note(prospect_id=p.id, source_id=source_id, origin="paste", kind=c.kind,
                            category=c.category, text=sentence, text_key=key,
                            lang=c.lang or lang, confidence=c.confidence, author=author,
                            first_seen_at=now, last_seen_at=now))
    session.add_all(created)
    session.flush()  # one flush for all: ids for the links and the event
    if source_id is not None:
        session.add_all([NoteSource(note_id=n.id, source_id=source_id, seen_at=now)  # type: ignore[arg-type]
                         for n in created])
    ids = [n.id for n in created]
    log_event(session, "note.paste", p.id, author, count=len(created),
              skipped=len(sentences) - len(created), source_url=source_url, note_ids=ids)
    session.commit()
    for start in range(0, len(ids), 500):  # reload in a few queries, not one per note
        list(session.exec(select(Note).where(col(Note.id).in_(ids[start:start + 500]))
                          .execution_options(populate_existing=True)))
    return created


def _detect(text: str) -> str | None:
    return known_lang(detect_lang(text))
