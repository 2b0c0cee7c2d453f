#!/usr/bin/env bash
# npm start: everything needed to try the platform on one machine.
# Installs what is missing, brings up PostgreSQL and Redis (scripts/services.sh),
# migrates, loads the demo data once, starts the API (which serves the web UI) and
# WORKER_PROCESSES workers (one unless told), and prints the URL and the demo logins.
# Ctrl-C stops all it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prepare.sh

export NODE_ENV="${NODE_ENV:-development}"
export PORT="${PORT:-3000}"
DEMO_CUSTOMERS="${DEMO_CUSTOMERS:-100000}"
WORKER_PROCESSES="${WORKER_PROCESSES:-1}"
[[ "$WORKER_PROCESSES" =~ ^[1-9][0-9]*$ ]] || { log "WORKER_PROCESSES must be a whole number of 1 or more, not '$WORKER_PROCESSES'"; exit 1; }

# Evaluation reports print to PDF with Debian's Chromium; the CJK font renders their Chinese text.
ensure_pdf_printer() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "note: evaluation reports cannot be printed as PDF until you install ${missing[*]}: sudo apt-get install -y ${missing[*]}"
    return 0
  fi
  log "installing ${missing[*]} from Debian's packages (PDF of evaluation reports)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || log "note: could not install ${missing[*]}; PDFs of evaluation reports answer 503 until they are installed"
}

install_packages
ensure_pdf_printer
source scripts/services.sh campaigns
set -u
build_server
build_web
pids=()
shutdown() {
  trap - INT TERM EXIT
  log "stopping"
  [ "${#pids[@]}" -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null || true
  stop_started_services
}
trap shutdown INT TERM EXIT

# Without an SMTP server of the user's own, a local mail catcher receives every mail the
# platform sends and shows it on a web page, so nothing leaves the machine.
MAIL_WEB_PORT="${LOCAL_MAIL_WEB_PORT:-1080}"
if [ -z "${SMTP_URL:-}" ]; then
  mail_smtp_port="${LOCAL_MAIL_SMTP_PORT:-1025}"
  node node_modules/maildev/dist/bin/maildev.js --smtp "$mail_smtp_port" --ip 127.0.0.1 --web "$MAIL_WEB_PORT" --web-ip 127.0.0.1 >.data/maildev.log 2>&1 &
  pids+=($!)
  export SMTP_URL="smtp://127.0.0.1:$mail_smtp_port"
  MAIL_CATCHER="http://localhost:$MAIL_WEB_PORT"
fi

# After the mail catcher: the demo's campaigns notify staff, and the worker mails those notices.
node dist/scripts/migrate.js
node dist/scripts/seed-demo.js --customers "$DEMO_CUSTOMERS"

node dist/apps/api/src/main.js &
api_pid=$!
pids+=($api_pid)
# Worker processes share the queues' work; WORKER_PROCESSES starts more of them side by side.
for _ in $(seq 1 "$WORKER_PROCESSES"); do
  node dist/apps/worker/src/main.js &
  pids+=($!)
done

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || { log "the API stopped while starting; see the messages above"; exit 1; }
  sleep 0.5
done

cat >&2 <<MSG

  The campaign platform is running:  http://localhost:$PORT
  API documentation:                 http://localhost:$PORT/api/docs
  Queue board (admins):              http://localhost:$PORT/admin/queues
${MAIL_CATCHER:+  Mail catcher (all mail sent):      $MAIL_CATCHER
}
MSG
node dist/scripts/demo-logins.js >&2
echo "  Press Ctrl-C to stop." >&2

# Stop everything when any of the processes ends.
wait -n "${pids[@]}"
