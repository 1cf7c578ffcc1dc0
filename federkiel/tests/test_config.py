"""Start-up configuration: each bad value stops start-up naming the variable."""

import os
import re
import stat
import subprocess
import sys
import uuid

import pytest

from federkiel import config


def clean_env(data_dir, **values):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FEDERKIEL_")
        and k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="federkiel.settings", FEDERKIEL_DATA_DIR=str(data_dir))
    env.update(values)
    return env


def run_python(code, env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


BAD_VALUES = [
    ("FEDERKIEL_URL_MODE", "foo"),
    ("DATABASE_URL", "mysql://root@127.0.0.1/federkiel"),
    ("DATABASE_URL", "postgres://postgres@127.0.0.1:notaport/db"),
    ("FEDERKIEL_BASE_URL", "ftp://example.org"),
    ("FEDERKIEL_EMAIL_URL", "bogus"),
    ("FEDERKIEL_EMAIL_URL", "smtp://:25"),
    ("REDIS_URL", "nonsense"),
    ("FEDERKIEL_SECRET_KEY", "too-short"),
    ("FEDERKIEL_DEBUG", "maybe"),
    ("FEDERKIEL_HSTS_SECONDS", "a year"),
    ("FEDERKIEL_LOG_LEVEL", "LOUD"),
    ("FEDERKIEL_FORWARDED_ALLOW_IPS", "10.0.0.0/33"),
    ("FEDERKIEL_IMPORT_MAX_MB", "lots"),
    ("FEDERKIEL_IMPORT_MAX_MB", "0"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_bad_value_stops_start_up_naming_the_variable(tmp_path, name, value):
    result = run_python("", clean_env(tmp_path, **{name: value}))
    assert result.returncode != 0
    assert f"{name}: " in result.stderr.strip().splitlines()[-1]


def test_federkiel_command_reports_bad_value_in_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "federkiel.cli", "migrate"],
        env=clean_env(tmp_path, FEDERKIEL_DEBUG="maybe"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "FEDERKIEL_DEBUG: expected true or false, got 'maybe'" in result.stderr


def test_unwritable_data_dir_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run_python("", clean_env(blocker / "data"))
    assert result.returncode != 0
    assert "FEDERKIEL_DATA_DIR: cannot create" in result.stderr


def test_good_values_start(tmp_path):
    env = clean_env(
        tmp_path,
        FEDERKIEL_URL_MODE="subdomain",
        FEDERKIEL_BASE_URL="https://blogs.example.org",
        FEDERKIEL_EMAIL_URL="smtp+tls://user:p%40ss@mail.example.org",
        FEDERKIEL_DEBUG="no",
        FEDERKIEL_SECRET_KEY="x" * 40,
    )
    code = (
        "from django.conf import settings as s\n"
        "print(s.URL_MODE, s.BASE_DOMAIN, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_PASSWORD,"
        " s.EMAIL_USE_TLS, s.DEBUG, s.SESSION_COOKIE_DOMAIN)"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "subdomain",
        "blogs.example.org",
        "mail.example.org",
        "587",
        "p@ss",
        "True",
        "False",
        "blogs.example.org",
    ]


def test_secret_key_is_generated_once_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("FEDERKIEL_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 50
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert config.secret_key(tmp_path) == first
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("FEDERKIEL_SECRET_KEY", "k" * 32)
    assert config.secret_key(tmp_path) == "k" * 32
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_wal_mode(tmp_path):
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode')\n"
        "    print(connection.vendor, c.fetchone()[0])"
    )
    result = run_python(code, clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", "wal"]
    assert (tmp_path / "federkiel.sqlite3").exists()


def test_postgres_url_selects_postgresql(tmp_path):
    parsed = config.database("postgres://fk:secret@db.internal:5433/federkiel", tmp_path)
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    assert (parsed["HOST"], parsed["PORT"], parsed["NAME"]) == ("db.internal", 5433, "federkiel")


def test_redis_url_moves_cache_and_queue_to_redis(tmp_path):
    import redis

    key = f"federkiel-test-{uuid.uuid4().hex}"
    url = "redis://127.0.0.1:6379/15"
    code = (
        "from django.conf import settings\n"
        "from django.core.cache import cache\n"
        f"cache.set({key!r}, 'hello', 60)\n"
        "print(type(settings.HUEY).__name__, type(settings.HUEY.storage).__name__)"
    )
    client = redis.Redis.from_url(url)
    try:
        result = run_python(code, clean_env(tmp_path, REDIS_URL=url))
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["RedisHuey", "RedisStorage"]
        assert [k for k in client.keys(f"*{key}*")]
        assert not (tmp_path / "tasks.sqlite3").exists()
        assert not (tmp_path / "cache").exists()
    finally:
        for stored in client.keys(f"*{key}*"):
            client.delete(stored)
        client.close()


def test_https_base_url_passes_the_deploy_checks_that_matter(tmp_path):
    env = clean_env(
        tmp_path,
        FEDERKIEL_BASE_URL="https://blogs.example.org",
        FEDERKIEL_HSTS_SECONDS="31536000",
    )
    code = (
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER[0])"
    )
    result = run_python(code, env)
    assert result.stdout.split() == ["True", "True", "HTTP_X_FORWARDED_PROTO"]
    check = subprocess.run(
        [sys.executable, "-m", "federkiel.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = check.stdout + check.stderr
    assert check.returncode == 0, output
    # Left to the operator (docs/operations.md): the redirect to https is the front web
    # server's, and HSTS for subdomains or the preload list binds the whole domain.
    warnings = set(re.findall(r"security\.W\d+", output))
    assert warnings == {"security.W005", "security.W008", "security.W021"}, output
