"""Turn one fetched page into stored facts and notes for its prospect, and store pasted text.

Facts keep their history: a value seen again gets a new `last_seen_at`, a value no longer on
the source's page gets `gone_at`, and a value that comes back is a new row. Web notes are
shared across pages: the same sentence (or a near-duplicate) on two pages is one note with a
`note_source` row per page; a note whose last page dropped it gets `gone_at`, never deleted.
Manual and pasted notes are never touched here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from prospect.store.models import Fact, Note, NoteSource, Prospect, Snapshot, Source

NEAR_SHARE = 0.2  # share of words a near-duplicate may add, drop or move


@dataclass
class SyncResult:
    """What one page added to, or removed from, a prospect's profile."""

    facts_added: int = 0
    notes_added: int = 0
    notes_gone: int = 0
    warnings: list[str] = field(default_factory=list)
    facts_gone: int = 0
    notes_seen: int = 0
    mentions: bool | None = None  # whether the page names the person at all


@dataclass
class Classified:
    kind: str = "other"
    category: str | None = None
    confidence: float | None = None
    lang: str | None = None


def classify_text(text: str, lang: str | None = None) -> Classified:
    """The analyse helper's classification, checked against the allowed kinds/categories."""
    from prospect.errors import InvalidValue
    from prospect.store.repo import check_kind_category

    try:
        from prospect.analyse.classify import classify
    except ImportError:
        return Classified(lang=lang)
    c = classify(text, lang)
    kind, category = getattr(c, "kind", "other"), getattr(c, "category", None)
    try:
        kind, category = check_kind_category(kind, category)
    except InvalidValue:
        try:
            kind, category = check_kind_category(kind, None)
        except InvalidValue:
            kind, category = "other", None
    conf = getattr(c, "confidence", None)
    return Classified(kind, category, float(conf) if conf is not None else None,
                      getattr(c, "lang", None) or lang)


def apply_page(session: Session, prospect: Prospect, source: Source, snapshot: Snapshot,
               html: str, seen_at: datetime) -> SyncResult:
    """Extract facts and notes from `html` (the decoded body of `snapshot`) and store them.

    Called by gather once per new snapshot, inside the session that stores the snapshot;
    the caller commits.
    """
    from prospect.extract import Person, extract_page

    person = Person(prospect.name, prospect.company, prospect.title, prospect.lang)
    page = extract_page(html, snapshot.final_url or source.url, person,
                        content_type=snapshot.content_type)
    result = SyncResult(warnings=list(page.warnings), mentions=_mentions(prospect, page))
    if page.title:
        source.title = page.title[:500]
        session.add(source)
    _sync_facts(session, prospect, source, [(f.field, f.value) for f in page.facts], seen_at,
                result)
    _sync_notes(session, prospect, source, snapshot,
                [(s.text, s.lang or page.lang) for s in page.sentences], seen_at, result)
    session.flush()
    return result


def _mentions(prospect: Prospect, page: object) -> bool:
    """Whether the page names the person: a fact or a kept sentence about them, or their full
    name in a dropped sentence or the title."""
    from prospect.store.repo import matches_name

    if getattr(page, "facts", None) or getattr(page, "sentences", None):
        return True
    texts = [d.text for d in getattr(page, "dropped", [])] + [getattr(page, "title", "") or ""]
    return any(matches_name(prospect.name, t) for t in texts)


def _sync_facts(session: Session, prospect: Prospect, source: Source,
                facts: list[tuple[str, str]], seen_at: datetime, result: SyncResult) -> None:
    active = {(f.field, f.value): f for f in session.exec(
        select(Fact).where(Fact.prospect_id == prospect.id, Fact.source_id == source.id,
                           col(Fact.gone_at).is_(None))).all()}
    wanted = list(dict.fromkeys(facts))
    for fld, value in wanted:
        row = active.get((fld, value))
        if row is not None:
            row.last_seen_at = seen_at
            session.add(row)
        else:
            session.add(Fact(prospect_id=prospect.id, source_id=source.id, field=fld,
                             value=value, seen_at=seen_at, last_seen_at=seen_at))
            result.facts_added += 1
    keep = set(wanted)
    for key, row in active.items():
        if key not in keep:
            row.gone_at = seen_at
            session.add(row)
            result.facts_gone += 1


