"""The project's vocabulary, defined once: note kinds and origins, goal and risk categories,
source origins and statuses, fact fields, languages, and the validators that check them."""

from __future__ import annotations

from prospect.errors import InvalidValue

NOTE_KINDS = ("bio", "goal", "risk", "interest", "achievement", "quote", "event", "other")
GOAL_CATEGORIES = ("growth", "efficiency", "reliability", "innovation", "compliance", "people",
                   "customer")
RISK_CATEGORIES = ("budget", "switching", "implementation", "operations", "adoption", "vendor",
                   "security", "personal")
NOTE_ORIGINS = ("web", "manual", "paste", "import")
SOURCE_ORIGINS = ("user", "discovered", "import")
SOURCE_STATUSES = ("new", "ok", "not_modified", "robots_disallowed", "error", "blocked")
FACT_FIELDS = ("name", "job_title", "organization", "location", "email", "url", "same_as",
               "image", "description", "authored")
LANGS = ("en", "es")


def check_lang(lang: str) -> str:
    """`lang` lower-cased when it is a supported language; InvalidValue otherwise."""
    value = (lang or "").strip().lower()
    if value not in LANGS:
        raise InvalidValue(f"language must be one of {', '.join(LANGS)}, got {value!r}")
    return value


def known_lang(lang: str | None) -> str | None:
    """`lang` when it is a supported language, else None (for detected or page languages)."""
    return lang if lang in LANGS else None


def categories_of(kind: str) -> tuple[str, ...]:
    """The categories a note of `kind` may take (none for kinds other than goal and risk)."""
    return GOAL_CATEGORIES if kind == "goal" else RISK_CATEGORIES if kind == "risk" else ()


def check_url(url: str) -> str:
    """`url` trimmed when it is an http(s) address with a host; InvalidValue otherwise."""
    from urllib.parse import urlsplit

    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue(f"not a web address (http:// or https://): {url!r}")
    return url


def check_kind_category(kind: str, category: str | None) -> tuple[str, str | None]:
    """(kind, category) lower-cased when the pair is allowed; InvalidValue otherwise."""
    kind = (kind or "other").strip().lower()
    if kind not in NOTE_KINDS:
        raise InvalidValue(f"note kind must be one of {', '.join(NOTE_KINDS)}, got {kind!r}")
    if category:
        category = category.strip().lower()
        allowed = categories_of(kind)
        if category not in allowed:
            if not allowed:
                raise InvalidValue(f"only goal and risk notes take a category, not {kind!r}")
            raise InvalidValue(f"{kind} category must be one of {', '.join(allowed)}, "
                               f"got {category!r}")
    return kind, category or None
