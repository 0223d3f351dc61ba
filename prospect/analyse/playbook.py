"""The role playbook: job titles (EN/ES) -> the goals and risks a role usually brings.

Its guesses fill categories the web says nothing about, and are always labelled as inferred
from the role, never as something the person said.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from prospect.errors import ProspectError
from prospect.text import fold
from prospect.vocab import GOAL_CATEGORIES as _GOALS
from prospect.vocab import RISK_CATEGORIES as _RISKS

PLAYBOOK_FILE = "playbook.toml"


@dataclass(frozen=True)
class Role:
    id: str
    label_en: str
    label_es: str
    patterns: tuple[str, ...]
    goals: tuple[str, ...]
    risks: tuple[str, ...]
    # words this role uses, so an inferred item meets the story entry that speaks its language
    hints: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.label_es if lang == "es" else self.label_en


@dataclass
class RoleGuess:
    """What the titles suggest: the roles found and each category with the role behind it."""

    roles: list[Role] = field(default_factory=list)
    goals: dict[str, Role] = field(default_factory=dict)
    risks: dict[str, Role] = field(default_factory=dict)


def _pattern(words: str) -> re.Pattern[str]:
    # whole words on the folded title; hyphens and spaces are interchangeable
    parts = [re.escape(p) for p in re.split(r"[\s-]+", fold(words).strip()) if p]
    return re.compile(r"(?<![a-z0-9])" + r"[\s-]+".join(parts) + r"(?![a-z0-9])")


def parse_playbook(text: str, source: str = PLAYBOOK_FILE) -> list[Role]:
    """Read playbook TOML; a broken file is a ProspectError naming it."""
    try:
        data = tomllib.loads(text)
        roles = []
        for raw in data["roles"]:
            role = Role(id=raw["id"], label_en=raw["label_en"], label_es=raw["label_es"],
                        patterns=tuple(raw["patterns"]), goals=tuple(raw.get("goals", ())),
                        risks=tuple(raw.get("risks", ())), hints=tuple(raw.get("hints", ())))
            bad = [c for c in role.goals if c not in _GOALS] + \
                [c for c in role.risks if c not in _RISKS]
            if bad:
                raise ValueError(f"role {role.id!r} has unknown categories {bad}")
            roles.append(role)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ProspectError(f"the role playbook {source} is broken: {exc}") from None
    return roles


@lru_cache(maxsize=4)
def load_playbook(path: Path | None = None) -> tuple[Role, ...]:
    """The shipped playbook (or the one at `path`), parsed once."""
    if path is None:
        from prospect.resources import data_file

        path = data_file(PLAYBOOK_FILE)
    return tuple(parse_playbook(Path(path).read_text(encoding="utf-8"), str(path)))


@lru_cache(maxsize=4)
def _compiled(roles: tuple[Role, ...]) -> list[tuple[Role, list[re.Pattern[str]]]]:
    return [(r, [_pattern(p) for p in r.patterns]) for r in roles]


def match_roles(title: str | None, roles: tuple[Role, ...] | None = None) -> list[Role]:
    """The roles whose patterns appear in `title`, in playbook order."""
    if not title or not title.strip():
        return []
    folded = fold(title)
    return [r for r, pats in _compiled(roles or load_playbook())
            if any(p.search(folded) for p in pats)]


def guess(titles: Iterable[str | None], roles: tuple[Role, ...] | None = None) -> RoleGuess:
    """Roles and likely goal/risk categories for a person with these titles (first wins)."""
    out = RoleGuess()
    for title in titles:
        for role in match_roles(title, roles):
            if role in out.roles:
                continue
            out.roles.append(role)
            for c in role.goals:
                out.goals.setdefault(c, role)
            for c in role.risks:
                out.risks.setdefault(c, role)
    return out
