#!/usr/bin/env bash
# For contributors working on one area at a time: gives you a private, migrated test
# database and Redis db number, so that several people (or terminals) can run
# specs side by side on one machine.
#
#   source scripts/dev-test-db.sh <name> <redis-db-number>
#   npx jest --runInBand libs/segments
set -e
_name="${1:?usage: source scripts/dev-test-db.sh <name> <redis-db-number>}"
_redis_db="${2:?usage: source scripts/dev-test-db.sh <name> <redis-db-number>}"
_project="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
unset DATABASE_URL REDIS_URL
source "$_project/scripts/services.sh" "campaigns_test_$_name"
export REDIS_URL="${REDIS_URL%/*}/$_redis_db"
export NODE_ENV=test LOG_LEVEL=warn QUEUE_PREFIX="test_$_name" UPLOAD_DIR="/tmp/uploads-$_name"
_out="$_project/.data/build-$_name"
# tsc still writes its output when files elsewhere have type errors, which is all the migrations need.
(cd "$_project" && { npx tsc -p tsconfig.build.json --outDir "$_out" --tsBuildInfoFile "$_out/.tsbuildinfo" >/dev/null 2>&1 || true; } \
  && { npx tsc-alias -p tsconfig.build.json --outDir "$_out" >/dev/null 2>&1 || true; } && node "$_out/scripts/migrate.js")
echo "DATABASE_URL=$DATABASE_URL REDIS_URL=$REDIS_URL"
set +e
