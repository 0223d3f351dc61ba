"""Settings: where the database lives, politeness limits and the User-Agent.

Values come from explicit arguments, then environment variables (PROSPECT_*), then defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from prospect import __version__

DEFAULT_CONTACT = "https://github.com/prospect-tool/prospect"


def data_dir() -> Path:
    """The user data directory (`PROSPECT_HOME`, else the platform's user data dir)."""
    home = os.environ.get("PROSPECT_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("prospect", appauthor=False))


def resolve_db_url(cli_value: str | None = None) -> str:
    """`--db` > `PROSPECT_DB` > a SQLite file in the user data directory.

    A value without `://` is a file path and becomes a SQLite URL.
    """
    value = cli_value or os.environ.get("PROSPECT_DB")
    if not value:
        return f"sqlite:///{data_dir() / 'prospect.db'}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


# the widest values a setting may take from the environment: past these a value is a typo
_ENV_RANGES: dict[str, tuple[float, float]] = {
    "PROSPECT_CONCURRENCY": (1, 1000),
    "PROSPECT_PER_HOST": (1, 100),
    "PROSPECT_DELAY": (0, 3600),
    "PROSPECT_TIMEOUT": (0.1, 3600),
    "PROSPECT_MAX_BYTES": (1024, 1_073_741_824),  # 1 KB to 1 GB
}


def _shown(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _env_float(name: str, default: float) -> float:
    """A finite number from the environment, within the setting's range (InvalidValue if not)."""
    import math

    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    from prospect.errors import InvalidValue

    try:
        value = float(raw)
    except ValueError:
        raise InvalidValue(f"{name} must be a number, got {raw[:40]!r}") from None
    low, high = _ENV_RANGES.get(name, (-math.inf, math.inf))
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidValue(f"{name} must be a number from {_shown(low)} to {_shown(high)}, "
                           f"got {raw[:40]!r}")
    return value


@dataclass
class GatherSettings:
    """Politeness and fault limits for fetching pages."""

    concurrency: int = 16
    per_host: int = 2
    delay: float = 0.5
    timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    max_retries: int = 2
    retry_after_cap: float = 30.0
    contact: str = DEFAULT_CONTACT
    user_agent: str = field(default="")

    def __post_init__(self) -> None:
        if not self.user_agent:
            self.user_agent = f"prospect/{__version__} (+{self.contact})"

    @classmethod
    def from_env(cls, **overrides: float | int | str | None) -> GatherSettings:
        """Defaults, overridden by PROSPECT_* variables, overridden by non-None arguments."""
        values: dict[str, float | int | str] = {
            "concurrency": int(_env_float("PROSPECT_CONCURRENCY", cls.concurrency)),
            "per_host": int(_env_float("PROSPECT_PER_HOST", cls.per_host)),
            "delay": _env_float("PROSPECT_DELAY", cls.delay),
            "timeout": _env_float("PROSPECT_TIMEOUT", cls.timeout),
            "max_bytes": int(_env_float("PROSPECT_MAX_BYTES", cls.max_bytes)),
            "contact": os.environ.get("PROSPECT_CONTACT") or DEFAULT_CONTACT,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
