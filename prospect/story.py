"""The company story (the plumb line): load and validate its TOML, store and fetch versions.

Validation stops at the first problem and names it (file, line where it can be found, entry
and value), so a user can fix the file; nothing is stored until the whole file is valid.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prospect.errors import StoryError
from prospect.vocab import GOAL_CATEGORIES, LANGS, RISK_CATEGORIES

if TYPE_CHECKING:
    from sqlmodel import Session

    from prospect.store.models import StoryVersion

MAX_STORY_BYTES = 1_000_000
MAX_ENTRIES = 500  # per section: a story is a few dozen promises, not a catalogue
EXAMPLE_NAME = "story.example.toml"
NO_STORY = "no company story loaded: run 'prospect story init' then 'prospect story load FILE'"


@dataclass
class Company:
    name: str
    plumb_line: str
    website: str = ""
    i18n: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)


@dataclass
class Theme:
    id: str
    title: str
    story: str = ""
    serves: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    proof: list[str] = field(default_factory=list)
    i18n: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)


@dataclass
class TcoItem:
    id: str
    title: str
    answers: list[str] = field(default_factory=list)
    detail: str = ""
    keywords: list[str] = field(default_factory=list)
    i18n: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)


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
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable copy (the shape of `story show --json`)."""
        out = asdict(self)
        out.pop("warnings", None)
        for part in [out["company"], *out["themes"], *out["tco"], *out["risk_reducers"]]:
            part.pop("i18n", None)
        return out

    def for_lang(self, lang: str) -> Story:
        """A copy whose texts are in `lang` where the story gives them, else in the other
        language (keywords keep every language: they match notes in either)."""
        def pick(obj: Any) -> Any:
            texts = {k: v[lang] for k, v in obj.i18n.items() if lang in v and k != "keywords"}
            return replace(obj, **texts) if texts else obj

        return replace(self, company=pick(self.company),
                       themes=[pick(t) for t in self.themes], tco=[pick(t) for t in self.tco],
                       risk_reducers=[pick(r) for r in self.risk_reducers])


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
        self._headers: dict[str, list[int]] = {}

    def find(self, pattern: str, start: int = 0) -> int | None:
        rx = re.compile(pattern)
        for i in range(max(start, 0), len(self.lines)):
            if rx.search(self.lines[i]):
                return i
        return None

    def header(self, section: str, index: int) -> int | None:
        """The 0-based line of the index-th `[[section]]` header."""
        if section not in self._headers:  # one pass per section, not one per entry
            rx = re.compile(rf"^\s*\[\[\s*{re.escape(section)}\s*\]\]")
            self._headers[section] = [i for i, line in enumerate(self.lines) if rx.search(line)]
        found = self._headers[section]
        return found[index] if 0 <= index < len(found) else None

    def error(self, message: str, line: int | None = None) -> StoryError:
        where = f"{self.source}, line {line + 1}" if line is not None else self.source
        return StoryError(f"{where}: {message}")


def _value_line(where: _Where, start: int | None, value: str) -> int | None:
    if start is None:
        return None
    found = where.find(rf"""["']{re.escape(value)}["']""", start)
    return found if found is not None else start


def _text(where: _Where, value: Any, what: str, line: int | None, required: bool,
          i18n: dict[str, dict[str, Any]] | None = None, key: str = "") -> str:
    if isinstance(value, dict) and i18n is not None:
        texts = _per_lang(where, value, what, line)
        texts = {lang: _text(where, v, f"{what} ({lang})", line, False)
                 for lang, v in texts.items()}
        texts = {lang: v for lang, v in texts.items() if v}
        if texts:
            i18n[key] = texts
        value = next(iter(texts.values()), None)
    if value is None:
        if required:
            raise where.error(f"{what} is missing", line)
        return ""
    if not isinstance(value, str):
        raise where.error(f"{what} must be text in quotes, got {_short(value)}", line)
    value = " ".join(value.split())
    if required and not value:
        raise where.error(f"{what} is empty", line)
    return value


