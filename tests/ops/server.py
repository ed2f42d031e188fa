"""The app served by gunicorn against the test database, and visitors that talk to it over HTTP.

`serve()` starts `gunicorn --workers N` on a loopback socket that this process binds first and hands
over (`--bind fd://N`), so two xdist workers never race for a port; the database is whichever one
this pytest process uses (test_<name>, or test_<name>_gw0 … under xdist). The server runs as a
development site (DEBUG on): production settings insist on HTTPS cookies, collected static files
and two-factor admin logins, none of which changes how the requests race in the database.

`Browser` is one visitor with its own cookies (no `requests` here, only the standard library). It
logs in through the real login form, or gets a session written into the database the way Django's
test client does; CSRF tokens come from the forms it loaded. `race()` releases prepared requests
together with a threading.Barrier, each on a connection that is already open.

Mail goes wherever the development site sends it: printed by the console backend to gunicorn's
stdout (captured in a file), or stored in the outbox table for a worker that does not run here.
`Server.mails_to()` counts both ways.
"""

import contextlib
import html
import http.client
import http.cookies
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
CONSOLE_MAIL_SEPARATOR = "-" * 79
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url():
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{urllib.parse.quote(db['USER'])}{password}@{host}:{port}/{db['NAME']}"


@dataclass
class Response:
    status: int
    headers: dict = field(repr=False)
    text: str = field(repr=False)

    @property
    def location(self):
        return self.headers.get("location", "")


@dataclass
class Server:
    host: str
    port: int
    process: subprocess.Popen = field(repr=False)
    stdout: Path = field(repr=False)
    stderr: Path = field(repr=False)

    @property
    def base(self):
        return f"http://{self.host}:{self.port}"

    def console_mails(self):
        """The messages the console mail backend printed so far, as raw text."""
        text = self.stdout.read_text(errors="replace")
        return [chunk.strip() for chunk in text.split(f"\n{CONSOLE_MAIL_SEPARATOR}\n") if chunk.strip()]

    def mails_to(self, address):
        """The mails to `address`, as text: printed by the console backend, or stored in an outbox.

        A mail kept in an outbox table may also be printed once it is sent, so this is the longer of
        the two lists, not both. An outbox is any model of the dortmund_hilft app whose name says
        mail or outbox; a row counts when one of its values mentions the address.
        """
        printed = [
            mail for mail in self.console_mails()
            if any(line.startswith("To:") and address in line for line in mail.splitlines())
        ]
        stored = []
        for model in apps.get_app_config("dortmund_hilft").get_models():
            name = model._meta.model_name
            if "mail" in name or "outbox" in name:
                stored += [str(row) for row in model.objects.values() if address in str(row)]
        return max(printed, stored, key=len)

    def errors(self):
        """gunicorn's and Django's log (stderr): tracebacks of 500s end up here."""
        return self.stderr.read_text(errors="replace")


def _status(base, path):
    try:
        conn = http.client.HTTPConnection(*urllib.parse.urlsplit(base).netloc.split(":"), timeout=5)
        conn.request("GET", path)
        return conn.getresponse().status
    except OSError:
        return None


