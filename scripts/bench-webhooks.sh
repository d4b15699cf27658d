#!/usr/bin/env bash
# Load test of the WhatsApp webhook: how many signed webhooks a second one
# `piloto serve` stores, at what latency, and whether any message is lost or
# stored twice.
#
#   scripts/bench-webhooks.sh [sqlite|postgres] [rate] [duration] [webhookload flags…]
#
# rate defaults to 50/s on SQLite and 200/s on PostgreSQL; duration to 60s.
# PostgreSQL runs on the server of $PILOTO_TEST_POSTGRES_URL, in a throwaway
# database created for the run and dropped after it.
#
# It builds bin/piloto, bin/fakegraph and bin/webhookload; starts the fake
# Graph API and the server (pinned to CPU 0), signs up, creates
# $BENCH_NUMBERS (default 2) WhatsApp channels and proves them with "Testar
# conexão" through the public API; then runs webhookload (pinned to CPU 1) at
# the rate, over $BENCH_CONTACTS (default 500) senders, and prints its report,
# the stored-message count and the server's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."

db="${1:-sqlite}"
case "$db" in
  sqlite) default_rate=50 ;;
  postgres) default_rate=200 ;;
  *) echo "usage: $0 [sqlite|postgres] [rate] [duration] [webhookload flags…]" >&2; exit 2 ;;
esac
rate="${2:-$default_rate}"
duration="${3:-60s}"
extra=("${@:4}")
numbers="${BENCH_NUMBERS:-2}"
contacts="${BENCH_CONTACTS:-500}"
if [[ "$db" == postgres && -z "${PILOTO_TEST_POSTGRES_URL:-}" ]]; then
  echo "set PILOTO_TEST_POSTGRES_URL to a PostgreSQL server (any database on it), e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable" >&2
  exit 2
fi

pg_admin="${PILOTO_TEST_POSTGRES_URL:-}"

echo "building…"
mkdir -p bin
go build -o bin/piloto ./cmd/piloto
go build -o bin/fakegraph ./internal/whatsapp/graphtest/fakegraph
go build -o bin/webhookload ./cmd/webhookload

# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
start_fakegraph
start_piloto
sign_up
prove_channels
echo "$db: $numbers proven channels; sending $rate webhooks/s for $duration from $contacts contacts"

run_id="$db-$(date +%s)"
"${pin_load[@]}" bin/webhookload --url "$base/webhooks/whatsapp" --secret "$secret" \
  --numbers "$(IFS=,; echo "${ids[*]}")" --rate "$rate" --duration "$duration" --contacts "$contacts" \
  --run-id "$run_id" --database-url "$count_url" "${extra[@]}"

report_server
