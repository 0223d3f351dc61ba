"""The errors meant for the user: the CLI prints one line and exits 1."""


class ProspectError(Exception):
    """Base of every error a user can cause or fix."""


class NotFound(ProspectError):
    """A prospect, note, source or story that does not exist."""


class InvalidValue(ProspectError):
    """A value the user gave that cannot be used."""


class StoreError(ProspectError):
    """The database cannot be opened, read or written."""


class StoryError(ProspectError):
    """The company story file is missing, malformed or invalid."""


class GatherError(ProspectError):
    """Nothing could be attempted in a gather run."""


class CalendarError(ProspectError):
    """A calendar file or feed that cannot be read."""