@contextlib.contextmanager
def serve(log_dir, *, workers=4, env=None, startup_seconds=30):
    """gunicorn with `workers` sync workers on a free loopback port, serving the test database.

    Use it from a module-scoped fixture that depends on `django_db_setup`, in a module whose tests
    are marked `django_db(transaction=True)`: pytest-django creates the test database only for
    marked tests, and only committed rows are visible to the server.
    """
    if not connection.settings_dict["NAME"].startswith("test_"):
        raise RuntimeError("no test database set up: mark the tests django_db(transaction=True)")
    log_dir = Path(log_dir)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    host, port = listener.getsockname()
    # The site's own mail setup (the console in development, or the outbox that stores each mail),
    # never a real mail server; each worker keeps its own cache.
    dropped = ("REDIS_URL", "EMAIL_HOST", "EMAIL_BACKEND", "OUTBOX_DELIVERY_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE")
    server_env = {key: value for key, value in os.environ.items() if key not in dropped}
    server_env.update({
        "DJANGO_SETTINGS_MODULE": "dortmund_hilft.settings",
        "DJANGO_ENV": "development",
        "DEBUG": "1",
        # The same key as this process, so sessions written here are valid there.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "60",
        "STAFF_REQUIRE_2FA": "0",
        "SITE_URL": f"http://{host}:{port}",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    })
    stdout, stderr = log_dir / "stdout.log", log_dir / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "dortmund_hilft.wsgi", "--bind", f"fd://{listener.fileno()}",
             "--workers", str(workers), "--preload", "--timeout", "60", "--no-control-socket"],
            cwd=ROOT, env=server_env, stdout=out, stderr=err, pass_fds=(listener.fileno(),),
        )
    listener.close()  # gunicorn holds its own copy
    server = Server(host=host, port=port, process=process, stdout=stdout, stderr=stderr)
    try:
        deadline = time.monotonic() + startup_seconds
        while _status(server.base, "/healthz") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not come up:\n{server.errors()[-3000:]}")
            time.sleep(0.1)
        # Each worker's first request loads templates and URL patterns: get that over with in parallel.
        race([(Browser(server), "GET", settings.LOGIN_URL)] * (2 * workers))
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown: nothing is in flight any more
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Browser:
    """One visitor: its own cookies, the CSRF token of the last form it loaded."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}
        self.csrf_token = None

    # --- logging in

    def login_as(self, user):
        """A logged-in session written straight into the database, as Django's test client does it."""
        client = Client()
        client.force_login(user, backend=MODEL_BACKEND)
        self.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return self

    def login_with_password(self, username, password):
        """Through the login form at /konto/anmelden/, as a person does."""
        login_url = settings.LOGIN_URL
        self.get(login_url)
        response = self.post(login_url, {"username": username, "password": password, "otp_token": ""})
        if response.status != 302 or settings.SESSION_COOKIE_NAME not in self.cookies:
            raise AssertionError(f"login as {username} failed: {response.status}")
        return self

    # --- requests

    def connect(self):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60)
        conn.connect()
        return conn

    def get(self, path, *, conn=None):
        response = self._send("GET", path, conn=conn)
        found = CSRF_INPUT.search(response.text)
        if found:
            self.csrf_token = html.unescape(found.group(1))
        return response

    def open(self, path):
        """Load a page with a form, as a person opens it before clicking; its CSRF token is kept."""
        self.csrf_token = None
        response = self.get(path)
        if response.status != 200 or self.csrf_token is None:
            raise AssertionError(f"{path} did not show a form: {response.status} {response.location}")
        return response

    def post(self, path, data, *, conn=None):
        """A form POST carrying the CSRF token of the form loaded last (load the page first)."""
        if self.csrf_token is None:
            raise AssertionError(f"no form loaded before posting to {path}")
        fields = [(key, value) for key, values in data.items()
                  for value in (values if isinstance(values, list | tuple) else [values])]
        body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", self.csrf_token)])
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.server.base,
                   "Referer": self.server.base + path}
        return self._send("POST", path, body=body, headers=headers, conn=conn)

    def _send(self, method, path, *, body=None, headers=None, conn=None):
        conn = conn or self.connect()
        try:
            headers = {**(headers or {}), "Host": f"{self.server.host}:{self.server.port}"}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for header in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        finally:
            conn.close()


def race(requests, *, timeout=60):
    """Send `requests` at once and return their responses in the same order.

    Each request is (browser, "GET", path) or (browser, "POST", path, data). Every thread opens its
    connection first and then waits at a barrier, so the requests leave within a millisecond or so.
    A request that fails at the socket comes back as its exception, for the assertion to show.
    """
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, browser, method, path, data=None):
        try:
            conn = browser.connect()
            barrier.wait(timeout=timeout)
            if method == "GET":
                results[index] = browser.get(path, conn=conn)
            else:
                results[index] = browser.post(path, data, conn=conn)
        except Exception as error:  # noqa: BLE001 - shown in the assertion, not swallowed
            results[index] = error

    threads = [threading.Thread(target=run, args=(index, *request)) for index, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout + 10)
    return results


def statuses(responses):
    return [r.status if isinstance(r, Response) else repr(r) for r in responses]


def answered(responses):
    """Every request got an answer below 500."""
    return all(isinstance(r, Response) and r.status < 500 for r in responses)
