"""The profile store: tables, the engine factory and repository functions taking a Session."""

# tally installs the session hooks that keep each prospect's stored figures current
from prospect.store import tally  # noqa: F401
from prospect.store.engine import open_db
from prospect.store.models import (
    Brief,
    Event,
    Fact,
    Note,
    NoteSource,
    Prospect,
    Snapshot,
    Source,
    StoryVersion,
)

__all__ = ["Brief", "Event", "Fact", "Note", "NoteSource", "Prospect", "Snapshot", "Source",
           "StoryVersion", "open_db"]
