"""SQLModel tables: the schema that the Alembic migrations in `db/` create.

Times are timezone-aware UTC datetimes (`utcnow()`), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlmodel import Field, SQLModel

from prospect.clock import utcnow
from prospect.vocab import (
    FACT_FIELDS,
    GOAL_CATEGORIES,
    LANGS,
    NOTE_KINDS,
    NOTE_ORIGINS,
    RISK_CATEGORIES,
    SOURCE_ORIGINS,
    SOURCE_STATUSES,
)

# the vocabulary and the clock live in prospect.vocab and prospect.clock; re-exported here
__all__ = ["FACT_FIELDS", "GOAL_CATEGORIES", "LANGS", "NOTE_KINDS", "NOTE_ORIGINS",
           "RISK_CATEGORIES", "SOURCE_ORIGINS", "SOURCE_STATUSES", "Brief", "Event", "Fact",
           "Meeting", "MeetingAttendee", "Note", "NoteSource", "Prospect", "Snapshot", "Source",
           "StoryVersion", "utcnow"]


def _fk(target: str, nullable: bool = False, ondelete: str = "CASCADE") -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class Prospect(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True)
    name: str
    company: str | None = None
    title: str | None = None
    location: str | None = None
    email: str | None = None
    company_domain: str | None = None
    lang: str = "en"
    phone: str | None = None
    owner: str | None = None
    stage: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # what the prospects table sorts by, worked out from notes, facts, briefs and sources and
    # kept current by prospect.store.tally (never set them by hand)
    changes_since_brief: int = Field(default=0, sa_column=Column(
        Integer, nullable=False, server_default="0", index=True))
    last_brief_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), index=True))
    last_gathered_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), index=True))


class Source(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("prospect_id", "url"),)
    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(sa_column=_fk("prospect.id"))
    url: str
    origin: str = "user"
    status: str = "new"
    http_status: int | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    title: str | None = None
    last_fetched_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Snapshot(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(sa_column=_fk("source.id"))
    fetched_at: datetime = Field(default_factory=utcnow)
    final_url: str
    http_status: int | None = None
    content_type: str | None = None
    encoding: str | None = None
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # zlib-compressed
    content_hash: str = Field(index=True)  # sha256 of the raw body


class Fact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(sa_column=_fk("prospect.id"))
    source_id: int | None = Field(default=None, sa_column=_fk("source.id", nullable=True))
    field: str
    value: str = Field(sa_column=Column(Text, nullable=False))
    seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    gone_at: datetime | None = None


class Note(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(sa_column=_fk("prospect.id"))
    # the first source the note was seen on; every source is in note_source
    source_id: int | None = Field(
        default=None, sa_column=_fk("source.id", nullable=True, ondelete="SET NULL"))
    snapshot_id: int | None = Field(
        default=None, sa_column=_fk("snapshot.id", nullable=True, ondelete="SET NULL"))
    origin: str = "manual"
    kind: str = "other"
    category: str | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    text_key: str = Field(default="", index=True)  # normalised text, for near-duplicates
    lang: str | None = None
    confidence: float | None = None
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    gone_at: datetime | None = None
    author: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    # a pinned note always reaches the brief
    pinned: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                         server_default=false()))


class NoteSource(SQLModel, table=True):
    """Every page a web note was seen on (near-duplicates across pages are one note)."""

    __tablename__ = "note_source"
    __table_args__ = (UniqueConstraint("note_id", "source_id"),)
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(sa_column=_fk("note.id"))
    source_id: int = Field(sa_column=_fk("source.id"))
    snapshot_id: int | None = Field(
        default=None, sa_column=_fk("snapshot.id", nullable=True, ondelete="SET NULL"))
    seen_at: datetime = Field(default_factory=utcnow)


class StoryVersion(SQLModel, table=True):
    __tablename__ = "story_version"
    id: int | None = Field(default=None, primary_key=True)
    company: str
    toml: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str
    loaded_at: datetime = Field(default_factory=utcnow)
    author: str | None = None


class Brief(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(sa_column=_fk("prospect.id"))
    story_version_id: int | None = Field(
        default=None, sa_column=_fk("story_version.id", nullable=True, ondelete="SET NULL"))
    created_at: datetime = Field(default_factory=utcnow)
    format: str = "json"
    lang: str = "en"
    note_ids: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON list
    model: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # brief model JSON
    author: str | None = None
    # written to a file, exported or marked as sent; a screen preview is not given
    given: bool = Field(default=True, sa_column=Column(Boolean, nullable=False,
                                                       server_default=true()))
    sent_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class Event(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # no foreign key: the audit log outlives what it talks about
    prospect_id: int | None = Field(default=None, index=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str | None = None
    action: str
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # JSON


class Meeting(SQLModel, table=True):
    """A calendar event; one row per occurrence of a repeating meeting."""

    __table_args__ = (UniqueConstraint("uid", "recurrence_id"),)
    id: int | None = Field(default=None, primary_key=True)
    uid: str
    recurrence_id: str = Field(default="", sa_column=Column(String, nullable=False,
                                                            server_default=""))
    start: datetime = Field(index=True)
    end: datetime | None = None
    title: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    organiser: str | None = None
    location: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MeetingAttendee(SQLModel, table=True):
    __tablename__ = "meeting_attendee"
    __table_args__ = (UniqueConstraint("meeting_id", "email", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=_fk("meeting.id"))
    prospect_id: int | None = Field(default=None, sa_column=_fk("prospect.id", nullable=True))
    email: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    name: str | None = None
    role: str = Field(default="external", sa_column=Column(String, nullable=False,
                                                            server_default="external"))


class RobotsAnswer(SQLModel, table=True):
    """A robots.txt answer a site gave, shared by every worker of a team."""

    __tablename__ = "robots_answer"
    url: str = Field(primary_key=True)
    http_status: int
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    fetched_at: datetime = Field(default_factory=utcnow)


class HostPace(SQLModel, table=True):
    """When the next request to a host may start, whichever machine sends it."""

    __tablename__ = "host_pace"
    host: str = Field(primary_key=True)
    next_start: datetime = Field(default_factory=utcnow)


class Setting(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    user: str
    key: str
    value: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
