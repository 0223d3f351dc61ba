"""Fuzz targets: each takes the fuzzer's bytes and feeds one parser that the user or the web
can reach. A ProspectError is the parser saying no, as it should; any other exception (or a
broken promise, raised as AssertionError) is a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parent / "seeds"


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes], None]
    seeds: tuple[Path, ...]  # folders (or files) of starting inputs
    doc: str


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _split(data: bytes) -> tuple[str, bytes]:
    """A short label (up to the first NUL, at most 40 bytes) and the rest."""
    head, _, rest = data.partition(b"\0")
    return head[:40].decode("latin-1"), rest


def extract_page(data: bytes) -> None:
    from prospect.extract import Person
    from prospect.extract import extract_page as run

    run(data, "https://acme.example/team/ana", Person("Ana García Rojas", "Acme", "CFO", "es"),
        "text/html")


def csv_import(data: bytes) -> None:
    from prospect.errors import ProspectError
    from prospect.upkeep.importer import parse_csv

    try:
        parse_csv(_text(data))
    except ProspectError:
        pass


def vcard_import(data: bytes) -> None:
    from prospect.upkeep.vcard import parse_vcards

    parse_vcards(_text(data))


def story(data: bytes) -> None:
    from prospect.errors import ProspectError
    from prospect.story import parse_story

    try:
        parse_story(_text(data), "fuzz.toml")
    except ProspectError:
        pass


def decode_body(data: bytes) -> None:
    from prospect.decode import decode_body as run

    label, body = _split(data)
    text, encoding = run(body, f"text/html; charset={label}")
    assert isinstance(text, str) and encoding


def inflate(data: bytes) -> None:
    import zlib

    from prospect.decode import inflater_for

    label, body = _split(data)
    inf = inflater_for(label or "gzip")
    if inf is None or isinstance(inf, str):
        return
    room = 1 + (len(body) * 7) % 65536
    try:
        out = inf.feed(body, room)
    except zlib.error:
        return
    assert len(out) <= room


def md_escape(data: bytes) -> None:
    """Web text in every field of a brief: the Markdown may link to our sources only."""
    from markdown_it import MarkdownIt

    from prospect.brief.model import BriefModel
    from prospect.brief.render import render

    text = _text(data)[:300]
    url = "https://example.org/a"
    model = {"prospect": {"name": text, "title": text, "company": text,
                          "facts": [{"field": "url", "value": text}]},
             "story": {"company": text, "plumb_line": text}, "who": [text + " [1]"],
             "goals": [{"text": text, "evidence": text, "category": "growth", "origin": "web",
                        "citations": [1], "question": text,
                        "answered_by": [{"kind": "theme", "title": text, "proof": text}]}],
             "risks": [], "new_since_last": [{"text": text, "citations": [1]}],
             "price": [text], "sources": [{"n": 1, "url": url, "title": text}]}
    md = MarkdownIt("gfm-like")
    for fmt in ("md", "txt"):
        for tok in md.parse(render(BriefModel.from_json(model), fmt)):
            assert tok.type != "html_block", (fmt, tok.content)
            for child in tok.children or []:
                assert child.type not in ("html_inline", "image"), (fmt, child.content)
                if child.type == "link_open" and fmt == "md":
                    assert child.attrs.get("href") == url, (fmt, child.attrs)


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("extract_page", extract_page, (ROOT / "tests" / "pages",),
           "facts and sentences from a page's bytes"),
    Target("csv_import", csv_import, (SEEDS / "csv",), "contacts from a CSV export"),
    Target("vcard_import", vcard_import, (SEEDS / "vcard",), "contacts from vCards"),
    Target("story", story, (ROOT / "templates" / "story.example.toml",), "the story loader"),
    Target("decode_body", decode_body, (), "a page's charset, however it is labelled"),
    Target("inflate", inflate, (), "one layer of gzip/deflate under a size cap"),
    Target("md_escape", md_escape, (), "web text in the Markdown and text briefs"),
)}


def seed_inputs(target: Target) -> list[bytes]:
    """The starting inputs of a target (files in its seed folders)."""
    out: list[bytes] = []
    for place in target.seeds:
        files = sorted(place.iterdir()) if place.is_dir() else [place]
        out += [f.read_bytes() for f in files if f.is_file() and f.suffix != ".json"]
    return out or [b"", b"<p>Ana Garc\xc3\xada</p>", b"gzip\0\x1f\x8b\x08\0"]
