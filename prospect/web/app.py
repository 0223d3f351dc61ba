"""The workspace app: one Starlette application over the library, its templates and statics.

`create_app` opens the database once; each request works in its own Session. Routes live in
`views_*.py` beside this module and call the same library functions as the commands.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from prospect.errors import NotFound, ProspectError
from prospect.web.security import Guard, GuardMiddleware, allowed_hosts, request_value

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
    return request.app.state.web  # type: ignore[no-any-return]


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
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # stored times are UTC
    value = value.astimezone()
    return value.strftime("%-d %b %Y %H:%M" if with_time else "%-d %b %Y")


def _summary(detail: Any) -> str:
    from prospect.upkeep.history import summarise

    return summarise(detail, width=140)


def _environment() -> Environment:
    from prospect.store.models import GOAL_CATEGORIES, LANGS, NOTE_KINDS, RISK_CATEGORIES

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = when
    env.filters["day"] = lambda v: when(v, with_time=False)
    env.filters["summary"] = _summary
    env.globals.update(NOTE_KINDS=NOTE_KINDS, GOAL_CATEGORIES=GOAL_CATEGORIES,
                       RISK_CATEGORIES=RISK_CATEGORIES, LANGS=LANGS)
    return env


async def _user_error(request: Request, exc: Exception) -> Response:
    """A ProspectError becomes its one line, in the page's message area for htmx requests."""
    status = 404 if isinstance(exc, NotFound) else 400
    if is_htmx(request):
        return render(request, "_flash.html", status=200, message=str(exc), kind="error",
                      headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})
    return render(request, "error.html", status=status, message=str(exc))


async def _not_found(request: Request, exc: Exception) -> Response:
    return render(request, "error.html", status=404, message="There is no such page here.")


def routes() -> list[Any]:
    from prospect.web import views_brief, views_data, views_prospects

    return [*views_prospects.ROUTES, *views_brief.ROUTES, *views_data.ROUTES,
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]


def create_app(db_url: str, *, host: str = "127.0.0.1", port: int = 8765,
               token: str | None = None, actor: str | None = None,
               engine: Engine | None = None) -> Starlette:
    """The workspace over the database at `db_url`, answering only `host:port`."""
    from prospect.store import open_db

    guard = Guard(hosts=allowed_hosts(host, port), token=token or None)
    eng = engine or open_db(db_url)
    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if engine is None:
            eng.dispose()

    app = Starlette(routes=routes(), lifespan=lifespan,
                    exception_handlers={ProspectError: _user_error, 404: _not_found})
    app.state.web = Web(engine=eng, actor=actor, templates=_environment(), guard=guard)
    app.add_middleware(GuardMiddleware, guard=guard)
    return app


Handler = Callable[[Request], Any]
__all__ = ["Route", "Web", "create_app", "form", "render", "text", "web"]