def _per_lang(where: _Where, value: dict[str, Any], what: str, line: int | None
              ) -> dict[str, Any]:
    """A `{en = ..., es = ...}` table checked, in LANGS order."""
    for lang in value:
        if lang not in LANGS:
            raise where.error(f"{what}: unknown language {lang!r} (use {', '.join(LANGS)}, "
                              f'e.g. {{en = "...", es = "..."}})', line)
    return {lang: value[lang] for lang in LANGS if lang in value}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _strings(where: _Where, value: Any, what: str, line: int | None,
             i18n: dict[str, dict[str, Any]] | None = None, key: str = "") -> list[str]:
    if isinstance(value, dict) and i18n is not None:
        lists = {lang: _strings(where, v, f"{what} ({lang})", line)
                 for lang, v in _per_lang(where, value, what, line).items()}
        lists = {lang: v for lang, v in lists.items() if v}
        if lists:
            i18n[key] = lists
        if key == "keywords":  # keywords match notes in any language: keep them all
            return list(dict.fromkeys(w for v in lists.values() for w in v))
        return next(iter(lists.values()), [])
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(f"{what} must be a list of texts in quotes, got {_short(value)}",
                          line)
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
    i18n: dict[str, dict[str, Any]] = {}
    return Company(name=_text(where, raw.get("name"), "[company] name", line, True, i18n,
                              "name"),
                   plumb_line=_text(where, raw.get("plumb_line"), "[company] plumb_line", line,
                                    True, i18n, "plumb_line"),
                   website=_text(where, raw.get("website"), "[company] website", line, False),
                   i18n=i18n)


def _entries(where: _Where, data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    label, cat_key, allowed, other, required, keys = _SECTIONS[section]
    raw = data.get(section, [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise where.error(f"{section} must be a list of tables: write each one under "
                          f"[[{section}]]",
                          where.find(rf"^\s*(\[\s*{section}\s*\]|{section}\s*=)"))
    if len(raw) > MAX_ENTRIES:
        raise where.error(f"{len(raw)} [[{section}]] entries: a story holds at most "
                          f"{MAX_ENTRIES}; keep the promises a buyer can remember",
                          where.header(section, MAX_ENTRIES))
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
        i18n: dict[str, dict[str, Any]] = {}
        clean["title"] = _text(where, entry.get("title"), f"{what} title", line, True, i18n,
                               "title")
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
                clean[key] = _strings(where, entry.get(key), f"{what} {key}", line, i18n, key)
            else:
                clean[key] = _text(where, entry.get(key), f"{what} {key}", line, False, i18n,
                                   key)
        clean["i18n"] = i18n
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
    except RecursionError:
        raise where.error("not a story: arrays or tables nested too deeply") from None
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
    story = Story(company=company, themes=themes, tco=tco, risk_reducers=reducers)
    story.warnings = missing_translations(story)
    return story


_TRANSLATABLE = ("plumb_line", "title", "story", "proof", "detail")


def missing_translations(story: Story) -> list[str]:
    """One line per entry that lacks a language, in a story that gives texts per language
    anywhere (a story in one language needs no translation)."""
    parts: list[tuple[str, Any]] = [("[company]", story.company)]
    parts += [(f"theme {t.id!r}", t) for t in story.themes]
    parts += [(f"tco item {t.id!r}", t) for t in story.tco]
    parts += [(f"risk reducer {r.id!r}", r) for r in story.risk_reducers]
    if not any(obj.i18n for _, obj in parts):
        return []
    out = []
    for label, obj in parts:
        lacking = []
        for key in _TRANSLATABLE:
            if not getattr(obj, key, None):
                continue
            if key not in obj.i18n:
                lacking.append(f"{key} (one text for every language)")
            elif missing := [lang for lang in LANGS if lang not in obj.i18n[key]]:
                lacking.append(f"{key} (no {', '.join(missing)})")
        if lacking:
            out.append(f"{label} lacks a translation: {'; '.join(lacking)}")
    return out


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


def story_versions(session: Session, limit: int = 50) -> list[StoryVersion]:
    """The stored story versions, newest (the active one) first."""
    from sqlmodel import col, select

    from prospect.store.models import StoryVersion

    return list(session.exec(select(StoryVersion).order_by(col(StoryVersion.id).desc())
                             .limit(limit)).all())


def get_story_version(session: Session, version_id: int) -> StoryVersion:
    """One stored story version, by its number."""
    from prospect.errors import NotFound
    from prospect.store.models import StoryVersion

    sv = session.get(StoryVersion, version_id)
    if sv is None:
        raise NotFound(f"no story version {version_id}")
    return sv


def story_dict(story: Story, sv: StoryVersion | None = None) -> dict[str, Any]:
    """The active story as JSON: the parsed story plus when and by whom it was loaded."""
    out = story.to_dict()
    if sv is not None:
        out["loaded_at"] = sv.loaded_at.isoformat(timespec="seconds") if sv.loaded_at else None
        out["author"] = sv.author
    return out
