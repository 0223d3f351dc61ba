"""prospect: a local research assistant for salespeople."""

__version__ = "0.1.0"
