"""Import prospects from a CRM export: CSV (HubSpot, Salesforce, LinkedIn) or vCard (.vcf).

Two steps. `plan_import` reads the file and works out, writing nothing, what each row would do:
create a prospect, change which fields, leave it alone, or be skipped; and which fields it may
not change because a person set them by hand (conflicts). `apply_import` writes a plan, a
batch of rows per transaction. Rows match existing prospects by e-mail, else by name and
company (accents and case ignored). Matching reads the keys of all prospects once, so an
import costs a handful of statements per batch, never a query per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from prospect.errors import InvalidValue, StoreError
from prospect.store.models import LANGS, Event, Note, Prospect, Source
from prospect.store.repo import (
    NewProspect,
    ProspectUpdate,
    add_prospects,
    default_actor,
    log_event,
    note_key,
    update_prospects,
)
from prospect.text import fold, slugify, squash
from prospect.upkeep.contacts import Row, header_field, parse_csv, read_text
from prospect.upkeep.vcard import parse_vcards

__all__ = ["BATCH", "FIELDS", "ImportPlan", "ImportResult", "apply_import", "describe",
           "header_field", "import_file", "parse_csv", "plan_import"]

BATCH = 1000  # rows per transaction and per lookup
MAX_FIELD, MAX_NOTE = 1_000, 20_000  # characters; longer rows are skipped, never cut
# the profile fields an import may set; the name is how a row is matched, never changed
FIELDS = ("company", "title", "email", "location", "company_domain", "lang", "phone", "owner",
          "stage")
_COLUMNS = tuple(getattr(Prospect, k) for k in FIELDS)
Progress = Callable[[int], None]
T = TypeVar("T")


@dataclass
class Conflict:
    """A field the file would change but a person set by hand: left alone."""

    line: int
    slug: str
    field: str
    current: str | None
    incoming: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "slug": self.slug, "field": self.field,
                "current": self.current, "file": self.incoming}


@dataclass
class Planned:
    """What one row of the file does: create, update or unchanged."""

    line: int
    action: str
    slug: str
    prospect_id: int | None = None  # None: a new prospect (or a row merged into one)
    fields: dict[str, str | None] = field(default_factory=dict)  # create: all; update: new
    old: dict[str, str | None] = field(default_factory=dict)  # update: values before
    urls: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    conflicts: list[Conflict] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": [{"line": n, "reason": r} for n, r in self.skipped],
                "conflicts": [c.as_dict() for c in self.conflicts], "dry_run": self.dry_run}


@dataclass
class ImportPlan:
    """Everything an import would do, worked out before writing."""

    file: str
    rows: list[Planned]
    skipped: list[tuple[int, str]]
    conflicts: list[Conflict]

    def result(self, dry_run: bool = False) -> ImportResult:
        out = ImportResult(skipped=list(self.skipped), conflicts=list(self.conflicts),
                           dry_run=dry_run)
        for r in self.rows:
            {"create": out.created, "update": out.updated, "unchanged": out.unchanged}[
                r.action].append(r.slug)
        return out

    def changes(self) -> int:
        """How many rows would write something."""
        return sum(r.action != "unchanged" for r in self.rows)

    def as_dict(self) -> dict[str, Any]:
        out = self.result(dry_run=True).as_dict()
        out["changes"] = [{"line": r.line, "slug": r.slug, "action": r.action,
                           "fields": {k: [r.old.get(k), v] for k, v in r.fields.items()},
                           "urls": r.urls, "notes": r.notes}
                          for r in self.rows if r.action != "unchanged"]
        return out


def import_file(session: Session, path: Path, actor: str | None = None, overwrite: bool = False,
                dry_run: bool = False) -> ImportResult:
    """Create or update prospects from a CSV or vCard file (nothing written when `dry_run`)."""
    plan = plan_import(session, path, overwrite=overwrite)
    return plan.result(dry_run=True) if dry_run else apply_import(session, plan, actor)


def plan_import(session: Session, path: Path, overwrite: bool = False,
                on_progress: Progress | None = None) -> ImportPlan:
    """Read `path` and work out what importing it would change; writes nothing.

    Raises InvalidValue (one line) for a file that is not text, has no contacts, or whose
    rows all lack a name."""
    path = Path(path)
    text = read_text(path)
    is_vcard = path.suffix.lower() in (".vcf", ".vcard") or text.lstrip().upper().startswith(
        "BEGIN:VCARD")
    rows = parse_vcards(text) if is_vcard else parse_csv(text)
    if not rows:
        raise InvalidValue(f"nothing to import: {path.name} has no vCard (BEGIN:VCARD … "
                           "END:VCARD)" if is_vcard else
                           f"nothing to import: {path.name} has a header but no rows")
    planner = _Planner(session, overwrite)
    for chunk in _batches(rows, BATCH):
        planner.add(chunk)
        if on_progress:
            on_progress(len(chunk))
    plan = ImportPlan(path.name, planner.rows, planner.skipped, planner.conflicts)
    if not plan.rows:
        lines = ", ".join(str(n) for n, _ in plan.skipped[:5])
        more = ", …" if len(plan.skipped) > 5 else ""
        raise InvalidValue(f"nothing to import: none of the {len(plan.skipped)} contacts in "
                           f"{path.name} has a name (lines {lines}{more})")
    return plan


def apply_import(session: Session, plan: ImportPlan, actor: str | None = None,
                 on_progress: Progress | None = None) -> ImportResult:
    """Write `plan`: one transaction per batch of rows, then one `import` event."""
    actor = actor or default_actor()
    try:
        _apply(session, plan, actor, on_progress)
    except IntegrityError:
        session.rollback()
        raise StoreError("another process added or removed prospects during the import; the "
                         "batches before it are saved: run the same import again") from None
    result = plan.result()
    log_event(session, "import", None, actor, file=plan.file, created=len(result.created),
              updated=len(result.updated), skipped=len(result.skipped),
              conflicts=len(result.conflicts))
    session.commit()
    return result


def _apply(session: Session, plan: ImportPlan, actor: str, on_progress: Progress | None) -> None:
    for chunk in _batches(plan.rows, BATCH):
        add_prospects(session, [NewProspect(r.slug, r.fields, r.urls, r.notes)
                                for r in chunk if r.action == "create"], actor, via="import")
        todo = [r for r in chunk if r.prospect_id is not None and r.action == "update"]
        now = {row[0]: dict(zip(FIELDS, row[1:], strict=True)) for row in _load(
            session, (Prospect.id, *_COLUMNS), Prospect.id, {r.prospect_id for r in todo})}
        updates = []
        for r in todo:
            current = now.get(r.prospect_id)
            if current is None:
                continue  # removed since the plan was made
            # a field that changed since the plan was made is someone's newer edit: keep it
            changes = {k: [r.old.get(k), v] for k, v in r.fields.items()
                       if _same(current[k], r.old.get(k))}
            current.update({k: v for k, (_, v) in changes.items()})
            updates.append(ProspectUpdate(r.prospect_id, changes, r.urls,  # type: ignore[arg-type]
                                          r.notes, current["lang"] or "en"))
        update_prospects(session, updates, actor, via="import")
        session.commit()  # short transactions: other prospect processes keep working
        if on_progress:
            on_progress(len(chunk))


def describe(plan: ImportPlan, limit: int = 20, changes: bool = True) -> list[str]:
    """Lines for a person: what the import would change (unless not `changes`), then the
    fields it leaves alone because a person set them (conflicts)."""
    out = []
    changed = [r for r in plan.rows if r.action != "unchanged"] if changes else []
    for r in changed[:limit]:
        if r.action == "create":
            what = ", ".join(f"{k} {v!r}" for k, v in r.fields.items() if v and k != "name")
            out.append(f"  new     {r.slug}" + (f": {what}" if what else ""))
        else:
            parts = [f"{k} {r.old.get(k)!r} → {v!r}" for k, v in r.fields.items()]
            parts += [f"+{len(r.urls)} page(s)"] if r.urls else []
            parts += [f"+{len(r.notes)} note(s)"] if r.notes else []
            out.append(f"  change  {r.slug} (line {r.line}): {', '.join(parts)}")
    if len(changed) > limit:
        out.append(f"  … and {len(changed) - limit} more")
    for c in plan.conflicts[:limit]:
        out.append(f"  keep    {c.slug} (line {c.line}): {c.field} {c.current!r} was set by "
                   f"hand; the file has {c.incoming!r}")
    if len(plan.conflicts) > limit:
        out.append(f"  … and {len(plan.conflicts) - limit} more fields set by hand")
    return out


# -- planning ----------------------------------------------------------------------------------

class _Planner:
    """Matches rows to prospects and decides, field by field, what may change."""

    def __init__(self, session: Session, overwrite: bool) -> None:
        self.session, self.overwrite = session, overwrite
        self.rows: list[Planned] = []
        self.skipped: list[tuple[int, str]] = []
        self.conflicts: list[Conflict] = []
        self.by_email: dict[str, int] = {}
        self.by_key: dict[tuple[str, str], int] = {}
        self.slugs: dict[int, str] = {}
        self.taken: set[str] = set()
        # one read of every prospect's match keys: a per-row query would make imports quadratic
        for pid, slug, name, company, email in session.execute(sa_select(
                col(Prospect.id), col(Prospect.slug), col(Prospect.name), col(Prospect.company),
                col(Prospect.email)).order_by(col(Prospect.id))):
            self.slugs[pid] = slug
            self.taken.add(slug)
            if email:
                self.by_email.setdefault(email.lower(), pid)
            self.by_key.setdefault(_key(name, company), pid)
        self.new_by_email: dict[str, Planned] = {}
        self.new_by_key: dict[tuple[str, str], Planned] = {}
        # state of the matched prospects, as this import leaves them
        self.current: dict[int, dict[str, Any]] = {}
        self.owner: dict[int, dict[str, str]] = {}
        self.urls: dict[int, set[str]] = {}
        self.notes: dict[int, set[str]] = {}

    def add(self, rows: Sequence[Row]) -> None:
        matched: list[tuple[Row, dict[str, str | None], int | Planned]] = []
        for row in rows:
            prof = _profile(row)
            if not prof["name"]:
                self.skipped.append((row.line, "no name"))
                continue
            too_long = _too_long(prof, row.notes)
            if too_long:
                self.skipped.append((row.line, too_long))
                continue
            key = _key(prof["name"], prof["company"])
            found = self._match(prof, key)
            matched.append((row, prof, self._create(row, prof, key) if found is None else found))
        self._load({t for _, _, t in matched if isinstance(t, int) and t not in self.current})
        for row, prof, target in matched:
            if isinstance(target, int):
                self._update(row, prof, target)
            elif target.line != row.line:
                self._merge(row, prof, target)

    def _match(self, prof: dict[str, str | None], key: tuple[str, str]) -> int | Planned | None:
        email = prof["email"]
        if email and email in self.by_email:
            return self.by_email[email]
        if email and email in self.new_by_email:
            return self.new_by_email[email]
        return self.by_key.get(key) or self.new_by_key.get(key)

    def _create(self, row: Row, prof: dict[str, str | None], key: tuple[str, str]) -> Planned:
        base = slugify(prof["name"] or "")
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        planned = Planned(row.line, "create", slug, fields=dict(prof), urls=_urls(row),
                          notes=_unique_notes(row.notes, set()))
        self.rows.append(planned)
        if prof["email"]:
            self.new_by_email.setdefault(prof["email"], planned)
        self.new_by_key.setdefault(key, planned)
        return planned

    def _merge(self, row: Row, prof: dict[str, str | None], into: Planned) -> None:
        """A later row about a person this file creates: its values complete the new row."""
        planned = Planned(row.line, "unchanged", into.slug)
        for k in FIELDS:
            if prof[k] and not _same(into.fields.get(k), prof[k], k == "email"):
                planned.old[k], planned.fields[k] = into.fields.get(k), prof[k]
                into.fields[k] = prof[k]
        planned.urls = [u for u in _urls(row) if u not in into.urls]
        planned.notes = _unique_notes(row.notes, {note_key(t) for t in into.notes})
        into.urls += planned.urls
        into.notes += planned.notes
        if planned.fields or planned.urls or planned.notes:
            planned.action = "update"
        self.rows.append(planned)

    def _update(self, row: Row, prof: dict[str, str | None], pid: int) -> None:
        current, owner = self.current[pid], self.owner[pid]
        planned = Planned(row.line, "unchanged", self.slugs[pid], prospect_id=pid)
        for k in FIELDS:
            new, old = prof[k], current[k]
            if not new or _same(old, new, k == "email"):
                continue
            # a field is the user's when they last set it, or cleared it, by hand
            mine = owner.get(k) == "edit" or (bool(old) and owner.get(k) != "import")
            if mine and not self.overwrite:
                self.conflicts.append(Conflict(row.line, planned.slug, k, old, new))
                continue
            planned.old[k], planned.fields[k] = old, new
            current[k], owner[k] = new, "import"
        planned.urls = [u for u in _urls(row) if u not in self.urls[pid]]
        self.urls[pid].update(planned.urls)
        planned.notes = _unique_notes(row.notes, self.notes[pid])
        if planned.fields or planned.urls or planned.notes:
            planned.action = "update"
        if "email" in planned.fields and planned.fields["email"]:
            self.by_email.setdefault(planned.fields["email"] or "", pid)
        self.rows.append(planned)

    def _load(self, ids: set[int]) -> None:
        """Current values, who last set each field, pages and notes of matched prospects."""
        if not ids:
            return
        for pid, *values in _load(self.session, (Prospect.id, *_COLUMNS), Prospect.id, ids):
            self.current[pid] = dict(zip(FIELDS, values, strict=True))
            self.owner[pid], self.urls[pid], self.notes[pid] = {}, set(), set()
        for chunk in _batches(sorted(ids), BATCH):
            for pid, action, detail in self.session.exec(
                    select(Event.prospect_id, Event.action, Event.detail)
                    .where(col(Event.prospect_id).in_(chunk),
                           col(Event.action).in_(("prospect.add", "prospect.edit")))
                    .order_by(col(Event.id))):
                _own(self.owner[pid], action, detail)  # type: ignore[index]
            for pid, url in self.session.exec(select(Source.prospect_id, Source.url)
                                              .where(col(Source.prospect_id).in_(chunk))):
                self.urls[pid].add(url)
            for pid, key in self.session.exec(select(Note.prospect_id, Note.text_key)
                                              .where(col(Note.prospect_id).in_(chunk))):
                self.notes[pid].add(key)


def _own(owner: dict[str, str], action: str, detail: str) -> None:
    """Record who last set each field: `import`, `edit` (by hand) or `add` (by hand)."""
    try:
        d = json.loads(detail or "{}")
    except ValueError:
        d = {}
    if not isinstance(d, dict):
        return
    who = "import" if d.get("via") == "import" else "edit" if action == "prospect.edit" else "add"
    if action == "prospect.add":
        for k in FIELDS:
            owner[k] = who
    elif isinstance(d.get("changes"), dict):
        for k in d["changes"]:
            owner[k] = who


# -- rows to values ----------------------------------------------------------------------------

def _profile(row: Row) -> dict[str, str | None]:
    v = row.values
    name = v.get("full") or squash(f"{v.get('first', '')} {v.get('last', '')}")
    location = v.get("location") or ", ".join(x for x in (v.get("city"), v.get("country")) if x)
    lang = fold(v.get("lang") or "")[:2]
    lang = "es" if lang == "sp" else lang  # "Spanish"
    website = v.get("website")
    return {"name": name, "company": v.get("company"), "title": v.get("title"),
            "email": (v.get("email") or "").lower() or None, "location": location or None,
            "company_domain": _domain(website) if website else None,
            "lang": lang if lang in LANGS else None, "phone": v.get("phone"),
            "owner": v.get("owner"), "stage": v.get("stage")}


def _too_long(prof: dict[str, str | None], notes: list[str]) -> str | None:
    """Why a row cannot be stored whole (the search index has limits), or None."""
    for k, v in prof.items():
        if v and len(v) > MAX_FIELD:
            return f"its {k} is longer than {MAX_FIELD:,} characters"
    if any(len(n) > MAX_NOTE for n in notes):
        return f"a note is longer than {MAX_NOTE:,} characters"
    return None


def _key(name: str | None, company: str | None) -> tuple[str, str]:
    return fold(squash(name or "")), fold(squash(company or ""))


def _same(a: str | None, b: str | None, email: bool = False) -> bool:
    """Equal as profile values: empty is empty; e-mail addresses ignore case."""
    a, b = a or None, b or None
    return (a or "").lower() == (b or "").lower() if email else a == b


def _domain(website: str) -> str | None:
    url = website if "://" in website else f"https://{website}"
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # e.g. an unclosed [ in what should be a host
        return None
    return host.removeprefix("www.") or None


def _urls(row: Row) -> list[str]:
    out = []
    for raw in [row.values.get("linkedin", ""), *row.urls]:
        raw = raw.strip()
        if not raw:
            continue
        url = raw if "://" in raw else f"https://{raw}"
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and host and "." in host and " " not in url:
            out.append(url)
    return list(dict.fromkeys(out))


def _unique_notes(texts: Sequence[str], have: set[str]) -> list[str]:
    """Notes whose text the prospect does not have yet (same text, same note); adds to `have`."""
    out = []
    for t in texts:
        key = note_key(t)
        if key and key not in have:
            have.add(key)
            out.append(t)
    return out


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _load(session: Session, columns: tuple[Any, ...], key: Any, ids: set[Any]) -> list[Any]:
    """Rows of `columns` whose `key` is in `ids`, a batch of ids per query."""
    out: list[Any] = []
    for chunk in _batches(sorted(ids), BATCH):
        out += session.exec(select(*columns).where(col(key).in_(chunk))).all()
    return out

