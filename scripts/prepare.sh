#!/usr/bin/env bash
# Shared steps of start.sh, test.sh and bench.sh: install npm packages when missing
# or out of date, and build the server and (optionally) the web UI.

log() { echo "[$(basename "$0" .sh)] $*" >&2; }

install_packages() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages"
    # `npm ci` installs exactly the locked versions and never rewrites package-lock.json;
    # --include=dev because building needs the dev tools even when NODE_ENV=production.
    npm ci --include=dev --no-audit --no-fund --loglevel=error
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
