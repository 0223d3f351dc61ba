"""The company story (the plumb line): load and validate its TOML, store and fetch versions.

Validation stops at the first problem and names it (file, line where it can be found, entry
and value), so a user can fix the file; nothing is stored until the whole file is valid.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prospect.errors import StoryError
from prospect.vocab import GOAL_CATEGORIES, RISK_CATEGORIES

if TYPE_CHECKING:
    from sqlmodel import Session

    from prospect.store.models import StoryVersion

MAX_STORY_BYTES = 1_000_000
EXAMPLE_NAME = "story.example.toml"
NO_STORY = "no company story loaded: run 'prospect story init' then 'prospect story load FILE'"


@dataclass
class Company:
    name: str
    plumb_line: str
    website: str = ""


@dataclass
class Theme:
    id: str
    title: str
    story: str = ""
    serves: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    proof: list[str] = field(default_factory=list)


@dataclass
class TcoItem:
    id: str
    title: str
    answers: list[str] = field(default_factory=list)
    detail: str = ""
    keywords: list[str] = field(default_factory=list)


@dataclass
class RiskReducer(TcoItem):
    """A pilot, guarantee or certification: the same fields as a TCO item."""


@dataclass
class Story:
    company: Company
    themes: list[Theme]
    tco: list[TcoItem]
    risk_reducers: list[RiskReducer]
    version: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable copy (the shape of `story show --json`)."""
        return asdict(self)


# -- parsing and validation --------------------------------------------------------------------

_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOP_KEYS = ("company", "themes", "tco", "risk_reducers")
_COMPANY_KEYS = ("name", "plumb_line", "website")
# section -> (label, list field, allowed categories, other kind's categories, required keys, keys)
_SECTIONS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...],
                           tuple[str, ...]]] = {
    "themes": ("theme", "serves", GOAL_CATEGORIES, RISK_CATEGORIES, ("id", "title", "serves"),
               ("id", "title", "story", "serves", "keywords", "proof")),
    "tco": ("tco item", "answers", RISK_CATEGORIES, GOAL_CATEGORIES, ("id", "title", "answers"),
            ("id", "title", "answers", "detail", "keywords")),
    "risk_reducers": ("risk reducer", "answers", RISK_CATEGORIES, GOAL_CATEGORIES,
                      ("id", "title", "answers"), ("id", "title", "answers", "detail", "keywords")),
}


