"""One structured log line per request, for the production server's stdout.

Carries method, path, status, duration and user id; never bodies, query strings, cookies or
anything a person typed. Paths that carry secrets (password-reset tokens, calendar feed tokens)
are logged as their route pattern instead.
"""

import json
import logging
import time

logger = logging.getLogger("dortmund_hilft.requests")

SECRET_ROUTE_PARTS = ("token", "uidb64")


def _loggable_path(request):
    match = getattr(request, "resolver_match", None)
    if match and any(part in match.route for part in SECRET_ROUTE_PARTS):
        return "/" + match.route
    return request.path


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "event": {
                    "method": request.method,
                    "path": _loggable_path(request),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                }
            },
        )
        return response


class JsonFormatter(logging.Formatter):
    """Render a record as one JSON object per line; request events inline their fields."""

    def format(self, record):
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update(getattr(record, "event", {}))
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)
