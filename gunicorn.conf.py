"""gunicorn settings for production; gunicorn reads this file itself when started from this folder.

Command-line options win over this file, so `gunicorn dortmund_hilft.wsgi --bind 0.0.0.0:8000` is
all a deployment needs. Why these values (issue 10):

- Threads (gthread): with sync workers each worker serves one request at a time, so a handful of
  slow or abandoned page requests occupied every worker and /healthz got 0-14 answers a second: a
  load balancer would have taken a working instance out. With 4 threads a worker the health check
  (one trivial query, dortmund_hilft/views.py) finds a free thread while others wait on slow pages.
  Django is thread-safe; each thread has its own database connection, so the database must allow
  workers x threads connections (plus the task worker and management commands).
- worker_connections = threads: a gthread worker otherwise accepts up to 1000 connections and queues
  them behind its busy threads, so a probe landing on a worker full of slow requests waited for
  them. Capped, a full worker stops accepting and the kernel hands the connection to a worker with
  a free thread. Measured with six clients abandoning 2-second requests after 1 s, probes on a new
  connection each: 2 sync workers answered none in 12 s; 5 x 4 threads, uncapped, 3 a second with
  p95 1.8 s; capped, about 480 a second with p99 under 10 ms.
- keepalive 0: a capped worker has no slot to keep an idle connection in (gunicorn would warn and
  close it anyway); the proxy in front opens a new loopback connection per request, which is cheap.
- max_requests with jitter: a worker is replaced after about 1000 requests, so memory a worker has
  gathered (caches, fragmentation, PDF rendering) is given back; the jitter keeps the workers from
  restarting all at once.
- timeout: a worker whose main loop is silent this long is killed and replaced. With threads this
  catches a frozen process, not one slow request; bound those in the database (statement timeout).
- graceful_timeout: on a restart or deploy, requests in flight get this long to finish.
- preload_app off: each worker imports the app itself, so no database connection, thread or open
  file is shared across the fork, and a worker that max_requests replaces starts clean.
"""

import os


def _envint(name, default):
    value = os.environ.get(name, "").strip() or str(default)
    try:
        number = int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise SystemExit(f"{name} must be at least 1, not {number}")
    return number


def _cores():
    try:
        return len(os.sched_getaffinity(0))  # the cores this container may use, not the host's
    except AttributeError:
        return os.cpu_count() or 1


# Workers: WEB_CONCURRENCY (the name Heroku, Render and others set), else 2 x cores + 1, at most 8:
# each worker holds the whole app (about 100 MB with WeasyPrint), and the threads add concurrency.
workers = _envint("WEB_CONCURRENCY", min(2 * _cores() + 1, 8))
worker_class = "gthread"
threads = _envint("GUNICORN_THREADS", 4)
worker_connections = threads

max_requests = 1000
max_requests_jitter = 100

timeout = 30
graceful_timeout = 30
keepalive = 0

preload_app = False

# The heartbeat file on a RAM disk: a slow or full /tmp must not look like a hung worker.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's heartbeat file, no data
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY

# Access log to stdout for the container's log collector: one line per request with status, size,
# time and worker pid, which shows a stuck or recycling worker. No path and no client address: paths
# can carry secrets (password-reset and calendar-feed tokens), which Django's own request log
# (dortmund_hilft/request_logging.py) replaces by the route; that log has the paths.
accesslog = "-"
access_log_format = '%(t)s %(p)s "%(m)s" %(s)s %(B)s %(M)sms'
