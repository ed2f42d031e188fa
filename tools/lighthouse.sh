#!/usr/bin/env bash
# Lighthouse (mobile, its default) on the demo data under production settings: gunicorn, DEBUG off,
# hashed and compressed static files, Redis cache, PostgreSQL. Prints each page's scores.
#
#   LIGHTHOUSE=/path/to/node_modules/.bin/lighthouse tools/lighthouse.sh [path …]
#
# Lighthouse itself is not a dependency of the project: `npm install lighthouse` somewhere (185 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE=${LIGHTHOUSE:-lighthouse}
PORT=${PORT:-8077}
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/ /krisen/ /hilfsgueter/)
db="dh_lighthouse_$$"
work=$(mktemp -d)
export DJANGO_ENV=production SECRET_KEY="lighthouse-$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')" \
  ALLOWED_HOSTS=127.0.0.1 DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" \
  REDIS_URL=redis://127.0.0.1:6379/12 SECURE_SSL_REDIRECT=0 STATIC_ROOT="$work/static" \
  SITE_URL="http://127.0.0.1:$PORT" UNIT_EMAIL=dortmund-hilft@example.org \
  DATA_PROTECTION_EMAIL=datenschutz@example.org LOG_LEVEL=WARNING
createdb -h 127.0.0.1 -U postgres "$db"
cleanup() { kill "${server:-0}" 2>/dev/null || true; wait 2>/dev/null || true; dropdb -h 127.0.0.1 -U postgres "$db"; rm -rf "$work"; }
trap cleanup EXIT
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py seed_demo >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python -c "import redis; redis.Redis.from_url('redis://127.0.0.1:6379/12').flushdb()"
.venv/bin/gunicorn dortmund_hilft.wsgi --bind "127.0.0.1:$PORT" --workers 2 >"$work/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
for path in "${paths[@]}"; do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$path"  # the first visit stores the page, as in production
  CHROME_PATH=/usr/bin/chromium "$LIGHTHOUSE" "http://127.0.0.1:$PORT$path" --output=json \
    --output-path="$work/report.json" --quiet --chrome-flags="--headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
  .venv/bin/python - "$path" "$work/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[2]))
scores = {name: round(category["score"] * 100) for name, category in report["categories"].items()}
cls = report["audits"]["cumulative-layout-shift"]["displayValue"]
print(f"{sys.argv[1]:<16} " + "  ".join(f"{name} {score}" for name, score in scores.items()) + f"  CLS {cls}")
PY
done