def _sync_notes(session: Session, prospect: Prospect, source: Source, snapshot: Snapshot,
                sentences: list[tuple[str, str | None]], seen_at: datetime,
                result: SyncResult) -> None:
    from prospect.store.repo import note_key
    from prospect.text import squash

    web_notes = list(session.exec(select(Note).where(Note.prospect_id == prospect.id,
                                                     Note.origin == "web")).all())
    index = NoteIndex(web_notes)
    links = {ns.note_id: ns for ns in session.exec(
        select(NoteSource).where(NoteSource.source_id == source.id)).all()}
    on_page: set[int] = set()
    for text, lang in sentences:
        text = squash(text)
        key = note_key(text)
        if not key:
            continue
        note = index.find(key)
        if note is None:
            c = classify_text(text, lang)
            note = Note(prospect_id=prospect.id, source_id=source.id, snapshot_id=snapshot.id,
                        origin="web", kind=c.kind, category=c.category, text=text,
                        text_key=key, lang=c.lang or lang, confidence=c.confidence,
                        first_seen_at=seen_at, last_seen_at=seen_at)
            session.add(note)
            session.flush()
            index.add(note)
            result.notes_added += 1
        else:
            note.last_seen_at = seen_at
            if note.gone_at is not None:
                note.gone_at = None  # it is back
                note.updated_at = seen_at
            session.add(note)
            result.notes_seen += 1
        assert note.id is not None
        if note.id in on_page:
            continue
        on_page.add(note.id)
        link = links.get(note.id)
        if link is None:
            link = NoteSource(note_id=note.id, source_id=source.id, snapshot_id=snapshot.id,
                              seen_at=seen_at)
            links[note.id] = link
        else:
            link.snapshot_id, link.seen_at = snapshot.id, seen_at
        session.add(link)
    session.flush()
    web_ids = {n.id for n in index.notes}
    for note_id, link in list(links.items()):
        if note_id in on_page or note_id not in web_ids:
            continue  # still on the page, or a pasted/manual note citing this URL
        session.delete(link)
        session.flush()
        remaining = session.exec(select(NoteSource.id).where(NoteSource.note_id == note_id)
                                 ).first()
        note = session.get(Note, note_id)
        if remaining is None and note is not None and note.gone_at is None:
            note.gone_at = seen_at
            note.updated_at = seen_at
            session.add(note)
            result.notes_gone += 1


class NoteIndex:
    """Finds the web note a sentence duplicates: same key, else a very close key."""

    def __init__(self, notes: list[Note]) -> None:
        self.notes: list[Note] = []
        self.by_key: dict[str, Note] = {}
        for n in notes:
            self.add(n)

    def add(self, note: Note) -> None:
        self.notes.append(note)
        current = self.by_key.get(note.text_key)
        # prefer a live note over a gone one with the same key
        if current is None or (current.gone_at is not None and note.gone_at is None):
            self.by_key[note.text_key] = note

    def find(self, key: str) -> Note | None:
        if key in self.by_key:
            return self.by_key[key]
        for k, note in self.by_key.items():
            if near_duplicate(key, k):
                return note
        return None


def near_duplicate(a: str, b: str) -> bool:
    """Whether two note keys say the same thing: words only added or removed at the edges
    ("según Reuters, …"), or moved ("said Smith" / "Smith said"), never a word or number
    changed ("double" vs "halve", 2027 vs 2029 stay two notes)."""
    from collections import Counter
    from difflib import SequenceMatcher

    wa, wb = a.split(), b.split()
    longest = max(len(wa), len(wb))
    if not wa or not wb or abs(len(wa) - len(wb)) > max(2, NEAR_SHARE * longest):
        return False
    if [w for w in wa if w.isdigit()] != [w for w in wb if w.isdigit()]:
        return False
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if tag != "equal":
            removed.update(wa[i1:i2])
            added.update(wb[j1:j2])
    if removed and added and removed != added:
        return False
    changed = sum(removed.values()) + sum(added.values())
    if removed == added:
        changed //= 2  # a moved word counts once
    return changed <= max(2, NEAR_SHARE * longest)


def paste_notes(session: Session, prospect: Prospect | str | int, text: str,
                source_url: str | None = None, actor: str | None = None) -> list[Note]:
    """Notes from pasted text (call notes, a profile the tool must not fetch): one per sentence.

    Every sentence is kept (the user chose the text) and classified; a sentence already
    noted for this prospect is skipped. Commits and logs one `note.paste` event.
    """
    from prospect.errors import InvalidValue
    from prospect.extract.paste import pasted_sentences
    from prospect.extract.sentences import guess_lang
    from prospect.store.models import utcnow
    from prospect.store.repo import add_source, default_actor, get_prospect, log_event, note_key
    from prospect.text import squash

    p = prospect if isinstance(prospect, Prospect) else get_prospect(session, prospect)
    sentences = [squash(s) for s in pasted_sentences(text or "")]
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
        c = classify_text(sentence, lang)
        note = Note(prospect_id=p.id, source_id=source_id, origin="paste", kind=c.kind,
                    category=c.category, text=sentence, text_key=key, lang=c.lang or lang,
                    confidence=c.confidence, author=author, first_seen_at=now,
                    last_seen_at=now)
        session.add(note)
        session.flush()
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
    try:
        from prospect.analyse.classify import detect_lang
    except ImportError:
        return None
    lang = detect_lang(text)
    return lang if lang in ("en", "es") else None
