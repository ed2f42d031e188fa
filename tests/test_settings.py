"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAFE_KEY = "x" * 60


def load_settings(**env):
    """Import the settings module in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "DEBUG"))}
    clean.pop("SECRET_KEY", None)
    clean.pop("ALLOWED_HOSTS", None)
    code = (
        "import json, dortmund_hilft.settings as s;"
        "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'],"
        "'cache': s.CACHES['default']['BACKEND'], 'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0),"
        "'secure_cookie': getattr(s, 'SESSION_COOKIE_SECURE', False)}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_no_environment_gives_a_development_site_on_sqlite():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert '"debug": true' in result.stdout
    assert "sqlite3" in result.stdout
    assert "LocMemCache" in result.stdout


def test_database_url_switches_to_postgresql():
    result = load_settings(DATABASE_URL="postgres://u@db.example:5432/dh")
    assert "postgresql" in result.stdout, result.stderr


def test_redis_url_switches_the_cache_to_redis():
    result = load_settings(REDIS_URL="redis://127.0.0.1:6379/1")
    assert "RedisCache" in result.stdout, result.stderr


def test_production_refuses_the_default_secret_key():
    result = load_settings(DJANGO_ENV="production", ALLOWED_HOSTS="dortmund-hilft.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings(DJANGO_ENV="production", SECRET_KEY=SAFE_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_debug_0_also_means_production():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_real_values_starts_with_secure_defaults():
    result = load_settings(DJANGO_ENV="production", SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="dortmund-hilft.example")
    assert result.returncode == 0, result.stderr
    assert '"debug": false' in result.stdout
    assert '"hsts": 31536000' in result.stdout
    assert '"secure_cookie": true' in result.stdout


def test_a_bad_boolean_fails_loudly():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
