"""Write one page's extracted content (facts, classified notes) for its prospect.

Write-only: the page was decoded, extracted and classified before the transaction (see
`prospect.gather.pipeline`); this module only turns that typed content into rows.

Facts keep their history: a value seen again gets a new `last_seen_at`, a value no longer on
the source's page gets `gone_at`, and a value that comes back is a new row. Web notes are
shared across pages: the same sentence (or a near-duplicate) on two pages is one note with a
`note_source` row per page; a note whose last page dropped it gets `gone_at`, never deleted.
Manual and pasted notes are never touched here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from sqlmodel import Session, col, select

from prospect.store.models import Fact, Note, NoteSource, Snapshot, Source
from prospect.store.repo import note_key
from prospect.text import squash

NEAR_SHARE = 0.2  # share of words a near-duplicate may add, drop or move


@dataclass(frozen=True)
class NoteDraft:
    """One sentence about the person, classified, ready to become (or match) a web note."""

    text: str
    kind: str = "other"
    category: str | None = None
    lang: str | None = None
    confidence: float | None = None


@dataclass
class PageContent:
    """What one page says about a prospect: the typed result of gather's pure step."""

    title: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)  # (field, value)
    notes: list[NoteDraft] = field(default_factory=list)
    author: str | None = None
    warnings: list[str] = field(default_factory=list)
    mentions: bool = True  # the page names the person at all (even with nothing kept)


@dataclass
class SyncResult:
    """What one page added to, or removed from, a prospect's profile."""

    facts_added: int = 0
    notes_added: int = 0
    notes_gone: int = 0
    warnings: list[str] = field(default_factory=list)
    facts_gone: int = 0
    notes_seen: int = 0


@dataclass
class PageState:
    """The rows a page write compares against, read before the first write of the
    transaction so that the write lock is held only for the writes."""

    facts: dict[tuple[str, str], Fact]
    index: NoteIndex
    links: dict[int, NoteSource]


def read_state(session: Session, prospect_id: int, source_id: int) -> PageState:
    """The source's live facts, the prospect's web notes and the source's note links."""
    facts = {(f.field, f.value): f for f in session.exec(
        select(Fact).where(Fact.prospect_id == prospect_id, Fact.source_id == source_id,
                           col(Fact.gone_at).is_(None))).all()}
    notes = list(session.exec(select(Note).where(Note.prospect_id == prospect_id,
                                                 Note.origin == "web")).all())
    links = {ns.note_id: ns for ns in session.exec(
        select(NoteSource).where(NoteSource.source_id == source_id)).all()}
    return PageState(facts, NoteIndex(notes), links)


def read_states(session: Session, owners: dict[int, int]) -> dict[int, PageState]:
    """`read_state` for several sources at once ({source id: prospect id}), one query per
    table. Sources of one prospect share its note index, so a note that one page adds is
    found by the next, as if each had been read after the one before was written."""
    sources = list(owners)
    facts: dict[int, dict[tuple[str, str], Fact]] = {sid: {} for sid in sources}
    for f in session.exec(select(Fact).where(col(Fact.source_id).in_(sources),
                                             col(Fact.gone_at).is_(None))):
        if f.source_id is not None and owners.get(f.source_id) == f.prospect_id:
            facts[f.source_id][(f.field, f.value)] = f
    notes: dict[int, list[Note]] = {pid: [] for pid in owners.values()}
    for n in session.exec(select(Note).where(col(Note.prospect_id).in_(notes),
                                             Note.origin == "web")):
        notes[n.prospect_id].append(n)
    links: dict[int, dict[int, NoteSource]] = {sid: {} for sid in sources}
    for ns in session.exec(select(NoteSource).where(col(NoteSource.source_id).in_(sources))):
        links[ns.source_id][ns.note_id] = ns
    index = {pid: NoteIndex(found) for pid, found in notes.items()}
    return {sid: PageState(facts[sid], index[owners[sid]], links[sid]) for sid in sources}


def apply_page(session: Session, prospect_id: int, source: Source, snapshot: Snapshot,
               page: PageContent, seen_at: datetime, state: PageState | None = None, *,
               flush: bool = True) -> SyncResult:
    """Store `page` (the content of `snapshot`) as `source`'s facts and notes.

    Called by gather once per new snapshot, inside the session that stores the snapshot;
    the caller commits. `state` is `read_state(...)` when the caller read it already. With
    `flush`, the writes are sent before it returns; without, they may wait for the caller's
    next flush (several pages' writes then go together).
    """
    assert source.id is not None
    if state is None:
        state = read_state(session, prospect_id, source.id)
    result = SyncResult(warnings=list(page.warnings))
    if page.title:
        source.title = page.title[:500]
        session.add(source)
    _sync_facts(session, prospect_id, source, page.facts, seen_at, state, result)
    _sync_notes(session, prospect_id, source, snapshot, page.notes, seen_at, state, result)
    if flush:
        session.flush()
    return result


