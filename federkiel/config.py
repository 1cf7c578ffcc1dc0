"""Typed readers for environment variables; a bad value stops start-up naming the variable."""

from __future__ import annotations

import ipaddress
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


class ConfigError(ImproperlyConfigured):
    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name


def env_str(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(name, f"expected true or false, got {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"expected a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(name, f"must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; empty entries are dropped."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ConfigError(name, f"must be one of {', '.join(choices)}; got {value!r}")
    return value


def env_url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = env_str(name, default)
    parts = urlsplit(value)
    if parts.scheme not in schemes or not (parts.netloc or parts.path):
        raise ConfigError(name, f"expected a URL starting with {' or '.join(schemes)}://")
    return value


def env_networks(name: str, default: str) -> list[str]:
    """A comma-separated list of IP addresses or networks, or "*" for any."""
    entries = [entry.strip() for entry in env_str(name, default).split(",") if entry.strip()]
    for entry in entries:
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ConfigError(name, f"{entry!r} is not an IP address or network") from None
    return entries


def data_dir(name: str = "FEDERKIEL_DATA_DIR") -> Path:
    path = Path(env_str(name, "var")).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(name, f"cannot create {path}: {exc.strerror}") from None
    return path


def secret_key(directory: Path) -> str:
    """The key from FEDERKIEL_SECRET_KEY, else one generated once into the data dir."""
    given = os.environ.get("FEDERKIEL_SECRET_KEY", "").strip()
    if given:
        if len(given) < 32:
            raise ConfigError("FEDERKIEL_SECRET_KEY", "must be at least 32 characters long")
        return given
    key_file = directory / "secret_key"
    if not key_file.exists():
        # Written aside and linked into place, so that processes starting at the same
        # moment all end up with the one key that was linked first.
        fd, draft = tempfile.mkstemp(dir=directory, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return key_file.read_text().strip()


def database(url: str | None, directory: Path) -> dict[str, object]:
    import dj_database_url

    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(directory / "federkiel.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            "DATABASE_URL", f"unsupported database {scheme!r}; use sqlite or postgres"
        )
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ConfigError("DATABASE_URL", str(exc)) from None
    if scheme == "sqlite":
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    return config


def email(url: str, directory: Path) -> dict[str, object]:
    """Django mail settings from FEDERKIEL_EMAIL_URL (file://, console://, smtp://, smtps://)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path) or str(directory / "mail"),
        }
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme in {"smtp", "smtps", "smtp+tls"}:
        if not parts.hostname:
            raise ConfigError("FEDERKIEL_EMAIL_URL", "an smtp URL needs a host name")
        try:
            port = parts.port
        except ValueError:
            raise ConfigError("FEDERKIEL_EMAIL_URL", "the port is not a number") from None
        default_port = {"smtp": 25, "smtps": 465, "smtp+tls": 587}[parts.scheme]
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port or default_port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
            "EMAIL_TIMEOUT": 30,
        }
    raise ConfigError(
        "FEDERKIEL_EMAIL_URL", "expected file://PATH, console://, smtp://, smtps:// or smtp+tls://"
    )