class _Where:
    """Best-effort line numbers for errors found after parsing (tomllib keeps no positions)."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def find(self, pattern: str, start: int = 0) -> int | None:
        rx = re.compile(pattern)
        for i in range(max(start, 0), len(self.lines)):
            if rx.search(self.lines[i]):
                return i
        return None

    def header(self, section: str, index: int) -> int | None:
        """The 0-based line of the index-th `[[section]]` header."""
        pos, seen = -1, -1
        while seen < index:
            found = self.find(rf"^\s*\[\[\s*{re.escape(section)}\s*\]\]", pos + 1)
            if found is None:
                return None
            pos, seen = found, seen + 1
        return pos

    def error(self, message: str, line: int | None = None) -> StoryError:
        where = f"{self.source}, line {line + 1}" if line is not None else self.source
        return StoryError(f"{where}: {message}")


def _value_line(where: _Where, start: int | None, value: str) -> int | None:
    if start is None:
        return None
    found = where.find(rf"""["']{re.escape(value)}["']""", start)
    return found if found is not None else start


def _text(where: _Where, value: Any, what: str, line: int | None, required: bool) -> str:
    if value is None:
        if required:
            raise where.error(f"{what} is missing", line)
        return ""
    if not isinstance(value, str):
        raise where.error(f"{what} must be text in quotes, got {value!r}", line)
    value = " ".join(value.split())
    if required and not value:
        raise where.error(f"{what} is empty", line)
    return value


def _strings(where: _Where, value: Any, what: str, line: int | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(f"{what} must be a list of texts in quotes, got {value!r}", line)
    return [" ".join(v.split()) for v in value if v.strip()]


def _check_keys(where: _Where, table: dict[str, Any], allowed: tuple[str, ...], what: str,
                line: int | None) -> None:
    for key in table:
        if key not in allowed:
            at = where.find(rf"^\s*{re.escape(key)}\s*=", line or 0)
            raise where.error(f"unknown field {key!r} in {what} (expected one of "
                              f"{', '.join(allowed)})", at if at is not None else line)


def _company(where: _Where, data: dict[str, Any]) -> Company:
    raw = data.get("company")
    line = where.find(r"^\s*\[\s*company\s*\]")
    if raw is None:
        raise where.error("the [company] table is missing (it needs name and plumb_line)")
    if not isinstance(raw, dict):
        raise where.error("company must be a table: [company] with name and plumb_line", line)
    _check_keys(where, raw, _COMPANY_KEYS, "[company]", line)
    return Company(name=_text(where, raw.get("name"), "[company] name", line, True),
                   plumb_line=_text(where, raw.get("plumb_line"), "[company] plumb_line", line,
                                    True),
                   website=_text(where, raw.get("website"), "[company] website", line, False))


def _entries(where: _Where, data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    label, cat_key, allowed, other, required, keys = _SECTIONS[section]
    raw = data.get(section, [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise where.error(f"{section} must be a list of tables: write each one under "
                          f"[[{section}]]",
                          where.find(rf"^\s*(\[\s*{section}\s*\]|{section}\s*=)"))
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(raw):
        line = where.header(section, index)
        ident = entry.get("id")
        what = f"{label} {ident!r}" if isinstance(ident, str) and ident.strip() \
            else f"{label} #{index + 1}"
        _check_keys(where, entry, keys, what, line)
        for key in required:
            if key not in entry:
                raise where.error(f"{what} is missing the field {key!r}", line)
        clean: dict[str, Any] = {"id": _text(where, ident, f"{what} id", line, True)}
        if clean["id"] in seen:
            raise where.error(f"duplicate {label} id {clean['id']!r} (also used by "
                              f"{label} #{seen[clean['id']] + 1})", line)
        seen[clean["id"]] = index
        clean["title"] = _text(where, entry.get("title"), f"{what} title", line, True)
        cats = _strings(where, entry.get(cat_key), f"{what} {cat_key}", line)
        if not cats:
            raise where.error(f"{what} {cat_key} is empty (use some of {', '.join(allowed)})",
                              line)
        for cat in cats:
            if cat not in allowed:
                hint = (f"{cat!r} is a {'risk' if other is RISK_CATEGORIES else 'goal'} "
                        "category; " if cat in other else "")
                kind = "goal" if allowed is GOAL_CATEGORIES else "risk"
                raise where.error(f"{what}: unknown {kind} category {cat!r} in {cat_key} "
                                  f"({hint}use one of {', '.join(allowed)})",
                                  _value_line(where, line, cat))
        clean[cat_key] = list(dict.fromkeys(cats))
        for key in keys:
            if key in ("id", "title", cat_key):
                continue
            if key in ("keywords", "proof"):
                clean[key] = _strings(where, entry.get(key), f"{what} {key}", line)
            else:
                clean[key] = _text(where, entry.get(key), f"{what} {key}", line, False)
        out.append(clean)
    return out


def parse_story(text: str, source: str = "<story>") -> Story:
    """Parse and validate a story; StoryError names the first problem."""
    where = _Where(text, source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        pos = _TOML_POS.search(msg)
        line = int(pos.group(1)) - 1 if pos else None
        raise where.error(f"not valid TOML: {_TOML_POS.sub('', msg)}", line) from None
    for key in data:
        if key not in _TOP_KEYS:
            raise where.error(f"unknown table {key!r} (expected {', '.join(_TOP_KEYS)})",
                              where.find(rf"^\s*\[*\s*{re.escape(key)}\b"))
    company = _company(where, data)
    themes = [Theme(**e) for e in _entries(where, data, "themes")]
    if not themes:
        raise where.error("the story needs at least one [[themes]] entry")
    tco = [TcoItem(**e) for e in _entries(where, data, "tco")]
    reducers = [RiskReducer(**e) for e in _entries(where, data, "risk_reducers")]
    return Story(company=company, themes=themes, tco=tco, risk_reducers=reducers)


def _read(path: Path) -> str:
    path = Path(path)
    if not path.exists():
        raise StoryError(f"story file not found: {path}")
    if not path.is_file():
        raise StoryError(f"not a file: {path}")
    try:
        if path.stat().st_size > MAX_STORY_BYTES:
            raise StoryError(f"{path} is too large for a story file "
                             f"(more than {MAX_STORY_BYTES // 1000} KB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise StoryError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoryError(f"{path} is not UTF-8 text; save it as UTF-8") from None


def load_story_file(path: Path) -> Story:
    """Read and validate a story file."""
    return parse_story(_read(path), str(path))


# -- the example ---------------------------------------------------------------------------------

def example_story_path() -> Path:
    """The commented example story shipped in templates/."""
    from prospect.resources import templates_dir

    return templates_dir() / EXAMPLE_NAME


def write_example(path: Path) -> Path:
    """Write the example story to `path` (`story init`); never overwrites a file."""
    path = Path(path)
    if path.exists():
        raise StoryError(f"{path} already exists; choose another path or remove it first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as fh:
            fh.write(example_story_path().read_text(encoding="utf-8"))
    except FileExistsError:
        raise StoryError(f"{path} already exists; choose another path or remove it first") \
            from None
    except OSError as exc:
        raise StoryError(f"cannot write {path}: {exc.strerror}") from None
    return path


# -- versions in the database --------------------------------------------------------------------

def store_story(session: Session, path: Path, actor: str | None = None) -> StoryVersion:
    """Validate the file, then save it as the newest story version (the active one)."""
    from sqlmodel import col, select

    from prospect.store import repo
    from prospect.store.models import StoryVersion

    text = _read(Path(path))
    story = parse_story(text, str(path))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    newest = session.exec(select(StoryVersion).order_by(col(StoryVersion.id).desc())).first()
    if newest is not None and newest.content_hash == digest:
        return newest  # the same file again: already the active version
    author = actor or repo.default_actor()
    sv = StoryVersion(company=story.company.name, toml=text, content_hash=digest, author=author)
    session.add(sv)
    session.flush()
    repo.log_event(session, "story.load", None, author, version=sv.id,
                   company=story.company.name, path=str(path))
    session.commit()
    session.refresh(sv)
    return sv


def active_story(session: Session) -> tuple[Story, StoryVersion] | None:
    """The newest stored story version, parsed; None when no story was loaded."""
    from sqlmodel import col, select

    from prospect.store.models import StoryVersion

    sv = session.exec(select(StoryVersion).order_by(col(StoryVersion.id).desc())).first()
    if sv is None:
        return None
    story = parse_story(sv.toml, f"story version {sv.id}")
    story.version = sv.id
    return story, sv


def story_dict(story: Story, sv: StoryVersion | None = None) -> dict[str, Any]:
    """The active story as JSON: the parsed story plus when and by whom it was loaded."""
    out = story.to_dict()
    if sv is not None:
        out["loaded_at"] = sv.loaded_at.isoformat(timespec="seconds") if sv.loaded_at else None
        out["author"] = sv.author
    return out
