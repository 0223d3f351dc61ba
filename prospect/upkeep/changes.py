"""What appeared, changed or vanished in a profile since a date or since the last brief.

`changes` feeds `prospect changes`; `new_since_last` feeds the brief's "new since last brief"
section, so both always agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from prospect.dates import parse_when
from prospect.labels import fact_change_text
from prospect.store.models import Brief, Fact, Note, NoteSource, Prospect, Source
from prospect.text import fold, squash

# fields with one true value at a time: a new value replaces the old one ("changed");
# other fields (same_as, url, image, authored) hold many values, so values come and go
SINGLE_VALUED = ("name", "job_title", "organization", "location", "email", "description")


def parse_since(value: str) -> datetime:
    """A `--since` value: 7d, 2w, yesterday, today, an ISO date or date-time (local time)."""
    return parse_when(value, "--since")


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def last_brief_at(session: Session, prospect: Prospect) -> datetime | None:
    """When the newest brief given to someone was made: written to a file, exported or marked
    as sent (None if never). A screen preview is not given, so it resets nothing."""
    return session.exec(select(Brief.created_at).where(Brief.prospect_id == prospect.id,
                                                       col(Brief.given).is_(True))
                        .order_by(col(Brief.created_at).desc()).limit(1)).first()


def changes(session: Session, prospect: Prospect, *, since: datetime | None = None,
            since_brief: bool = True) -> list[dict[str, Any]]:
    """Changes after `since` (else after the last brief when `since_brief`, else all), by time.

    Items: `{change: added|changed|gone, kind, text, field, old, new, source_url, at}`, then
    one `change: "title changed?"` per title on the web that differs from the profile's.
    """
    if since is None and since_brief:
        since = last_brief_at(session, prospect)
    since = _utc(since) if since else None
    urls = {s.id: s.url for s in session.exec(
        select(Source).where(Source.prospect_id == prospect.id)).all() if s.id is not None}
    items = _note_changes(session, prospect, since, urls) + _fact_changes(
        session, prospect, since, urls)
    items.sort(key=lambda i: (i["at"], i["change"] != "added", i["text"]))
    # an open question, whatever its date: the web says another title than the profile
    items += _title_questions(session, prospect, urls)
    keys = ("change", "kind", "text", "field", "old", "new", "source_url")
    return [{k: i[k] for k in keys} | {"at": i["at"].isoformat(timespec="seconds")}
            for i in items]


@dataclass(frozen=True)
class NewItem:
    """One change for the brief: a note's words, or a fact's field with its old and new value
    (`text` words the change in English, for `prospect changes`)."""

    change: str  # added | changed | gone
    kind: str | None
    text: str
    field: str | None
    old: str | None
    new: str | None
    source_url: str | None


def new_since_last(session: Session, prospect: Prospect) -> list[NewItem]:
    """The brief's "new since last brief", in the order of `changes`.

    Empty before the first brief: then everything is new, and the brief says so instead.
    """
    if last_brief_at(session, prospect) is None:
        return []
    return [NewItem(c["change"], c["kind"], c["text"], c["field"], c["old"], c["new"],
                    c["source_url"])
            for c in changes(session, prospect, since_brief=True)
            if c["change"] != TITLE_QUESTION]


def _after(column: Any, since: datetime | None) -> Any:
    return col(column).is_not(None) if since is None else col(column) > since


def _note_changes(session: Session, prospect: Prospect, since: datetime | None,
                  urls: dict[int, str]) -> list[dict[str, Any]]:
    notes = session.exec(select(Note).where(
        Note.prospect_id == prospect.id,
        or_(_after(Note.first_seen_at, since), _after(Note.gone_at, since)))).all()
    # a note's first source may have been removed; fall back to any page it was seen on
    seen_on: dict[int, int] = {}
    if notes:
        for ns in session.exec(select(NoteSource).where(
                col(NoteSource.note_id).in_([n.id for n in notes])).order_by(col(NoteSource.id))):
            seen_on.setdefault(ns.note_id, ns.source_id)
    out = []
    for n in notes:
        url = urls.get(n.source_id or seen_on.get(n.id, 0))  # type: ignore[arg-type]
        base = {"kind": n.kind, "text": n.text, "field": None, "old": None, "new": None,
                "source_url": url}
        if since is None or _utc(n.first_seen_at) > since:
            out.append(base | {"change": "added", "at": _utc(n.first_seen_at)})
        if n.gone_at is not None and (since is None or _utc(n.gone_at) > since):
            out.append(base | {"change": "gone", "at": _utc(n.gone_at)})
    return out


def _same(a: str, b: str) -> bool:
    return squash(fold(a)) == squash(fold(b))


def _fact_changes(session: Session, prospect: Prospect, since: datetime | None,
                  urls: dict[int, str]) -> list[dict[str, Any]]:
    facts = session.exec(select(Fact).where(Fact.prospect_id == prospect.id)
                         .order_by(col(Fact.seen_at), col(Fact.id))).all()
    by_field: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_field[f.field].append(f)
    out: list[dict[str, Any]] = []
    for field, values in by_field.items():
        replaced: set[int] = set()
        for f in values:
            seen = _utc(f.seen_at)
            if since is not None and seen <= since:
                continue
            old = _previous(values, f) if field in SINGLE_VALUED else None
            item = {"kind": "fact", "field": field, "at": seen,
                    "source_url": urls.get(f.source_id or 0)}
            if old is not None:
                replaced.add(old.id)  # type: ignore[arg-type]
                out.append(item | {"change": "changed", "old": old.value, "new": f.value,
                                   "text": fact_change_text(field, "changed", old.value,
                                                            f.value)})
            else:
                out.append(item | {"change": "added", "old": None, "new": f.value,
                                   "text": fact_change_text(field, "added", None, f.value)})
        for f in values:
            # an old value that a new one replaced is reported once, as "changed"
            if f.gone_at is None or f.id in replaced:
                continue
            if since is None or _utc(f.gone_at) > since:
                out.append({"kind": "fact", "field": field, "at": _utc(f.gone_at),
                            "source_url": urls.get(f.source_id or 0), "change": "gone",
                            "old": f.value, "new": None,
                            "text": fact_change_text(field, "gone", f.value, None)})
    return out


def _previous(values: list[Fact], new: Fact) -> Fact | None:
    """The value `new` replaced: an earlier, different value from the same source, or one
    that has since vanished. Two pages disagreeing at once is not a change."""
    earlier = [f for f in values if _utc(f.seen_at) < _utc(new.seen_at)
               and not _same(f.value, new.value)
               and (f.source_id == new.source_id or f.gone_at is not None)]
    if not earlier or any(_same(f.value, new.value) and _utc(f.seen_at) < _utc(new.seen_at)
                          for f in values):
        return None
    same_source = [f for f in earlier if f.source_id == new.source_id]
    return (same_source or earlier)[-1]


TITLE_QUESTION = "title changed?"


def web_titles(session: Session, prospect: Prospect) -> list[Fact]:
    """Job titles on the web (still on their page) that differ from the profile's, newest
    first, one per distinct title. A profile without a title has nothing to differ from."""
    if not (prospect.title or "").strip():
        return []
    facts = session.exec(select(Fact).where(Fact.prospect_id == prospect.id,
                                            Fact.field == "job_title",
                                            col(Fact.gone_at).is_(None))
                         .order_by(col(Fact.seen_at).desc(), col(Fact.id).desc())).all()
    out: dict[str, Fact] = {}
    for f in facts:
        if not _same(f.value, prospect.title or ""):
            out.setdefault(squash(fold(f.value)), f)
    return list(out.values())


def _title_questions(session: Session, prospect: Prospect,
                     urls: dict[int, str]) -> list[dict[str, Any]]:
    out = []
    for f in web_titles(session, prospect):
        url = urls.get(f.source_id or 0)
        out.append({"change": TITLE_QUESTION, "kind": "fact", "field": "job_title",
                    "old": prospect.title, "new": f.value, "source_url": url,
                    "text": f"Title changed? The profile says {prospect.title}, "
                            f"the web says {f.value} (accept it: prospect edit {prospect.slug} "
                            f"--accept-web-title)",
                    "at": _utc(f.seen_at)})
    return out


def accept_web_title(session: Session, ref: str, title: str | None = None) -> str:
    """The title `edit --accept-web-title` sets: the newest title on the web that differs
    from the profile's. Refused with --title too, or when the web agrees with the profile."""
    from prospect.errors import InvalidValue
    from prospect.store.repo import get_prospect

    if title is not None:
        raise InvalidValue("give either --title or --accept-web-title, not both")
    p = get_prospect(session, ref)
    found = web_titles(session, p)
    if not found:
        raise InvalidValue(f"no title on the web differs from {p.slug}'s "
                           f"({p.title or 'none'}): nothing to accept")
    return found[0].value


