"""Export prospects for a CRM: CSV with CRM-friendly headers, vCard 4.0, or JSON of everything."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlmodel import Session

from prospect.errors import InvalidValue
from prospect.store.models import Prospect, utcnow
from prospect.upkeep import vcard

CRM_FORMATS = ("csv", "json", "vcard")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADERS = ("First Name", "Last Name", "Full Name", "Company", "Job Title", "Email",
               "Website", "LinkedIn URL", "Location", "Language", "Phone", "Owner", "Stage",
               "Notes", "Prospect Slug")


def split_name(name: str) -> tuple[str, str]:
    """First word is the first name; the rest (one or two Spanish surnames) the last name."""
    parts = name.split()
    if len(parts) < 2:
        return name, ""
    return parts[0], " ".join(parts[1:])


def _linkedin(profile: dict[str, Any]) -> str:
    urls = [s["url"] for s in profile["sources"]] + [
        f["value"] for f in profile["facts"] if f["field"] in ("same_as", "url")]
    return next((u for u in urls if "linkedin.com/" in u.lower()), "")


def _website(p: Prospect) -> str:
    if not p.company_domain:
        return ""
    return p.company_domain if "://" in p.company_domain else f"https://{p.company_domain}"


def cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (web text is untrusted)."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _import_notes(profile: dict[str, Any]) -> list[str]:
    """The notes that came from a CRM go back to it; research notes stay in prospect."""
    return [n["text"] for n in profile.get("notes", []) if n.get("origin") == "import"]


def _csv_row(p: Prospect, profile: dict[str, Any]) -> list[str]:
    first, last = split_name(p.name)
    # one note per paragraph: the importer reads blank-line-separated paragraphs as notes
    notes = "\n\n".join(_import_notes(profile))
    return [cell(v) for v in (first, last, p.name, p.company or "", p.title or "", p.email or "",
                              _website(p), _linkedin(profile), p.location or "", p.lang,
                              p.phone or "", p.owner or "", p.stage or "", notes, p.slug)]


def _vcard(p: Prospect, profile: dict[str, Any]) -> str:
    first, last = split_name(p.name)
    props = [("UID", vcard.stable_uid(p.slug)), ("FN", vcard.escape(p.name)),
             ("N", f"{vcard.escape(last)};{vcard.escape(first)};;;"),
             ("ORG", vcard.escape(p.company or "")), ("TITLE", vcard.escape(p.title or "")),
             ("EMAIL;TYPE=work", p.email or ""), ("URL;TYPE=work", _website(p)),
             ("LANG", p.lang)]
    linkedin = _linkedin(profile)
    if linkedin:
        props.append(("X-SOCIALPROFILE;TYPE=linkedin", linkedin))
    if p.location:
        props.append(("ADR;TYPE=work", f";;;{vcard.escape(p.location)};;;"))
    props += [("TEL;TYPE=work", vcard.escape(p.phone or "")),
              (vcard.OWNER, vcard.escape(p.owner or "")),
              (vcard.STAGE, vcard.escape(p.stage or ""))]
    props += [("NOTE", vcard.escape(text)) for text in _import_notes(profile)]
    props.append(("REV", p.updated_at.strftime("%Y%m%dT%H%M%SZ")))
    return vcard.card(props)


def export_crm(session: Session, prospects: Sequence[Prospect], fmt: str,
               path: Path) -> list[Path]:
    """Write `prospects` to `path` as csv, json or vcard (one file for all); returns the files."""
    from prospect.store.repo import prospect_dict

    fmt = fmt.strip().lower()
    if fmt in ("vcf", "vcards"):
        fmt = "vcard"
    if fmt not in CRM_FORMATS:
        raise InvalidValue(f"CRM export format must be one of {', '.join(CRM_FORMATS)}, "
                           f"got {fmt!r}")
    if not prospects:
        raise InvalidValue("nothing to export: name prospects or use --all")
    profiles = [{**prospect_dict(session, p), "phone": p.phone, "owner": p.owner,
                 "stage": p.stage} for p in prospects]
    path = Path(path)
    if path.is_dir():
        example = path / f"prospects.{'vcf' if fmt == 'vcard' else fmt}"
        raise InvalidValue(f"{path} is a folder; give a file name, e.g. {example}")
    if not path.parent.is_dir():
        raise InvalidValue(f"the folder {path.parent} does not exist")
    tmp = path.with_name(path.name + ".part")
    try:
        if fmt == "csv":
            # utf-8-sig: Excel (and CRMs fed from it) read accents right only with the BOM
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(CSV_HEADERS)
                writer.writerows(_csv_row(p, d) for p, d in zip(prospects, profiles, strict=True))
        elif fmt == "json":
            tmp.write_text(json.dumps({"exported_at": utcnow().isoformat(timespec="seconds"),
                                       "prospects": profiles}, ensure_ascii=False, indent=2,
                                      default=str) + "\n", encoding="utf-8")
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                fh.writelines(_vcard(p, d) for p, d in zip(prospects, profiles, strict=True))
        tmp.replace(path)  # never leave a half-written export under the real name
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidValue(f"cannot write {path}: {exc.strerror}") from None
    return [path]
