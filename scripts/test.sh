#!/usr/bin/env bash
# npm test: the same set-up as npm start on a separate, freshly created database
# (campaigns_test, or <name>_test next to a given DATABASE_URL) and Redis database 1
# (a given REDIS_URL is used as it is, and emptied), then every test: unit, integration,
# end-to-end over HTTP, and browser tests in headless Chromium.
# Extra arguments go to Jest (e.g. npm test -- libs/segments).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prepare.sh

export NODE_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}" QUEUE_PREFIX=test UPLOAD_DIR="${UPLOAD_DIR:-.data/test-uploads}"

# The browser tests drive Debian's Chromium; a Chinese font keeps the screenshots readable.
ensure_chromium() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v chromium >/dev/null 2>&1 && { log "note: install fonts-wqy-microhei for readable screenshots"; return 0; }
    log "ERROR: the browser tests need Debian's chromium: sudo apt-get install -y chromium fonts-wqy-microhei"
    exit 1
  fi
  log "installing ${missing[*]} from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

install_packages
ensure_chromium
# Given services are used with a database of their own: <name>_test, so that the tests,
# which empty their database, never touch the data of npm start. Its options
# (?sslmode=… and the like) stay on the test database's URL.
if [ -n "${DATABASE_URL:-}" ]; then
  given_db="${DATABASE_URL%%\?*}"
  export DATABASE_URL="${given_db}_test${DATABASE_URL#"$given_db"}"
fi
redis_given="${REDIS_URL:-}"
source scripts/services.sh campaigns_test
[ -n "$redis_given" ] || export REDIS_URL="${REDIS_URL%/*}/1"
set -u
trap stop_started_services EXIT

node scripts/ensure-database.js --recreate
build_server
build_web
node dist/scripts/migrate.js

mkdir -p test/artifacts
status=0
rm -f test/artifacts/jest-results.json
npx jest --runInBand --json --outputFile=test/artifacts/jest-results.json "$@" || status=$?
# A closing line that any CI reads, whatever the test runner.
if [ -f test/artifacts/jest-results.json ]; then
  node -e '
    const r = require("./test/artifacts/jest-results.json");
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  '
else
  log "Jest stopped before writing its results"
fi
exit $status
