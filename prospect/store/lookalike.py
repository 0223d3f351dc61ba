"""Prospects that look like another: the same e-mail, or the same name at the same company
(accents and case ignored), so `add` can warn before a person is researched twice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from prospect.store.models import Prospect
from prospect.text import fold, squash


@dataclass
class Lookalike:
    """An existing prospect and why it looks like the new one ("e-mail" or "name and company")."""

    slug: str
    name: str
    reason: str


def _key(text: str | None) -> str:
    return squash(fold(text or ""))


def lookalikes(session: Session, prospect: Prospect) -> list[Lookalike]:
    """Other prospects with `prospect`'s e-mail, or its name and company."""
    found: dict[int, Lookalike] = {}
    email = (prospect.email or "").strip().lower()
    if email:
        for p in session.exec(select(Prospect).where(func.lower(Prospect.email) == email,
                                                     Prospect.id != prospect.id)):
            found[p.id] = Lookalike(p.slug, p.name, "e-mail")  # type: ignore[index]
    name, company = _key(prospect.name), _key(prospect.company)
    if name and company:
        for p in session.exec(select(Prospect).where(Prospect.id != prospect.id)):
            if p.id not in found and _key(p.name) == name and _key(p.company) == company:
                found[p.id] = Lookalike(p.slug, p.name, "name and company")  # type: ignore[index]
    return list(found.values())
