"""Meeting packs: read a calendar, link attendees to prospects, brief them before the call."""