# -- across every prospect -----------------------------------------------------------------------

# what an account manager most needs to hear: the person moved, or the company changed
JOB_FIELDS = ("job_title", "organization")


def _candidates(session: Session, since: datetime | None) -> list[int]:
    """Prospects that may have changes: something happened after `since`, else after their
    last brief (a few grouped queries, so a large database is not read prospect by prospect)."""
    from sqlalchemy import func

    stamps = ((Note, Note.first_seen_at), (Note, Note.gone_at), (Fact, Fact.seen_at),
              (Fact, Fact.gone_at))
    latest: dict[int, datetime] = {}
    for table, column in stamps:
        rows = session.exec(select(table.prospect_id, func.max(column))
                            .where(col(column).is_not(None))
                            .group_by(col(table.prospect_id))).all()
        for pid, at in rows:
            if at is not None:
                latest[pid] = max(latest.get(pid, _utc(at)), _utc(at))
    if since is not None:
        cut = _utc(since)
        return sorted(pid for pid, at in latest.items() if at > cut)
    briefs = dict(session.exec(select(Brief.prospect_id, func.max(Brief.created_at))
                               .group_by(col(Brief.prospect_id))).all())
    return sorted(pid for pid, at in latest.items()
                  if briefs.get(pid) is None or at > _utc(briefs[pid]))


