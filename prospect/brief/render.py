"""Render a brief model to HTML, Markdown or plain text through the jinja2 templates.

Templates read the typed `BriefModel` and the language's words (`L`); dates and addresses are
formatted by filters. They run under StrictUndefined, so a template mistake fails loudly
instead of printing blanks.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from typing import Any

from prospect import vocab
from prospect.brief.model import CITE, BriefModel, Meeting
from prospect.errors import InvalidValue
from prospect.labels import labels
from prospect.text import clip

FORMATS = ("html", "md", "txt", "pdf", "json")
TEXT_FORMATS = ("html", "md", "txt")
PAPERS = ("a4", "letter")


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


def brief_context(model: BriefModel, lang: str | None = None, paper: str = "a4") -> dict[str, Any]:
    """What a template sees: the model's parts, the words of `lang` (default: the model's)."""
    lang = check_lang(lang) or model.lang
    return {"lang": lang, "paper": check_paper(paper), "L": labels(lang),
            "date": format_date(model.date, lang), "prospect": model.prospect,
            "story": model.story, "who": model.who, "goals": model.goals, "risks": model.risks,
            "new": model.new_since_last, "first_brief": model.first_brief,
            "price": model.price, "sources": model.sources,
            "meeting": meeting_view(model.meeting, lang)}


def meeting_view(meeting: Meeting | None, lang: str) -> dict[str, str] | None:
    """The meeting a brief is for (optional): its local date, time span and title."""
    if meeting is None:
        return None
    try:
        start = datetime.fromisoformat(meeting.start)
        end = datetime.fromisoformat(meeting.end) if meeting.end else None
    except ValueError:
        return None
    span = start.strftime("%H:%M") + (f"–{end.strftime('%H:%M')}" if end else "")
    return {"date": format_date(start, lang), "time": f"{span} {meeting.zone}".strip(),
            "title": meeting.title}


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
                       txt=_txt, web=_plain_html, day=format_date, short_url=_short_url)
    return env


def _css(paper: str) -> str:
    from prospect.resources import templates_dir

    size = "A4" if paper == "a4" else "Letter"
    css = (templates_dir() / "brief.css").read_text(encoding="utf-8")
    return f"@page {{ size: {size}; }}\n{css}"


def render(model: BriefModel, fmt: str, *, lang: str | None = None,
           paper: str = "a4") -> str:
    """The brief as html, md, txt or json text."""
    fmt = check_format(fmt, (*TEXT_FORMATS, "json"))
    if fmt == "json":
        return json.dumps(model.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"
    v = brief_context(model, lang, paper)
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
