"""`prospect extract FILE`: run extraction on a saved page, without storing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prospect.errors import InvalidValue, NotFound

MAX_FILE_BYTES = 20 * 1024 * 1024


def extract_file(path: str | Path, name: str, url: str | None = None,
                 company: str | None = None) -> dict[str, Any]:
    """The page result for a local HTML file, each kept sentence with its classification."""
    from prospect.analyse.kinds import note_kind
    from prospect.extract import Person, extract_page
    from prospect.text import squash
    from prospect.vocab import check_url

    if not squash(name or ""):
        raise InvalidValue("--name must be the person's name, got an empty value")
    p = Path(path).expanduser()
    if not p.exists():
        raise NotFound(f"no such file: {p}")
    if p.is_dir():
        raise InvalidValue(f"{p} is a folder; give the path of a saved .html page")
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise InvalidValue(f"{p} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                               "is it really a web page?")
        raw = p.read_bytes()
    except OSError as exc:
        raise InvalidValue(f"cannot read {p}: {exc.strerror or exc}") from None
    page_url = url or p.resolve().as_uri()
    if url:
        page_url = check_url(url)
    result = extract_page(raw, page_url, Person(squash(name), company))
    data = result.to_dict()
    data["file"] = str(p)
    data["url"] = page_url
    data["person"] = squash(name)
    for item in data["sentences"]:
        c = note_kind(item["text"], item["lang"])
        item.update(kind=c.kind, category=c.category, confidence=c.confidence)
    return data
