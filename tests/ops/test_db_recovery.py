"""The app survives a PostgreSQL restart with no manual step.

This stops the machine's PostgreSQL server, so it runs only when DH_ALLOW_DB_RESTART=1 (CI runs it
alone, after the main suite). gunicorn serves the app against the test database the whole time.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.db_restart,
    pytest.mark.skipif(
        os.environ.get("DH_ALLOW_DB_RESTART") != "1", reason="stops PostgreSQL; set DH_ALLOW_DB_RESTART=1"
    ),
]


def _cluster(action):
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True)


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _wait_for(url, expected, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _status(url) == expected:
            return True
        time.sleep(0.25)
    return False


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served_app(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dortmund_hilft.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(f"{base}/healthz", 200), "the app did not come up"
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        connections.close_all()  # this process's connection did not survive the restart either


def test_the_app_recovers_from_a_database_restart(served_app):
    assert _status(f"{served_app}/krisen/") == 200  # a persistent connection is now open

    _cluster("stop")
    try:
        assert _wait_for(f"{served_app}/healthz", 503, seconds=15), "healthz did not report the outage"
    finally:
        _cluster("start")

    assert _wait_for(f"{served_app}/healthz", 200, seconds=30), "healthz did not recover"
    assert _status(f"{served_app}/krisen/") == 200
