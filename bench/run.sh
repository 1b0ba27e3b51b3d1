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
css=$(curl -fs "http://127.0.0.1:$PORT/" | grep -o '/static/css/site\.[^"]*\.css' | head -n 1)

measure() {  # path -> "requests/s p50 p99 errors"
  local out
  if [[ "$1" == "POST "* ]]; then  # "POST /es/check/ (htmx)": the checklist answer at that address
    local address=${1#POST }; address=${address% (htmx)}
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checklist_post.lua "http://127.0.0.1:$PORT$address")
  elif [[ "$1" == *"(new queries)" ]]; then  # "/search/ (new queries)": each search never asked before
    local address=${1% (new queries)}
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/search_unique.lua "http://127.0.0.1:$PORT$address")
    # Only the searches answered count: the app answers 429 to searches beyond its limit.
    local answered
    answered=$(awk '/requests in/ {n = $1; sub("s,", "", $4); t = $4} /Non-2xx/ {n -= $NF} END {printf "%.2f", n / t}' <<<"$out")
    out=$(sed "s#^Requests/sec: .*#Requests/sec: $answered#" <<<"$out")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Encoding: br, gzip' "http://127.0.0.1:$PORT$1")
  fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="50%" {print $2}' <<<"$out") \
$(awk '$1=="99%" {print $2}' <<<"$out") $(awk '/Non-2xx|Socket errors/ {n++} END {print n+0}' <<<"$out")"
}

# Every figure is a ratio to the site's own hashed CSS file, measured in the same run, right beside
# it: the CSS file is measured before each path and after the last, and a path's ratio uses the
# mean of the CSS figures just before and just after it. On a shared machine (a VM whose host is
# busy) throughput drifts by a factor of two within minutes; a ratio to a CSS figure taken minutes
# away would measure the drift, not the page.
CSS_DURATION=${BENCH_CSS_DURATION:-5s}
measure_css() { DURATION=$CSS_DURATION measure "$css" | awk '{print $1}'; }
paths=(/ /check/ /glossary/ /printables/ /print/handout/ /print/wallet-card/ "POST /check/ (htmx)"
       "/search/ (new queries)"
       /es/ /es/check/ /es/glossary/ /es/print/handout/ /es/symptoms/ /es/when-to-get-help/ "POST /es/check/ (htmx)"
       "/es/search/ (new queries)")
for slug in $(.venv/bin/python -c "import yaml,glob; print(' '.join(sorted(yaml.safe_load(open(f))['slug'] for f in glob.glob('content/articles/*.yaml'))))"); do
  paths+=("/$slug/")
done
results=()
css_figures=("$(measure_css)")
for path in "${paths[@]}"; do
  results+=("$path|$(measure "$path")")
  css_figures+=("$(measure_css)")
done

printf '%-30s %12s %8s %10s %10s %7s %10s\n' "path" "requests/s" "x CSS" "p50" "p99" "errors" "CSS req/s"
i=0
for row in "${results[@]}"; do
  path=${row%%|*}
  read -r rps p50 p99 errors <<<"${row#*|}"
  css_rps=$(awk -v a="${css_figures[$i]}" -v b="${css_figures[$((i + 1))]}" 'BEGIN {printf "%.0f", (a + b) / 2}')
  ratio=$(awk -v r="$rps" -v c="$css_rps" 'BEGIN {printf "%.2f", r / c}')
  printf '%-30s %12s %8s %10s %10s %7s %10s\n' "${path:0:30}" "$rps" "$ratio" "$p50" "$p99" "$errors" "$css_rps"
  i=$((i + 1))
done

echo
.venv/bin/python bench/page_weight.py "http://127.0.0.1:$PORT"
