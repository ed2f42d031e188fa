"""The benchmark (issue 10): `make bench`, or `.venv/bin/python bench/run.py`.

For each scale (0.1 and 1 of ten years of data) it creates a fresh PostgreSQL database, migrates,
loads the demo data and generates the volume (manage.py generate_volume), then serves it with
gunicorn (2 workers with the threads of gunicorn.conf.py, production settings, Redis cache) and
measures with wrk:

- every public page and the pages of each role: requests/s, p50, p95, and the ratio to /healthz;
- queries per request (Django's test client on the same database, first request after emptying
  the cache), the gzip-compressed size of each page, and the RSS of the gunicorn workers;
- 100 members of ten associations booking the same slot at the same moment: exactly one may win.

It prints one table with PASS/FAIL against the targets and writes bench/results/latest.json.

Environment: DURATION (seconds per page, default 5), SCALES (default "0.1,1"), SEED (default 1),
KEEP=1 keeps the databases, PGHOST/PGPORT/PGUSER (default 127.0.0.1, 5432, postgres),
REDIS_URL (default redis://127.0.0.1:6379/14; the benchmark empties that Redis database).
"""

# ruff: noqa: S310, S603, S607 - it starts the tools it names and loads loopback URLs it builds itself
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "report.lua"

DURATION = int(os.environ.get("DURATION", "5"))
SCALES = [float(s) for s in os.environ.get("SCALES", "0.1,1").split(",") if s.strip()]
SEED = int(os.environ.get("SEED", "1"))
KEEP = os.environ.get("KEEP", "") == "1"
PG = {"host": os.environ.get("PGHOST", "127.0.0.1"), "port": os.environ.get("PGPORT", "5432"),
      "user": os.environ.get("PGUSER", "postgres")}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
WORKERS = 2
RACERS = 100

# Targets (issue 10): share of /healthz throughput, the memory of a worker, the booking race.
PUBLIC_SHARE = 0.5
KEY_PAGE_SHARE = 0.8
KEY_PAGES = {"/", "/hilfsgueter/", "/lieferungen/", "crisis page", "partner city page"}
WORKER_RSS_MB = 150
RACE_P95_MS = 500


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scale_tag(scale):
    return f"{scale:g}".replace(".", "_")


