"""Import prospects from a CRM export: CSV (HubSpot, Salesforce, LinkedIn) or vCard (.vcf).

Rows are matched to existing prospects by e-mail, else by name and company, and update them;
rows without a name are skipped and reported by line number.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, select

from prospect.errors import InvalidValue
from prospect.store.models import LANGS, Prospect, Source
from prospect.store.repo import ProspectInput, add_prospect, default_actor, log_event
from prospect.text import fold, slugify, squash

COMMIT_EVERY = 200
_QUOTED_FORMULA = ("'=", "'+", "'-", "'@")
MAX_BYTES = 50 * 1024 * 1024

# folded header (letters and digits only) -> our field; HubSpot, Salesforce, LinkedIn and
# Spanish-language exports
HEADERS: dict[str, str] = {}
for _field, _names in {
    "first": ["first name", "firstname", "first", "given name", "nombre de pila", "nombre"],
    "last": ["last name", "lastname", "last", "surname", "family name", "apellido", "apellidos"],
    "full": ["name", "full name", "fullname", "contact name", "contact", "nombre completo"],
    "company": ["company", "company name", "account name", "account", "organization",
                "organisation", "associated company", "current company", "empresa",
                "compania", "organizacion"],
    "title": ["title", "job title", "jobtitle", "position", "role", "cargo", "puesto",
              "current position"],
    "email": ["email", "email address", "e mail", "e mail address", "work email",
              "business email", "correo", "correo electronico"],
    "website": ["website", "website url", "web site", "company website", "company domain name",
                "domain", "sitio web", "web"],
    "linkedin": ["linkedin url", "linkedin", "linkedin profile", "linkedin profile url",
                 "person linkedin url", "profile url", "url", "linkedin bio"],
    "city": ["city", "mailing city", "ciudad"],
    "country": ["country", "country region", "mailing country", "pais"],
    "location": ["location", "ubicacion", "region"],
    "lang": ["language", "preferred language", "idioma"],
}.items():
    for _name in _names:
        HEADERS[" ".join(re.findall(r"[a-z0-9]+", _name))] = _field


def header_field(header: str) -> str | None:
    """Our field for a CSV column header, or None when we do not use that column."""
    return HEADERS.get(" ".join(re.findall(r"[a-z0-9]+", fold(header or ""))))


@dataclass
class Row:
    """One contact read from a file, with the line it starts on."""

    line: int
    values: dict[str, str]
    urls: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": [{"line": n, "reason": r} for n, r in self.skipped]}


def read_text(path: Path) -> str:
    """The file's text: UTF-8 with or without BOM, else Windows-1252 (old Excel exports)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidValue(f"{path} is larger than {MAX_BYTES // 1024 // 1024} MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidValue(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidValue(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise InvalidValue(f"cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_csv(text: str) -> list[Row]:
    """Contacts from CSV text; finds the header row (LinkedIn puts notes above it)."""
    lines = re.split(r"(?<=\n)", text, maxsplit=20)
    start, delim, fields = _header(lines[:20])
    reader = csv.reader(io.StringIO("".join(lines[start + 1:])), delimiter=delim)
    rows = []
    consumed = 0
    for record in reader:
        line = start + 2 + consumed  # 1-based line the record starts on
        consumed = reader.line_num
        if not any(v.strip() for v in record):
            continue
        values: dict[str, str] = {}
        for f, v in zip(fields, record, strict=False):
            if f and v.strip() and f not in values:
                v = squash(v)
                # undo the quote our export (and careful CRMs) put before formula-like text
                values[f] = v[1:] if v[:2] in _QUOTED_FORMULA else v
        rows.append(Row(line, values))
    return rows


def _header(lines: list[str]) -> tuple[int, str, list[str | None]]:
    """Index, delimiter and our fields of the first line that looks like a contact header."""
    for i, line in enumerate(lines):
        delim = ";" if line.count(";") > line.count(",") else ","
        fields = [header_field(h) for h in next(csv.reader([line], delimiter=delim), [])]
        # a lone name column counts only on the first line: LinkedIn's preamble has prose
        if any(f in ("full", "first", "last") for f in fields) and (
                i == 0 or sum(map(bool, fields)) >= 2):
            return i, delim, fields
    raise InvalidValue("no header row with a name column found (expected e.g. "
                       "'First Name,Last Name,Company,Email')")


