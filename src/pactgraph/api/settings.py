"""Server settings, declared once: each :class:`Setting` feeds ``pactgraph serve``'s options, the
environment variables read by :func:`Settings.load` and the API docs."""

from __future__ import annotations

import functools
import hmac
import os
import secrets
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    env: str | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("db", None, "Database path or SQLAlchemy URL (default: $PACTGRAPH_DB or ./pactgraph.db)",
            "PACTGRAPH_DB"),
    Setting("host", "127.0.0.1", "Interface to bind; the default serves this machine only", "PACTGRAPH_HOST"),
    Setting("port", 8000, "TCP port", "PACTGRAPH_PORT"),
    Setting("token", None, "Write token: reviewers send it to correct records; without one the server is "
            "read-only", "PACTGRAPH_TOKEN"),
    Setting("secret", None, "Key signing reviewers' session cookies (default: derived from the token, so "
            "sessions survive a restart and end when the token changes)", "PACTGRAPH_SECRET"),
    Setting("https_cookies", False, "Mark the session cookie Secure (serve behind HTTPS)", "PACTGRAPH_HTTPS"),
    Setting("max_body_bytes", 1_000_000, "Largest request body accepted, in bytes", "PACTGRAPH_MAX_BODY"),
    Setting("max_query_bytes", 4096, "Longest query string accepted, in bytes", None),
    Setting("max_query_params", 64, "Most query parameters accepted", None),
    Setting("page_size", 50, "Default number of items per page", None),
    Setting("max_page_size", 500, "Largest number of items per page", None),
    Setting("workers", None, "Server processes (default: the number of cores)", "PACTGRAPH_WORKERS"),
    Setting("confidence_threshold", 0.8, "Facts less sure than this are marked low-confidence in the pages",
            "PACTGRAPH_CONFIDENCE_THRESHOLD"),
)
"""Every server setting: name, default, help, environment variable."""

SETTING_HELP = {s.name: s.help for s in SETTINGS}


@dataclass
class Settings:
    db: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    secret: str | None = None
    https_cookies: bool = False
    max_body_bytes: int = 1_000_000
    max_query_bytes: int = 4096
    max_query_params: int = 64
    page_size: int = 50
    max_page_size: int = 500
    workers: int | None = None
    confidence_threshold: float = 0.8
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then ``overrides`` that are not None."""
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for setting in SETTINGS:
            value = setting.default
            if setting.env and os.environ.get(setting.env):
                value = os.environ[setting.env]
                if types.get(setting.name) in ("int", "int | None"):
                    value = int(value)
                elif types.get(setting.name) == "bool":
                    value = value.lower() in ("1", "true", "yes")
                elif types.get(setting.name) == "float":
                    value = float(value)
            if overrides.get(setting.name) is not None:
                value = overrides[setting.name]
            values[setting.name] = value
        if values.get("token") == "":
            values["token"] = None
        return cls(**values)

    @property
    def writable(self) -> bool:
        return bool(self.token)

    @functools.cached_property
    def session_secret(self) -> str:
        """The key of session cookies: ``secret``, else derived from the token, else random (read-only)."""
        if self.secret:
            return self.secret
        if self.token:
            return hmac.new(self.token.encode(), b"pactgraph session cookies", "sha256").hexdigest()
        return secrets.token_hex(32)
