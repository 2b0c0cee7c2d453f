#!/usr/bin/env bash
# Shared steps of start.sh, test.sh and bench.sh: install npm packages when missing
# or out of date, and build the server and (optionally) the web UI.

log() { echo "[$(basename "$0" .sh)] $*" >&2; }

install_packages() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages"
    # Not `npm ci`: npm 11 leaves other platforms' optional packages out of the lock file
    # and then refuses it in `npm ci`; `npm install` installs the same locked versions.
    npm install --no-audit --no-fund --loglevel=error
  fi
}

build_server() {
  log "building API and worker"
  npm run --silent build:server
}

# The web build takes a while, so it is skipped when nothing under apps/web changed since.
build_web() {
  local stamp=apps/web/dist/index.html
  if [ -f "$stamp" ] && [ -z "$(find apps/web -path apps/web/dist -prune -o -type f -newer "$stamp" -print -quit)" ] \
     && [ "$stamp" -nt package-lock.json ]; then
    return 0
  fi
  log "building the web UI"
  npm run --silent build:web >/dev/null
}
