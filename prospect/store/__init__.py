"""The profile store: tables, the engine factory and repository functions taking a Session."""

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
