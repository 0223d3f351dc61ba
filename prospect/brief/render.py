"""Render a brief model to HTML, Markdown or plain text through the jinja2 templates.

The model (a JSON-able dict built by `prospect.brief.model`) is first turned into a `view`:
every optional key gets a default, labels and dates follow the language, so templates can run
under StrictUndefined and a template mistake fails loudly instead of printing blanks.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from typing import Any

from prospect import vocab
from prospect.errors import InvalidValue
from prospect.labels import labels
from prospect.text import clip

FORMATS = ("html", "md", "txt", "pdf", "json")
TEXT_FORMATS = ("html", "md", "txt")
PAPERS = ("a4", "letter")
CITE = re.compile(r"\[(\d{1,3})\]")


def check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> str:
    value = (fmt or "").strip().lower()
    if value not in allowed:
        raise InvalidValue(f"format must be one of {', '.join(allowed)}, got {fmt!r}")
    return value


def check_paper(paper: str) -> str:
    value = (paper or "").strip().lower()
    if value not in PAPERS:
        raise InvalidValue(f"paper must be one of {', '.join(PAPERS)}, got {paper!r}")
    return value


def check_lang(lang: str | None) -> str | None:
    """The brief language the user asked for (None: the prospect's own)."""
    return None if lang is None else vocab.check_lang(lang)


def format_date(value: str | date | datetime | None, lang: str) -> str:
    """"27 Nov 2026" in English, "27 nov 2026" in Spanish; '' when unknown or unreadable."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return ""
    months = labels(lang)["months"]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [p for p in (s.strip() for s in value.split("\n")) if p]
    return [" ".join(str(v).split()) for v in value if v]


def _ints(values: Any) -> list[int]:
    out = []
    for v in values or []:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            continue
    return out


def _item(raw: dict[str, Any], lang: str) -> dict[str, Any]:
    lab = labels(lang)
    category = raw.get("category") or ""
    answers = []
    for a in raw.get("answered_by") or []:
        kind = a.get("kind") or "theme"
        answers.append({"kind": kind, "kind_label": lab["kind"].get(kind, kind),
                        "title": str(a.get("title") or ""), "proof": _proof(a.get("proof"))})
    text = str(raw.get("text") or "")
    evidence = str(raw.get("evidence") or "")
    quoted = same_words(text, evidence)
    if quoted:
        # the builder quotes a web sentence as its own text: show the quote once
        text, evidence = max(text, evidence, key=len), ""
    return {
        "text": text,
        "quoted": quoted,
        "evidence": evidence,
        "category": category,
        # a role item's text already names its category ("Inferred from role (Finance): budget")
        "category_label": "" if raw.get("origin") == "role"
        else lab["category"].get(category, category.capitalize()),
        # the builder may already say "Inferred from role" in the text: say it once
        "inferred": raw.get("origin") == "role" and lab["inferred"].casefold()
        not in text.casefold(),
        "citations": _ints(raw.get("citations")),
        "answers": answers,
        "question": str(raw.get("question") or ""),
    }


def same_words(a: str, b: str) -> bool:
    """Whether two texts are the same sentence, one perhaps cut shorter ("…") than the other."""
    def norm(t: str) -> str:
        return " ".join(CITE.sub("", t).replace("…", " ").strip(" \"“”«»'").split())

    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) or a == b


def _proof(value: Any) -> str:
    if isinstance(value, list | tuple):
        return str(value[0]) if value else ""
    return str(value or "")


def _links(p: dict[str, Any]) -> list[dict[str, str]]:
    links: list[dict[str, str]] = []
    if p.get("email"):
        links.append({"text": str(p["email"]), "href": ""})
    seen = set()
    for f in p.get("facts") or []:
        if f.get("field") in ("url", "same_as") and f.get("value"):
            value = str(f["value"]).strip()
            if value in seen:
                continue
            seen.add(value)
            safe = value.lower().startswith(("http://", "https://"))
            links.append({"text": re.sub(r"^https?://(www\.)?", "", value).rstrip("/"),
                          "href": value if safe else ""})
    return links[:4]


def view(model: dict[str, Any], lang: str | None = None, paper: str = "a4") -> dict[str, Any]:
    """The template-ready form of a brief model (defaults filled, labels and dates localised)."""
    lang = check_lang(lang) or model.get("lang") or (model.get("prospect") or {}).get("lang")
    lang = vocab.known_lang(lang) or "en"
    lab = labels(lang)
    p = model.get("prospect") or {}
    story = model.get("story") or {}
    new = [{"change": n.get("change") or "added",
            "change_label": lab["change"].get(n.get("change") or "added", n.get("change")),
            "text": str(n.get("text") or ""), "citations": _ints(n.get("citations"))}
           for n in model.get("new_since_last") or []]
    sources = [{"n": s.get("n", i + 1), "url": str(s.get("url") or ""),
                "title": str(s.get("title") or ""),
                "seen": format_date(s.get("seen_at"), lang),
                "short": _short_url(str(s.get("url") or ""))}
               for i, s in enumerate(model.get("sources") or [])]
    return {
        "lang": lang, "paper": check_paper(paper), "L": lab,
        "date": format_date(model.get("date") or date.today().isoformat(), lang),
        "prospect": {"name": str(p.get("name") or ""), "title": str(p.get("title") or ""),
                     "company": str(p.get("company") or ""),
                     "location": str(p.get("location") or ""), "links": _links(p)},
        "story": {"company": str(story.get("company") or ""),
                  "plumb_line": str(story.get("plumb_line") or ""),
                  "loaded": story.get("loaded", True) is not False},
        "who": [_who_line(line) for line in _as_list(model.get("who"))],
        "goals": [_item(g, lang) for g in model.get("goals") or []],
        "risks": [_item(r, lang) for r in model.get("risks") or []],
        "new": new,
        "first_brief": bool(model.get("first_brief")),
        "price": _as_list(model.get("price")),
        "sources": sources,
        "meeting": meeting_view(model.get("meeting"), lang),
    }


def meeting_view(meeting: dict[str, Any] | None, lang: str) -> dict[str, str] | None:
    """The meeting a brief is for (optional): its local date, time span and title."""
    if not meeting or not meeting.get("start"):
        return None
    try:
        start = datetime.fromisoformat(str(meeting["start"]))
        end = datetime.fromisoformat(str(meeting["end"])) if meeting.get("end") else None
    except ValueError:
        return None
    span = start.strftime("%H:%M") + (f"–{end.strftime('%H:%M')}" if end else "")
    zone = str(meeting.get("zone") or "")
    return {"date": format_date(start, lang), "time": f"{span} {zone}".strip(),
            "title": str(meeting.get("title") or "")}


_OUR_CITES = re.compile(r"((?:\s\[\d{1,3}\])+)$")


def _who_line(line: str) -> dict[str, Any]:
    """A "who" line split into its text and the citation markers the builder appended."""
    m = _OUR_CITES.search(line)
    if not m:
        return {"text": line, "citations": []}
    return {"text": line[: m.start()].rstrip(), "citations": _ints(CITE.findall(m.group(1)))}


def _short_url(url: str) -> str:
    return clip(re.sub(r"^https?://(www\.)?", "", url).rstrip("/"), 70)


# -- jinja ---------------------------------------------------------------------------------------

def _cite_html(text: str) -> Any:
    """Escape `text`, then turn our own "[n]" markers into superscripts."""
    from markupsafe import Markup, escape

    return Markup(CITE.sub(r'<sup class="cite">[\1]</sup>', str(escape(text))))


# every character that can start Markdown or HTML syntax, or take part in an autolink
_MD_META = re.compile(r"([\\`*_{}\[\]()<>#|!~&@:])")
_MD_DOT = re.compile(r"(?<=\w)\.(?=\w)")  # acme.com, www.x: a domain a renderer may link
_MD_LINE_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")
_TXT_META = re.compile(r"([\\`\[\]<>@])")
_TXT_LINK = re.compile(r"(?<=\w)(:)(?=//)|(?<=\bwww)\.")  # http://, www.: GFM autolinks


def _md(text: str) -> str:
    """Web text as inert Markdown: every metacharacter escaped, so no link, image, HTML,
    emphasis or "[n]" citation can come from it; only our own markers stay live."""
    text = " ".join(str(text).split())
    text = _MD_META.sub(r"\\\1", text)
    text = _MD_DOT.sub(r"\\.", text)
    # a text that starts a line must not start a list, a heading underline or a rule
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1)
                              else f"\\{m.group(3)}", text)


def _txt(text: str) -> str:
    """Web text for the plain-text brief: readable, yet inert if a CRM renders it as
    Markdown (no link, HTML tag or "[n]" citation can come from it)."""
    text = " ".join(str(text).split())
    text = _TXT_META.sub(r"\\\1", text)
    text = _TXT_LINK.sub(lambda m: "\\" + m.group(), text)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1)
                              else f"\\{m.group(3)}", text)


def _plain_html(text: str) -> Any:
    """Web text for HTML: escaped, and a "[n]" in it stays text (no fake citation)."""
    from markupsafe import escape

    return escape(text)


def _md_url(url: str) -> str:
    return re.sub(r"[\s<>()\[\]]", lambda m: f"%{ord(m.group()):02X}", url)


def _cites(values: list[int]) -> str:
    return "".join(f"[{n}]" for n in values)


def _wrap(text: str, width: int = 80, indent: str = "", first: str | None = None) -> str:
    import textwrap

    return textwrap.fill(" ".join(str(text).split()), width=width,
                         initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_long_words=True,
                         break_on_hyphens=False)


@cache
def _env(autoescape: bool) -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from prospect.resources import templates_dir

    env = Environment(loader=FileSystemLoader(str(templates_dir())), undefined=StrictUndefined,
                      autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(cite=_cite_html, md=_md, md_url=_md_url, cites=_cites, wrap=_wrap,
                       txt=_txt, web=_plain_html)
    return env


def _css(paper: str) -> str:
    from prospect.resources import templates_dir

    size = "A4" if paper == "a4" else "Letter"
    css = (templates_dir() / "brief.css").read_text(encoding="utf-8")
    return f"@page {{ size: {size}; }}\n{css}"


def render(model: dict[str, Any], fmt: str, *, lang: str | None = None,
           paper: str = "a4") -> str:
    """The brief as html, md, txt or json text."""
    fmt = check_format(fmt, (*TEXT_FORMATS, "json"))
    if fmt == "json":
        return json.dumps(model, ensure_ascii=False, indent=2, default=str) + "\n"
    v = view(model, lang, paper)
    if fmt == "html":
        from markupsafe import Markup

        # the stylesheet is ours and inlined so the file stands alone
        v["css"] = Markup(_css(v["paper"]).replace("</", "<\\/"))
    text = _env(fmt == "html").get_template(f"brief.{fmt}.j2").render(**v)
    if fmt != "html":
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)  # empty sections leave blank runs behind
    return text


def render_page(template: str, *, paper: str = "a4", **context: Any) -> str:
    """Another HTML page in the brief's style and stylesheet (a meeting pack's cover)."""
    from markupsafe import Markup

    paper = check_paper(paper)
    css = Markup(_css(paper).replace("</", "<\\/"))
    return _env(True).get_template(template).render(paper=paper, css=css, **context)
