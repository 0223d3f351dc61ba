"""The workspace app: one Starlette application over the library, its templates and statics.

`create_app` opens the database once; each request works in its own Session. Routes live in
`views_*.py` beside this module and call the same library functions as the commands.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from prospect.errors import NotFound, ProspectError
from prospect.web.pages import HERE, Web, environment, is_htmx, render
from prospect.web.security import Guard, GuardMiddleware, allowed_hosts


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
    app.state.web = Web(engine=eng, actor=actor, templates=environment(), guard=guard)
    app.add_middleware(GuardMiddleware, guard=guard)
    return app