def import_file(session: Session, path: Path, actor: str | None = None) -> ImportResult:
    """Create or update prospects from a CSV or vCard file; commits in batches."""
    from prospect.upkeep.vcard import parse_vcards

    text = read_text(path)
    is_vcard = path.suffix.lower() in (".vcf", ".vcard") or text.lstrip().upper().startswith(
        "BEGIN:VCARD")
    rows = parse_vcards(text) if is_vcard else parse_csv(text)
    actor = actor or default_actor()
    result = ImportResult()
    for i, row in enumerate(rows, 1):
        _apply(session, row, result, actor)
        if i % COMMIT_EVERY == 0:
            session.commit()  # short transactions: other prospect processes keep working
    log_event(session, "import", None, actor, file=path.name, created=len(result.created),
              updated=len(result.updated), skipped=len(result.skipped))
    session.commit()
    return result


def _profile(row: Row) -> dict[str, str | None]:
    v = row.values
    name = v.get("full") or squash(f"{v.get('first', '')} {v.get('last', '')}")
    location = v.get("location") or ", ".join(x for x in (v.get("city"), v.get("country")) if x)
    lang = fold(v.get("lang") or "")[:2]
    lang = "es" if lang == "sp" else lang  # "Spanish"
    website = v.get("website")
    return {"name": name, "company": v.get("company"), "title": v.get("title"),
            "email": (v.get("email") or "").lower() or None, "location": location or None,
            "company_domain": _domain(website) if website else None,
            "lang": lang if lang in LANGS else None}


def _domain(website: str) -> str | None:
    url = website if "://" in website else f"https://{website}"
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _urls(row: Row) -> list[str]:
    out = []
    for raw in [row.values.get("linkedin", ""), *row.urls]:
        raw = raw.strip()
        if not raw:
            continue
        url = raw if "://" in raw else f"https://{raw}"
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname and "." in parts.hostname:
            out.append(url)
    return list(dict.fromkeys(out))


def _find(session: Session, prof: dict[str, str | None]) -> Prospect | None:
    if prof["email"]:
        found = session.exec(select(Prospect).where(
            func.lower(Prospect.email) == prof["email"]).limit(1)).first()
        if found is not None:
            return found
    key = (fold(prof["name"] or ""), fold(prof["company"] or ""))
    # same name means same slug stem, so the slug index narrows the candidates
    slug_prefix = slugify(prof["name"] or "")
    candidates = session.exec(select(Prospect).where(
        (Prospect.slug == slug_prefix) | Prospect.slug.like(f"{slug_prefix}-%"))).all()  # type: ignore[attr-defined]
    for p in candidates:
        if (fold(p.name), fold(p.company or "")) == key:
            return p
    return None


def _apply(session: Session, row: Row, result: ImportResult, actor: str) -> None:
    prof = _profile(row)
    if not prof["name"]:
        result.skipped.append((row.line, "no name"))
        return
    urls = _urls(row)
    existing = _find(session, prof)
    if existing is None:
        data = {k: v for k, v in prof.items() if v is not None}
        p = add_prospect(session, ProspectInput(**data), urls=urls, actor=actor,
                         url_origin="import")
        result.created.append(p.slug)
        return
    diff = {}
    for key, value in prof.items():
        if value and key != "name" and getattr(existing, key) != value:
            diff[key] = [getattr(existing, key), value]
            setattr(existing, key, value)
    have = set(session.exec(select(Source.url).where(Source.prospect_id == existing.id)).all())
    new_urls = [u for u in urls if u not in have]
    for url in new_urls:
        session.add(Source(prospect_id=existing.id, url=url, origin="import"))  # type: ignore[arg-type]
    if diff or new_urls:
        from prospect.store.models import utcnow

        existing.updated_at = utcnow()
        session.add(existing)
        log_event(session, "prospect.edit", existing.id, actor, changes=diff, urls=new_urls,
                  via="import")
        session.flush()
        result.updated.append(existing.slug)
    else:
        result.unchanged.append(existing.slug)
