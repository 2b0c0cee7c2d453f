#!/usr/bin/env bash
# npm run bench: runs every benchmark in bench/ (each *.bench.ts) against local or
# given services, and writes their figures to .data/bench-results/ (JSON and Markdown
# per benchmark, plus summary.md), so a run leaves the checkout as it was; the
# published figures in bench/results/ are written with BENCH_RESULTS_DIR=bench/results.
# Benchmarks print figures; they never fail on them.
#   BENCH_CUSTOMERS=1000000 (default)   npm run bench -- segments   (only names matching)
#   BENCH_RESULTS_DIR=bench/results     write the figures there instead of .data/bench-results/
#   BENCH_EMAILS=20000                  emails of the email benchmark (default: BENCH_CUSTOMERS, at most 20,000)
#   BENCH_EVENTS=10000000               contact events of the analytics benchmark (default: ten per customer, at most 10,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prepare.sh

install_packages
export NODE_ENV=production LOG_LEVEL=warn BENCH_CUSTOMERS="${BENCH_CUSTOMERS:-1000000}"
# Production refuses the development tracking secret; a run's own links only need one of its own.
export TRACKING_SECRET="${TRACKING_SECRET:-$(head -c 32 /dev/urandom | base64 | tr -d '\n')}"
# Likewise the web-offer secret that signs the customer tokens of the web-offers benchmark.
export WEB_OFFER_SECRET="${WEB_OFFER_SECRET:-$(head -c 32 /dev/urandom | base64 | tr -d '\n')}"
export BENCH_RESULTS_DIR="${BENCH_RESULTS_DIR:-.data/bench-results}"
source scripts/services.sh campaigns_bench
set -u
trap stop_started_services EXIT
build_server

filter="${1:-}"
mkdir -p "$BENCH_RESULTS_DIR" bench/data
for bench in dist/bench/*.bench.js; do
  name="$(basename "$bench" .bench.js)"
  [ -z "$filter" ] || [[ "$name" == *"$filter"* ]] || continue
  log "running $name"
  node --expose-gc "$bench"
done

{
  echo "# Benchmark results"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(node --version), $(psql --version | head -1)."
  echo
  for md in "$BENCH_RESULTS_DIR"/*.md; do
    [ "$(basename "$md")" = summary.md ] && continue
    cat "$md"
    echo
  done
} > "$BENCH_RESULTS_DIR/summary.md"
log "figures written to $BENCH_RESULTS_DIR/ (summary.md)"
