#!/usr/bin/env bash
# Throughput and page weight of the public pages, served as `make run` serves them
# (gunicorn, DEBUG off, whitenoise). Needs wrk (apt-get install wrk) and Chromium.
# Usage: make bench   (or: bash bench/run.sh after `make setup`)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-8099}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }

DJANGO_HTTPS=0 WEB_CONCURRENCY=${WEB_CONCURRENCY:-3} .venv/bin/gunicorn --config gunicorn.conf.py \
  --bind 127.0.0.1:$PORT --access-logfile /dev/null crsinfo.wsgi >/tmp/crsinfo-bench-gunicorn.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

echo "machine: $(nproc) cores; gunicorn workers: ${WEB_CONCURRENCY:-3} x 2 threads; wrk: $CONNECTIONS connections, 2 threads, $DURATION"
printf '%-28s %12s %10s %10s %10s\n' "path" "requests/s" "p50" "p99" "errors"
css=$(curl -fs "http://127.0.0.1:$PORT/" | grep -o '/static/css/site\.[^"]*\.css' | head -n 1)
for path in / /symptoms/ /when-to-get-help/ /check/ "POST /check/ (htmx)" "$css"; do
  if [ "$path" = "POST /check/ (htmx)" ]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checklist_post.lua "http://127.0.0.1:$PORT/check/")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Encoding: br, gzip' "http://127.0.0.1:$PORT$path")
  fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  printf '%-28s %12s %10s %10s %10s\n' "${path:0:28}" "$rps" "$p50" "$p99" "${errors:-0}"
done

echo
.venv/bin/python bench/page_weight.py "http://127.0.0.1:$PORT"
