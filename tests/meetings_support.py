"""Helpers for the meeting tests and bench: the test calendar, the new attendee's company
site on loopback, a story and the prospect already known."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gather_support import Reply, Site, page

CALENDARS = Path(__file__).resolve().parent / "data" / "calendars"
DAY_ICS = CALENDARS / "day.ics"
DAY = "2026-12-09"
TZ = "Europe/Madrid"
NEW_DOMAIN = "norte-freight.test"


def _html(title: str, body: str, links: tuple[str, ...] = ()) -> Reply:
    anchors = "".join(f'<p><a href="{href}">{href}</a></p>' for href in links)
    return page(f"<html lang='en'><head><title>{title}</title></head><body>{body}{anchors}"
                f"</body></html>")


def norte_routes() -> dict[str, Any]:
    """Norte Freight's site: a home page, a team page and a news story naming Lucía Méndez."""
    return {
        "/": _html("Norte Freight", "<h1>Norte Freight</h1><p>Freight across the north.</p>",
                   ("/team", "/news/lucia-joins")),
        "/team": _html("Our team", "<h2>Lucía Méndez</h2><p>Lucía Méndez is Head of Logistics "
                       "at Norte Freight.</p>"),
        "/news/lucia-joins": _html(
            "Lucía Méndez joins Norte Freight",
            "<article><h1>Lucía Méndez joins Norte Freight</h1><p>Lucía Méndez wants to cut "
            "late deliveries by 30% next year and to grow the cross-border business.</p>"
            "<p>She worries that switching carriers could disrupt peak season.</p></article>"),
    }


def norte_site(sites: Any) -> Site:
    return sites(norte_routes())  # type: ignore[no-any-return]


def site_option(site: Site) -> str:
    return f"{NEW_DOMAIN}={site.base}/"


STORY = """\
[company]
name = "Brightline Freight"
plumb_line = "Freight that arrives when we say it will, so your plans hold."

[[themes]]
id = "on-time"
title = "Deliveries you can plan around"
story = "We publish our on-time rate every month."
serves = ["growth", "reliability", "efficiency"]
keywords = ["delivery", "deliveries", "late", "supply chain"]
proof = ["98.6% on time across 41,000 shipments in 2025"]

[[tco]]
id = "support"
title = "24/7 support in English and Spanish"
answers = ["operations", "adoption"]

[[risk_reducers]]
id = "pilot"
title = "90-day pilot with a no-penalty exit"
answers = ["switching", "budget", "personal"]
"""


def seed(cli: Any, tmp_path: Path, story: bool = True) -> None:
    """A story and the prospect who is already known (matched by e-mail)."""
    if story:
        path = tmp_path / "story.toml"
        path.write_text(STORY, encoding="utf-8")
        assert cli("story", "load", str(path)).exit_code == 0
    r = cli("add", "Ana García Rojas", "--company", "Acme Logística", "--title", "COO",
            "--email", "ana.garcia@acme-logistica.test")
    assert r.exit_code == 0, r.output


def prep_args(site: Site, out: Path, *extra: str) -> list[str]:
    return ["prep", "--calendar", str(DAY_ICS), "--day", DAY, "--tz", TZ, "--internal-domain",
            "brightline.test", "--site", site_option(site), "-o", str(out), *extra]
