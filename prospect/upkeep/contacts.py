"""Reading contact files: bytes to text (BOMs, UTF-16/32, old Excel, binary refused) and CSV rows.

A `Row` is one contact as read from a file; the vCard reader (`upkeep/vcard.py`) makes the same.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from prospect.errors import InvalidValue
from prospect.text import fold, squash

MAX_BYTES = 50 * 1024 * 1024
_QUOTED_FORMULA = ("'=", "'+", "'-", "'@")
# BOMs, longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# file signatures of what people pick by mistake, and what to do instead
_NOT_TEXT = ((b"PK\x03\x04", "a ZIP archive or an Excel workbook (.xlsx): save it as CSV first"),
             (b"\xd0\xcf\x11\xe0", "an old Excel or Word file (.xls): save it as CSV first"),
             (b"%PDF", "a PDF document"))
_PARAGRAPHS = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

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
    "phone": ["phone", "phone number", "telephone", "work phone", "business phone",
              "mobile", "mobile phone", "mobile phone number", "telefono", "movil"],
    "owner": ["owner", "contact owner", "hubspot owner", "account owner", "lead owner",
              "record owner", "owner name", "propietario", "responsable"],
    "stage": ["stage", "lifecycle stage", "lead status", "deal stage", "status", "lead stage",
              "etapa", "estado", "fase"],
    "notes": ["notes", "note", "comments", "comment", "description", "notas", "nota",
              "comentarios", "observaciones"],
}.items():
    for _name in _names:
        HEADERS[" ".join(re.findall(r"[a-z0-9]+", _name))] = _field


@dataclass
class Row:
    """One contact read from a file, with the line it starts on."""

    line: int
    values: dict[str, str]
    urls: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def header_field(header: str) -> str | None:
    """Our field for a CSV column header, or None when we do not use that column."""
    return HEADERS.get(" ".join(re.findall(r"[a-z0-9]+", fold(header or ""))))


def split_notes(text: str) -> list[str]:
    """Notes from one cell or NOTE: paragraphs (blank-line separated) are separate notes."""
    return [n for n in (squash(p) for p in _PARAGRAPHS.split(text)) if n]


def read_text(path: Path) -> str:
    """The text of a contact file (see `decode`); clear errors for what cannot be read."""
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
    return decode(raw, path.name)


def decode(raw: bytes, name: str = "the file") -> str:
    """Text by BOM (UTF-8, UTF-16 and UTF-32, either byte order), else UTF-8, else Windows-1252
    (old Excel exports); UTF-16 without a BOM is recognised by its zero bytes. Binary files
    (spreadsheets, archives, images) are refused with one line that says what to do."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise InvalidValue(f"{name} starts as {encoding.upper()} text but is not valid "
                                   f"{encoding.upper()}; save it again as CSV (UTF-8)") from None
    for magic, what in _NOT_TEXT:
        if raw.startswith(magic):
            raise InvalidValue(f"{name} is {what}, not a CSV or vCard file")
    text = _utf16_without_bom(raw)
    if text is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        raise InvalidValue(f"{name} looks binary, not like a CSV or vCard text file; "
                           "export your contacts as CSV or vCard (.vcf)")
    # a stray control character (PostgreSQL refuses NUL in text) is noise, never content
    return _CONTROL.sub("", text)


def _utf16_without_bom(raw: bytes) -> str | None:
    head = raw[:4096]
    if len(head) < 4 or head.count(0) < len(head) // 3:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # text in Latin script has a zero in every other byte: odd positions for LE, even for BE
    encoding = "utf-16-le" if odd > 0.8 * len(head[1::2]) else \
        "utf-16-be" if even > 0.8 * len(head[0::2]) else None
    if encoding is None:
        return None
    try:
        return raw[: len(raw) - len(raw) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None


def parse_csv(text: str) -> list[Row]:
    """Contacts from CSV text; finds the header row (LinkedIn puts notes above it)."""
    lines = re.split(r"(?<=\n)", text, maxsplit=20)
    start, delim, fields = _header(lines[:20])
    reader = csv.reader(io.StringIO("".join(lines[start + 1:])), delimiter=delim)
    rows = []
    consumed = 0
    try:
        for record in reader:
            line = start + 2 + consumed  # 1-based line the record starts on
            consumed = reader.line_num
            if any(v.strip() for v in record):
                rows.append(_row(line, fields, record))
    except csv.Error as exc:
        raise InvalidValue(f"line {start + 2 + consumed} is not valid CSV ({exc}); "
                           "is this really a CSV file?") from None
    return rows


def _row(line: int, fields: list[str | None], record: list[str]) -> Row:
    row = Row(line, {})
    for f, v in zip(fields, record, strict=False):
        if not f or not v.strip() or f in row.values:
            continue
        if f == "notes":
            row.notes = split_notes(v)
            row.values[f] = "y"  # column seen, so a second notes column does not add more
            continue
        # most cells are already clean; squash (a regex) only those that are not
        v = v.strip() if v.isprintable() and "  " not in v else squash(v)
        # undo the quote our export (and careful CRMs) put before formula-like text
        row.values[f] = v[1:] if v[:2] in _QUOTED_FORMULA else v
    row.values.pop("notes", None)
    return row


def _header(lines: list[str]) -> tuple[int, str, list[str | None]]:
    """Index, delimiter and our fields of the first line that looks like a contact header."""
    for i, line in enumerate(lines):
        delim = ";" if line.count(";") > line.count(",") else ","
        try:
            names = next(csv.reader([line], delimiter=delim), [])
        except csv.Error:
            continue
        fields = [header_field(h) for h in names]
        # a lone name column counts only on the first line: LinkedIn's preamble has prose
        if any(f in ("full", "first", "last") for f in fields) and (
                i == 0 or sum(map(bool, fields)) >= 2):
            return i, delim, fields
    if not "".join(lines).strip():
        raise InvalidValue("the file is empty: nothing to import")
    raise InvalidValue("no header row with a name column found (expected e.g. "
                       "'First Name,Last Name,Company,Email')")