def _sync_facts(session: Session, prospect_id: int, source: Source,
                facts: list[tuple[str, str]], seen_at: datetime, state: PageState,
                result: SyncResult) -> None:
    active = state.facts
    wanted = list(dict.fromkeys(facts))
    for fld, value in wanted:
        row = active.get((fld, value))
        if row is not None:
            row.last_seen_at = seen_at
            session.add(row)
        else:
            session.add(Fact(prospect_id=prospect_id, source_id=source.id, field=fld,
                             value=value, seen_at=seen_at, last_seen_at=seen_at))
            result.facts_added += 1
    keep = set(wanted)
    for key, row in active.items():
        if key not in keep:
            row.gone_at = seen_at
            session.add(row)
            result.facts_gone += 1


def _sync_notes(session: Session, prospect_id: int, source: Source, snapshot: Snapshot,
                drafts: list[NoteDraft], seen_at: datetime, state: PageState,
                result: SyncResult) -> None:
    index, links = state.index, state.links
    on_page: set[int] = set()
    for draft in drafts:
        text = squash(draft.text)
        key = note_key(text)
        if not key:
            continue
        note = index.find(key)
        if note is None:
            note = Note(prospect_id=prospect_id, source_id=source.id, snapshot_id=snapshot.id,
                        origin="web", kind=draft.kind, category=draft.category, text=text,
                        text_key=key, lang=draft.lang, confidence=draft.confidence,
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
        assert note.id is not None and source.id is not None
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
    web_ids = {n.id for n in index.notes}
    for note_id, link in list(links.items()):
        if note_id in on_page or note_id not in web_ids:
            continue  # still on the page, or a pasted/manual note citing this URL
        session.flush()
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
    """Finds the web note a sentence duplicates: same key, else a very close key.

    Close keys are looked up through an index of their words, not by comparing every note:
    a near-duplicate shares all but a few of a key's distinct words (see `_probe_words`), so
    the notes holding one of a few of its rarest words are the only candidates.
    """

    def __init__(self, notes: list[Note]) -> None:
        self.notes: list[Note] = []
        self.by_key: dict[str, Note] = {}
        self._order: dict[str, int] = {}  # key -> position, to prefer the oldest match
        self._by_word: dict[str, set[str]] = {}
        self._words: dict[str, Counter[str]] = {}
        for n in notes:
            self.add(n)

    def add(self, note: Note) -> None:
        self.notes.append(note)
        key = note.text_key
        current = self.by_key.get(key)
        # prefer a live note over a gone one with the same key
        if current is None or (current.gone_at is not None and note.gone_at is None):
            self.by_key[key] = note
        if key not in self._order:
            self._order[key] = len(self._order)
            self._words[key] = Counter(key.split())
            for word in self._words[key]:
                self._by_word.setdefault(word, set()).add(key)

    def find(self, key: str) -> Note | None:
        if key in self.by_key:
            return self.by_key[key]
        candidates: set[str] = set()
        for word in self._probe_words(key):
            candidates |= self._by_word.get(word, set())
        # a near-duplicate only adds, drops or moves words: one's words contain the other's
        words = Counter(key.split())
        matches = [k for k in candidates
                   if (words <= self._words[k] or self._words[k] <= words)
                   and near_duplicate(key, k)]
        if not matches:
            return None
        return self.by_key[min(matches, key=self._order.__getitem__)]

    def _probe_words(self, key: str) -> list[str]:
        """Enough of `key`'s rarest distinct words that every near-duplicate holds one.

        A near-duplicate either keeps every word of `key` (words added or moved) or drops at
        most `max(2, NEAR_SHARE * len(words))` of them, so one more distinct word than that is
        always enough.
        """
        words = key.split()
        distinct = sorted(set(words), key=lambda w: len(self._by_word.get(w, ())))
        return distinct[:max(2, int(NEAR_SHARE * len(words))) + 1]


def near_duplicate(a: str, b: str) -> bool:
    """Whether two note keys say the same thing: words only added or removed at the edges
    ("según Reuters, …"), or moved ("said Smith" / "Smith said"), never a word or number
    changed ("double" vs "halve", 2027 vs 2029 stay two notes)."""
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