def changes_all(session: Session, *, since: datetime | None = None) -> list[dict[str, Any]]:
    """Every prospect's changes after `since` (else since each one's last brief), grouped.

    Groups: `{id, slug, name, company, title, job_change, changes: [...]}` (items as in
    `changes`), those with a job title or company change first, then by name; inside a group
    job title and company changes come first, the rest in time order. Quiet prospects are left
    out.
    """
    groups = []
    for pid in _candidates(session, since):
        p = session.get(Prospect, pid)
        if p is None:
            continue
        items = changes(session, p, since=since, since_brief=True)
        if not items:
            continue
        items.sort(key=lambda i: i["field"] not in JOB_FIELDS)  # stable: time order stays
        groups.append({"id": p.id, "slug": p.slug, "name": p.name, "company": p.company,
                       "title": p.title,
                       "job_change": any(i["field"] in JOB_FIELDS for i in items),
                       "changes": items})
    groups.sort(key=lambda g: (not g["job_change"], fold(str(g["name"])), g["id"]))
    return groups


@dataclass(frozen=True)
class RecentChanges:
    """Prospects with changes after a date, the most recently changed first."""

    groups: list[tuple[Prospect, list[dict[str, Any]]]]  # each prospect's changes, newest first
    more: int  # prospects with changes left out by the limit


def _active_since(session: Session, since: datetime) -> list[int]:
    """Prospects whose notes or facts appeared or vanished after `since`, latest first."""
    from sqlalchemy import func

    latest: dict[int, datetime] = {}
    stamps: tuple[tuple[Any, Any, Any], ...] = (
        (Note.prospect_id, Note.first_seen_at, Note.gone_at),
        (Fact.prospect_id, Fact.seen_at, Fact.gone_at))
    for owner, seen, gone in stamps:
        rows = session.exec(select(owner, func.max(seen))
                            .where(or_(col(seen) > since, col(gone) > since))
                            .group_by(owner)).all()
        for pid, at in rows:
            at = _utc(at) if at is not None else since
            latest[pid] = max(latest.get(pid, at), at)
    return sorted(latest, key=lambda pid: (latest[pid], -pid), reverse=True)


def recent_changes(session: Session, since: datetime, limit: int = 200) -> RecentChanges:
    """Every prospect's changes after `since` (the browser's "changes across all prospects"):
    the `limit` most recently changed prospects, each with its changes newest first."""
    ids = _active_since(session, _utc(since))
    groups = []
    for pid in ids[:limit]:
        p = session.get(Prospect, pid)
        if p is None:
            continue
        items = changes(session, p, since=since)
        if items:
            groups.append((p, list(reversed(items))))
    return RecentChanges(groups=groups, more=max(len(ids) - limit, 0))
