"""`prospect refresh`: queue the team's jobs, or run the same job code here, one by one.

With SQLite (or without `--enqueue`) each prospect is refreshed in this process; one that
fails is reported and the others go on. At the end the job title and company changes the
run found are listed first, since a job change is what an account manager most needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from prospect.config import GatherSettings
from prospect.dates import parse_age
from prospect.errors import InvalidValue
from prospect.jobs.refresh import RefreshOutcome, due_prospects, refresh_prospect
from prospect.store.models import Prospect, utcnow
from prospect.store.repo import get_prospect, list_prospects

JOB_FIELDS = {"job_title": "title", "organization": "company"}


@dataclass
class JobChange:
    slug: str
    label: str
    old: str | None
    new: str | None
    source_url: str | None


@dataclass
class RefreshReport:
    mode: str  # inline | queued
    chosen: int = 0
    queued: int = 0
    outcomes: list[RefreshOutcome] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    job_changes: list[JobChange] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "chosen": self.chosen, "queued": self.queued,
                "refreshed": [{"slug": o.slug, "counts": o.counts, "transient": o.transient,
                               "skipped": o.skipped} for o in self.outcomes],
                "failed": self.failed,
                "job_changes": [c.__dict__ for c in self.job_changes]}

    def summary(self) -> str:
        if self.mode == "queued":
            return (f"Queued {self.queued} of {self.chosen} prospects for the team's workers "
                    f"({self.chosen - self.queued} already queued).")
        pages = sum(sum(o.counts.values()) for o in self.outcomes)
        line = f"Refreshed {len(self.outcomes)} of {self.chosen} prospects ({pages} pages)."
        for slug, why in self.failed.items():
            line += f"\n  {slug}: failed: {why}"
        for o in self.outcomes:
            if o.skipped:
                line += f"\n  {o.slug}: nothing gathered: {o.skipped}"
        return line


def _chosen(session: Session, refs: list[str], all_: bool) -> list[int]:
    if refs and all_:
        raise InvalidValue("name prospects or use --all, not both")
    if all_:
        return [p.id for p in list_prospects(session) if p.id is not None]
    if not refs:
        raise InvalidValue("name the prospects to refresh (REF...), or use --all")
    return list(dict.fromkeys(get_prospect(session, r).id for r in refs))  # type: ignore[misc]


def job_changes(session: Session, prospect_ids: list[int], since: datetime) -> list[JobChange]:
    """Title and company values that appeared or changed since `since`."""
    from prospect.upkeep.changes import changes

    out = []
    for pid in prospect_ids:
        p = session.get(Prospect, pid)
        if p is None:
            continue
        for c in changes(session, p, since=since):
            if c.get("field") in JOB_FIELDS and c["change"] in ("added", "changed"):
                out.append(JobChange(p.slug, JOB_FIELDS[c["field"]], c.get("old"),
                                     c.get("new"), c.get("source_url")))
    return out


def refresh_command(session: Session, db_url: str, refs: list[str], *, all_: bool = False,
                    older_than: str | None = None, enqueue: bool = False,
                    actor: str | None = None) -> RefreshReport:
    """Queue or run the refresh of the chosen prospects."""
    ids = _chosen(session, refs, all_)
    if older_than:
        ids = due_prospects(session, older_than=utcnow() - parse_age(older_than), ids=ids)
    if enqueue:
        from prospect.jobs.queue import enqueue_refresh, require_team_db

        require_team_db(db_url)
        return RefreshReport("queued", chosen=len(ids), queued=enqueue_refresh(db_url, ids))
    report = RefreshReport("inline", chosen=len(ids))
    started = utcnow()
    engine = session.get_bind()
    settings = GatherSettings.from_env()
    session.close()
    for pid in ids:
        try:
            report.outcomes.append(refresh_prospect(engine, pid, settings,  # type: ignore[arg-type]
                                                    actor=actor))
        except Exception as exc:  # noqa: BLE001 - one failing prospect never stops the rest
            slug = str(pid)
            with Session(engine) as s:
                p = s.get(Prospect, pid)
                slug = p.slug if p else slug
            report.failed[slug] = f"{type(exc).__name__}: {exc}"[:300]
    report.job_changes = job_changes(session, ids, started)
    return report