def server_env(database, static_root, port):
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "EMAIL_HOST", "EMAIL_BACKEND")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "dortmund_hilft.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}",
        "REDIS_URL": REDIS_URL,
        # Plain HTTP on loopback; behind the README's proxy TLS ends before gunicorn as well.
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "UNIT_EMAIL": "dortmund-hilft@example.org",
        "DATA_PROTECTION_EMAIL": "datenschutz@example.org",
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def probe(env, *args):
    done = subprocess.run([PYTHON, "bench/probe.py", *args], cwd=ROOT, env=env, check=True,
                          stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def flush_redis():
    """Empty the benchmark's Redis database, so no run starts with another run's cache."""
    host_port, _, db = REDIS_URL.removeprefix("redis://").partition("/")
    host, _, port = host_port.partition(":")
    with socket.create_connection((host, int(port or 6379)), timeout=5) as sock:
        sock.sendall(f"SELECT {db or 0}\r\nFLUSHDB\r\n".encode())
        time.sleep(0.1)
        sock.recv(100)


def start_gunicorn(env, port, log_dir):
    out = (log_dir / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "dortmund_hilft.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--timeout", "120", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start, see {log_dir / 'gunicorn.log'}")
        time.sleep(0.2)


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_pids(master):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


def memory_mb(pid):
    """(current RSS, peak RSS) of a process in MB, from /proc."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer measured, as wrk sees it


def fetch(url, cookie):
    """Status and gzip-compressed body size of one request, sent as a browser sends it."""
    headers = {"Accept-Encoding": "gzip", **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=60) as response:
            return response.status, len(response.read()), response.headers.get("Content-Encoding", "")
    except urllib.error.HTTPError as error:
        return error.code, len(error.read()), error.headers.get("Content-Encoding", "")


def wrk(url, cookie):
    command = ["wrk", "-t2", "-c20", f"-d{DURATION}s", "--latency", "--timeout", "10s", "-s", str(LUA),
               "-H", "Accept-Encoding: gzip"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], check=True, stdout=subprocess.PIPE, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def run_scale(scale, static_root, log_dir):
    database = f"dh_bench_{os.getpid()}_{scale_tag(scale)}"
    port = free_port()
    env = server_env(database, static_root, port)
    base = f"http://127.0.0.1:{port}"
    result = {"scale": scale, "database": database}
    subprocess.run(["createdb", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], database], check=True)
    try:
        began = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        generated = time.monotonic()
        manage(env, "generate_volume", "--scale", str(scale), "--seed", str(SEED))
        result["generate_seconds"] = round(time.monotonic() - generated, 1)
        result["setup_seconds"] = round(time.monotonic() - began, 1)
        log(f"scale {scale:g}: data ready in {result['setup_seconds']} s (generation {result['generate_seconds']} s)")
        # Collected for each run: the checkout may have changed since the last one.
        manage(env, "collectstatic", "--noinput", "--clear")
        flush_redis()
        result["pages"] = probe(env, "pages")["pages"]
        process = start_gunicorn(env, port, log_dir)
        try:
            sessions = probe(env, "sessions", base)
            cookies = sessions["cookies"]
            result["second_factor_by_code"] = sessions["second_factor_by_code"]
            for page in result["pages"]:
                cookie = cookies.get(page["role"]) if page["role"] else None
                url = base + page["path"]
                page["http_status"], page["gzip_bytes"], page["encoding"] = fetch(url, cookie)
                page["wrk"] = wrk(url, cookie)
                log(f"  {page['page']:<32} {page['wrk']['rps']:>8.1f} req/s  p95 {page['wrk']['p95_ms']:.1f} ms")
            workers = worker_pids(process.pid)
            result["workers"] = [dict(zip(("rss_mb", "peak_rss_mb"), memory_mb(pid), strict=True)) for pid in workers]
            result["race"] = probe(env, "race", base, str(RACERS))
            log(f"  booking race: {result['race']}")
        finally:
            stop(process)
    finally:
        if KEEP:
            log(f"  kept database {database}")
        else:
            subprocess.run(["dropdb", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "--if-exists", database],
                           check=False)
    return result


def judge(runs):
    """PASS/FAIL per page (throughput share of /healthz), for the workers and the race, per scale."""
    for run in runs:
        healthz = next(p for p in run["pages"] if p["page"] == "/healthz")["wrk"]["rps"]
        for page in run["pages"]:
            page["ratio"] = round(page["wrk"]["rps"] / healthz, 3) if healthz else 0.0
            errors = (page["http_status"] != 200 or page["status"] != 200 or page["wrk"]["status_errors"]
                      or page["wrk"]["timeouts"])
            if page["page"] == "/healthz" or page["role"]:
                target = None
            else:
                target = KEY_PAGE_SHARE if page["page"] in KEY_PAGES else PUBLIC_SHARE
            page["target"] = target
            page["verdict"] = ("ERROR" if errors else "" if target is None
                               else "PASS" if page["ratio"] >= target else "FAIL")
        peak = max((w["peak_rss_mb"] for w in run["workers"]), default=0)
        run["workers_verdict"] = "PASS" if peak <= WORKER_RSS_MB else "FAIL"
        race = run["race"]
        race["verdict"] = ("PASS" if race["bookings_for_slot"] == 1 and race["winners"] == 1
                           and race["p95_ms"] is not None and race["p95_ms"] < RACE_P95_MS else "FAIL")


def table(runs):
    large = runs[-1]
    queries = {run["scale"]: {p["page"]: p["queries_cold"] for p in run["pages"]} for run in runs}
    scales = " and ".join(f"{run['scale']:g}×" for run in runs)
    lines = [f"Benchmark at scale {large['scale']:g} (queries at {scales}), wrk -t2 -c20 -d{DURATION}s, "
             f"gunicorn {WORKERS} workers (gthread, gunicorn.conf.py), production settings", ""]
    rates = {run["scale"]: {p["page"]: p["wrk"]["rps"] for p in run["pages"]} for run in runs[:-1]}
    head = ["page", *[f"req/s {scale:g}×" for scale in rates], "req/s", "p50 ms", "p95 ms", "÷ healthz", "target",
            *[f"q {r['scale']:g}×" for r in runs], "gzip bytes", "result"]
    rows = []
    for page in large["pages"]:
        rows.append([page["page"], *[f"{rate.get(page['page'], 0):.0f}" for rate in rates.values()],
                     f"{page['wrk']['rps']:.0f}", f"{page['wrk']['p50_ms']:.1f}",
                     f"{page['wrk']['p95_ms']:.1f}", f"{page['ratio']:.0%}",
                     f"≥ {page['target']:.0%}" if page["target"] else "",
                     *[str(queries[r["scale"]].get(page["page"], "")) for r in runs],
                     f"{page['gzip_bytes']}{'' if page['encoding'] == 'gzip' else ' (plain)'}", page["verdict"]])
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    render = lambda row: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(row, widths, strict=True)))
    lines += [render(head), render(["-" * w for w in widths]), *map(render, rows), ""]
    for run in runs:
        peak = max((w["peak_rss_mb"] for w in run["workers"]), default=0)
        now = ", ".join(f"{w['rss_mb']:.0f}" for w in run["workers"])
        race = run["race"]
        lines.append(f"scale {run['scale']:g}: data generated in {run['generate_seconds']} s; workers RSS {now} MB, "
                     f"peak {peak:.0f} MB (≤ {WORKER_RSS_MB}): {run['workers_verdict']}; booking race "
                     f"{race['requests']} at once: {race['winners']} won, {race['bookings_for_slot']} booking(s), "
                     f"answers {race['statuses']}, p50 {race['p50_ms']} ms, p95 {race['p95_ms']} ms "
                     f"(< {RACE_P95_MS}): {race['verdict']}")
        if run.get("second_factor_by_code"):
            lines.append(f"scale {run['scale']:g}: every role logged in through the login form; "
                         f"{', '.join(run['second_factor_by_code'])} with a TOTP code from a device made for the run")
    return "\n".join(lines)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    started = time.monotonic()
    log_dir = Path(tempfile.mkdtemp(prefix="dh-bench-"))
    static_root = log_dir / "static"
    log(f"static files and server logs in {log_dir}")
    runs = [run_scale(scale, static_root, log_dir) for scale in SCALES]
    judge(runs)
    report = table(runs)
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, check=False).stdout.strip()
    payload = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "commit": commit, "duration_s": DURATION,
               "workers": WORKERS, "seed": SEED, "runs": runs, "table": report,
               "total_seconds": round(time.monotonic() - started, 1)}
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    log(f"written {RESULTS / 'latest.json'} after {payload['total_seconds']} s")
    shutil.rmtree(log_dir, ignore_errors=True)


SECRET_KEY = secrets.token_urlsafe(50)
DEMO_PASSWORD = secrets.token_urlsafe(16)

if __name__ == "__main__":
    main()
