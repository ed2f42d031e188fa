import json
import logging

from dortmund_hilft.request_logging import JsonFormatter
from tests.factories import make_user


def _request_events(caplog):
    return [record.event for record in caplog.records if record.name == "dortmund_hilft.requests"]


def test_it_logs_method_path_status_duration_and_user(client, db, caplog):
    user = make_user()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="dortmund_hilft.requests"):
        client.get("/healthz?email=someone@example.org")
    (event,) = _request_events(caplog)
    assert event["method"] == "GET"
    assert event["path"] == "/healthz"  # no query string: it may carry personal data
    assert event["status"] == 200
    assert event["duration_ms"] >= 0
    assert event["user_id"] == user.pk


def test_it_logs_anonymous_requests_without_a_user(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="dortmund_hilft.requests"):
        client.get("/does-not-exist/")
    (event,) = _request_events(caplog)
    assert event["status"] == 404
    assert event["user_id"] is None


def test_it_never_logs_posted_passwords(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="dortmund_hilft.requests"):
        client.post("/admin/login/", {"username": "someone", "password": "very-secret-123"})
    formatted = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "very-secret-123" not in formatted
    assert _request_events(caplog)


def test_the_json_formatter_writes_one_parseable_line():
    record = logging.LogRecord("dortmund_hilft.requests", logging.INFO, __file__, 1, "request", None, None)
    record.event = {"method": "GET", "path": "/krisen/", "status": 200, "duration_ms": 3.2, "user_id": None}
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["path"] == "/krisen/" and data["status"] == 200 and data["level"] == "INFO"


def test_paths_with_secret_tokens_are_logged_as_their_route(rf):
    from django.urls import ResolverMatch

    from dortmund_hilft.request_logging import _loggable_path

    request = rf.get("/konto/passwort-vergessen/MQ/abc-secret-token/")
    request.resolver_match = ResolverMatch(
        lambda r: None, (), {}, route="konto/passwort-vergessen/<uidb64>/<token>/"
    )
    assert _loggable_path(request) == "/konto/passwort-vergessen/<uidb64>/<token>/"
