"""Settings come from the environment; production refuses unsafe defaults."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dortmund_hilft.settings import envbool

ROOT = Path(__file__).resolve().parent.parent
SAFE_KEY = "x" * 60
# What production needs besides a key and the host names: the public address and the two mailboxes.
SITE = {"SITE_URL": "https://dortmund-hilft.example", "UNIT_EMAIL": "dortmund-hilft@dortmund-hilft.example",
        "DATA_PROTECTION_EMAIL": "datenschutz@dortmund-hilft.example"}


def load_settings(**env):
    """Import the settings module in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "DEBUG"))}
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", *SITE):
        clean.pop(name, None)
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
    result = load_settings(DJANGO_ENV="production", SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="dortmund-hilft.example", **SITE)
    assert result.returncode == 0, result.stderr
    assert '"debug": false' in result.stdout
    assert '"hsts": 31536000' in result.stdout
    assert '"secure_cookie": true' in result.stdout


@pytest.mark.parametrize("name", list(SITE))
def test_production_refuses_to_start_without_the_site_address_or_the_mailboxes(monkeypatch, name):
    env = {**SITE, name: ""}
    with pytest.raises(ImproperlyConfigured, match=f"Set {name}"):
        probe_settings(monkeypatch, DJANGO_ENV="production", SECRET_KEY=SAFE_KEY,
                       ALLOWED_HOSTS="dortmund-hilft.example", **env)


def test_development_defaults_point_at_no_real_address(monkeypatch):
    s = probe_settings(monkeypatch)
    assert s.SITE_URL == "http://127.0.0.1:8000"
    assert s.UNIT_EMAIL.endswith("@example.org") and s.DATA_PROTECTION_EMAIL.endswith("@example.org")


def probe_settings(monkeypatch, **env):
    """Run settings.py in this process with exactly this environment; quicker than a new interpreter.

    os.environ is swapped for a plain dict, so nothing the module reads or sets leaks into other tests.
    """
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "DEBUG"))}
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", *SITE):
        clean.pop(name, None)
    monkeypatch.setattr(os, "environ", {**clean, **env})
    spec = importlib.util.spec_from_file_location("settings_probe", ROOT / "dortmund_hilft" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_debug_off_means_production_also_in_a_fresh_interpreter():
    result = load_settings(DEBUG="off", SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="dortmund-hilft.example", **SITE)
    assert result.returncode == 0, result.stderr
    assert '"debug": false' in result.stdout
    assert '"hsts": 31536000' in result.stdout
    assert '"secure_cookie": true' in result.stdout


@pytest.mark.parametrize("spelling", ["0", "false", "off", "no", " OFF ", "False", "NO\n"])
def test_debug_off_in_any_spelling_means_production(monkeypatch, spelling):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        probe_settings(monkeypatch, DEBUG=spelling)
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        probe_settings(monkeypatch, DEBUG=spelling, SECRET_KEY=SAFE_KEY)
    s = probe_settings(monkeypatch, DEBUG=spelling, SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="dortmund-hilft.example", **SITE)
    assert s.PRODUCTION and not s.DEBUG
    assert (s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE) == (31536000, True, True)
    assert s.SECURE_SSL_REDIRECT and s.STAFF_REQUIRE_2FA


@pytest.mark.parametrize("spelling", ["1", "true", "on", "yes", " Yes ", "TRUE"])
def test_debug_on_in_any_spelling_is_a_development_site(monkeypatch, spelling):
    s = probe_settings(monkeypatch, DEBUG=spelling)
    assert s.DEBUG and not s.PRODUCTION
    assert not hasattr(s, "SESSION_COOKIE_SECURE")


def test_production_refuses_debug_on(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be off in production"):
        probe_settings(monkeypatch, DJANGO_ENV="production", DEBUG="on", SECRET_KEY=SAFE_KEY,
                       ALLOWED_HOSTS="dortmund-hilft.example")


@pytest.mark.parametrize("name", ["STAFF_REQUIRE_2FA", "ADMIN_REQUIRE_2FA"])
def test_production_refuses_to_switch_off_two_factor(monkeypatch, name):
    with pytest.raises(ImproperlyConfigured, match="STAFF_REQUIRE_2FA"):
        probe_settings(monkeypatch, DEBUG="no", SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="dortmund-hilft.example",
                       **SITE, **{name: "off"})


def test_the_old_name_of_the_two_factor_switch_still_counts(monkeypatch):
    assert not probe_settings(monkeypatch, DEBUG="on").STAFF_REQUIRE_2FA
    assert probe_settings(monkeypatch, DEBUG="on", ADMIN_REQUIRE_2FA="on").STAFF_REQUIRE_2FA


def test_a_bad_boolean_stops_a_fresh_interpreter_naming_the_variable():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


BOOLEAN_SETTINGS = ["DEBUG", "STAFF_REQUIRE_2FA", "EMAIL_USE_TLS"]


@pytest.mark.parametrize("name", BOOLEAN_SETTINGS)
@pytest.mark.parametrize("value", ["", "maybe", "ja", "2"])
def test_a_bad_boolean_fails_loudly_naming_the_variable(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=f"{name} must be a boolean"):
        probe_settings(monkeypatch, **{name: value})


def test_a_bad_boolean_in_production_settings_fails_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT must be a boolean"):
        probe_settings(monkeypatch, DJANGO_ENV="production", SECRET_KEY=SAFE_KEY,
                       ALLOWED_HOSTS="dortmund-hilft.example", **SITE, SECURE_SSL_REDIRECT="sometimes")


def test_an_unknown_environment_name_fails_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ENV must be development or production"):
        probe_settings(monkeypatch, DJANGO_ENV="prod")


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " On\t"])
def test_envbool_reads_true(monkeypatch, value):
    monkeypatch.setenv("SOME_SWITCH", value)
    assert envbool("SOME_SWITCH", "0") is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off", " OFF "])
def test_envbool_reads_false(monkeypatch, value):
    monkeypatch.setenv("SOME_SWITCH", value)
    assert envbool("SOME_SWITCH", "1") is False


@pytest.mark.parametrize("value", ["", "2", "ja", "nein", "y", "t", "enabled", "1 0"])
def test_envbool_refuses_anything_else(monkeypatch, value):
    monkeypatch.setenv("SOME_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_SWITCH must be a boolean"):
        envbool("SOME_SWITCH", "1")


def test_envbool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_SWITCH", raising=False)
    assert envbool("SOME_SWITCH", "on") is True


def test_the_deploy_check_wants_a_shared_cache(settings):
    from dortmund_hilft.checks import shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in shared_cache(None)] == ["dortmund_hilft.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert shared_cache(None) == []
