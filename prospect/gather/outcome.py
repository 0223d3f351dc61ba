"""What happened to one page, in words a person tells apart: site unreachable, https failed,
robots.txt forbids, not found, page does not mention them, and the rest."""

from __future__ import annotations

# outcomes, in the order a summary lists them
OK = "ok"
UNCHANGED = "unchanged"
NO_MENTION = "page does not mention them"
NOT_FOUND = "not found"
ROBOTS = "robots.txt forbids"
HTTPS_FAILED = "https failed"
UNREACHABLE = "site unreachable"
TIMED_OUT = "timed out"
REFUSED = "refused (private address)"
OUTCOMES = (OK, UNCHANGED, NO_MENTION, NOT_FOUND, ROBOTS, HTTPS_FAILED, UNREACHABLE, TIMED_OUT,
            REFUSED)

_DNS = ("name or service not known", "nodename nor servname", "temporary failure in name "
        "resolution", "getaddrinfo failed", "no address associated", "name resolution")


def outcome(url: str, status: str, http_status: int | None, error: str | None,
            mentions: bool | None = None) -> str:
    """The outcome of one fetched source (see OUTCOMES; other faults: 'HTTP 500', 'error')."""
    err = (error or "").lower()
    if status in ("ok", "not_modified"):
        if mentions is False:
            return NO_MENTION
        if err.startswith("extraction failed"):
            return "extraction failed"
        return OK if status == "ok" else UNCHANGED
    if status == "robots_disallowed":
        return ROBOTS
    if status == "blocked":
        return REFUSED
    if http_status in (404, 410):
        return NOT_FOUND
    if http_status is not None and http_status >= 400:
        return f"HTTP {http_status}"
    if err.startswith(("timed out", "site unreachable: timed out")):
        return TIMED_OUT
    if err.startswith(("connection failed", "site unreachable")):
        if any(d in err for d in _DNS) or not url.lower().startswith("https:"):
            return UNREACHABLE
        return HTTPS_FAILED
    return "error"
