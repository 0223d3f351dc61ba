"""Helpers for the extract tests: the sample pages under tests/pages and a one-call extractor."""

from __future__ import annotations

from pathlib import Path

from prospect.extract import PageResult, Person, extract_page

PAGES = Path(__file__).resolve().parent / "pages"


def page_bytes(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def run(name: str, url: str, person: str, company: str | None = None,
        folder: Path = PAGES) -> PageResult:
    """extract_page on a page file (ours by default, or one from `folder`)."""
    return extract_page((folder / name).read_bytes(), url, Person(person, company))


def fields(result: PageResult) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in result.facts:
        out.setdefault(f.field, []).append(f.value)
    return out


def kept(result: PageResult) -> list[str]:
    return [s.text for s in result.sentences]


def reasons(result: PageResult) -> dict[str, str]:
    """Every sentence (kept or dropped) -> why."""
    out = {s.text: s.reason for s in result.sentences}
    out.update({d.text: d.reason for d in result.dropped})
    return out
