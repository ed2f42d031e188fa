"""Under the real production settings every response carries the security headers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# No migrate: these two pages read nothing from the database, and migrating a fresh one takes 8 s.
# collectstatic runs with the production storage, so the manifest the pages' {% static %} tags need
# is built as in production; only whitenoise's compression step, which brotli-compresses some
# 1,300 files (10 s) and is whitenoise's business, not ours, is left out.
SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from whitenoise.storage import CompressedManifestStaticFilesStorage
CompressedManifestStaticFilesStorage.compress_files = lambda self, paths: iter(())
call_command("collectstatic", interactive=False, verbosity=0)
client = Client()
out = {"storage": settings.STORAGES["staticfiles"]["BACKEND"]}
for path in ["/robots.txt", "/admin/login/"]:
    r = client.get(path, secure=True, HTTP_HOST="dortmund-hilft.example")
    out[path] = {"status": r.status_code, "headers": dict(r.headers),
                 "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"]),
                                 "samesite": v["samesite"]} for k, v in r.cookies.items()}}
r = client.get("/robots.txt", HTTP_HOST="dortmund-hilft.example")
out["plain_http"] = {"status": r.status_code, "location": r.headers.get("Location", "")}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prod")
    database = folder / "db.sqlite3"
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "DEBUG"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="dortmund_hilft.settings", DJANGO_ENV="production", SECRET_KEY="s" * 64,
        ALLOWED_HOSTS="dortmund-hilft.example", DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(folder / "static"), SITE_URL="https://dortmund-hilft.example",
        UNIT_EMAIL="dortmund-hilft@dortmund-hilft.example", DATA_PROTECTION_EMAIL="datenschutz@dortmund-hilft.example",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_static_files_are_hashed_and_compressed_by_whitenoise(production_responses):
    assert production_responses["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_the_content_security_policy_allows_only_our_own_origin(production_responses):
    policy = production_responses["/robots.txt"]["headers"]["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy  # no third-party host anywhere


def test_hsts_and_the_other_security_headers_are_set(production_responses):
    headers = production_responses["/robots.txt"]["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_permissions_policy_denies_camera_microphone_location_payment_and_usb(production_responses):
    policy = production_responses["/robots.txt"]["headers"]["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert features[feature] == "()"


def test_the_login_page_is_never_stored(production_responses):
    cache_control = production_responses["/admin/login/"]["headers"]["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_cookies_are_secure_and_http_only(production_responses):
    cookies = production_responses["/admin/login/"]["cookies"]
    assert cookies["csrftoken"] == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_plain_http_is_redirected_to_https(production_responses):
    plain = production_responses["plain_http"]
    assert plain["status"] == 301
    assert plain["location"].startswith("https://dortmund-hilft.example/")
