"""What every route shares: the `Web` state, the parsed form, and pages rendered from the
templates with the CSRF token and the CSP nonce (routes import this, never `app`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse

from prospect.web.security import Guard, request_value

HERE = Path(__file__).resolve().parent


@dataclass
class Web:
    """What every route shares: the engine, who edits, the templates, running gathers."""

    engine: Engine
    actor: str | None
    templates: Environment
    guard: Guard
    jobs: dict[str, Any] = field(default_factory=dict)
    uploads: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine) as s:
            yield s


def web(request: Request) -> Web:
    found: Web = request.app.state.web
    return found


def form(request: Request) -> FormData:
    """The POST form the guard parsed and checked (empty for a GET)."""
    return request_value(request, "form") or FormData()


def text(request: Request, key: str) -> str:
    value = form(request).get(key)
    return value.strip() if isinstance(value, str) else ""


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def render(request: Request, template: str, status: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A template filled with `context`, the CSRF token and the CSP nonce."""
    tpl = web(request).templates.get_template(template)
    html = tpl.render(request=request, csrf=request_value(request, "csrf"),
                      nonce=request_value(request, "nonce"), authed=request_value(request,
                                                                                 "authed"),
                      **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def when(value: datetime | str | None, with_time: bool = True) -> str:
    """A date for people, in this machine's time zone: 3 Dec 2026 09:15; '' when unknown."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # stored times are UTC
    value = value.astimezone()
    return value.strftime("%-d %b %Y %H:%M" if with_time else "%-d %b %Y")


def _describe(event: dict[str, Any]) -> str:
    from prospect.upkeep.history import describe

    return describe(event["action"], event["detail"])


def environment() -> Environment:
    from prospect.vocab import GOAL_CATEGORIES, LANGS, NOTE_KINDS, RISK_CATEGORIES

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = when
    env.filters["day"] = lambda v: when(v, with_time=False)
    env.filters["describe"] = _describe
    env.globals.update(NOTE_KINDS=NOTE_KINDS, GOAL_CATEGORIES=GOAL_CATEGORIES,
                       RISK_CATEGORIES=RISK_CATEGORIES, LANGS=LANGS)
    return env
