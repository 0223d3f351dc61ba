"""What extraction returns: the person looked for, and what one page says about them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    """Who we are researching."""

    name: str
    company: str | None = None
    title: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class FactItem:
    field: str
    value: str


@dataclass
class SentenceItem:
    text: str
    lang: str | None
    reason: str


@dataclass
class DroppedItem:
    text: str
    reason: str


@dataclass
class PageResult:
    """What a page says about one person."""

    facts: list[FactItem] = field(default_factory=list)
    sentences: list[SentenceItem] = field(default_factory=list)
    dropped: list[DroppedItem] = field(default_factory=list)
    # sentences that are theirs only if they state a goal or a risk: on their own page without
    # "I" or "we", on a page about them about the organisation they speak for
    candidates: list[SentenceItem] = field(default_factory=list)
    title: str | None = None
    lang: str | None = None
    is_own_page: bool = False
    author: str | None = None
    own_page_reason: str | None = None
    text_from: str | None = None
    warnings: list[str] = field(default_factory=list)
    is_about: bool = False  # the page is about the person (title, headline or lead names them)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
