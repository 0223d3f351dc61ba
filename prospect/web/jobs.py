"""Gather runs started from the browser: one thread each, progress kept for the live stream.

The page listens to `/jobs/ID/events` (server-sent events); each progress event of the
library's gather run is one message, and a final `done` message points at the summary.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

KEEP_SECONDS = 3600


@dataclass
class GatherJob:
    id: str
    prospect_id: int
    slug: str
    events: list[dict[str, Any]] = field(default_factory=list)
    report: Any = None
    error: str | None = None
    finished: bool = False
    started: float = field(default_factory=time.monotonic)

    def progress(self, ev: Any) -> None:
        self.events.append({"done": ev.done, "total": ev.total, "errors": ev.errors,
                            "url": ev.url, "status": ev.status, "phase": ev.phase,
                            "crawled": ev.crawled})


def start_gather(jobs: dict[str, GatherJob], engine: Engine, prospect_id: int, slug: str,
                 discover: bool, actor: str | None) -> GatherJob:
    """Run the library's gather for one prospect in a thread; returns at once."""
    from prospect.config import GatherSettings
    from prospect.errors import ProspectError
    from prospect.gather import gather

    now = time.monotonic()
    for key in [k for k, j in jobs.items() if j.finished and now - j.started > KEEP_SECONDS]:
        del jobs[key]
    job = GatherJob(id=secrets.token_urlsafe(12), prospect_id=prospect_id, slug=slug)
    jobs[job.id] = job

    def work() -> None:
        try:
            job.report = gather(engine, [prospect_id], GatherSettings.from_env(),
                                discover=discover, actor=actor, on_progress=job.progress)
        except ProspectError as exc:
            job.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown on the page, the server goes on
            job.error = f"the gather failed: {type(exc).__name__}: {exc}"
        finally:
            job.finished = True

    threading.Thread(target=work, name=f"prospect-gather-{slug}", daemon=True).start()
    return job


async def stream(job: GatherJob, poll: float = 0.1) -> AsyncIterator[str]:
    """Server-sent events: one `progress` per library event, then `done`."""
    sent = 0
    while True:
        finished = job.finished  # read before the events, so none is missed at the end
        while sent < len(job.events):
            yield f"event: progress\ndata: {json.dumps(job.events[sent])}\n\n"
            sent += 1
        if finished:
            yield f"event: done\ndata: {json.dumps({'summary': f'/jobs/{job.id}'})}\n\n"
            return
        await asyncio.sleep(poll)
