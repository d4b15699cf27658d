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

work=$(mktemp -d)
pids=()
pg_admin="${PILOTO_TEST_POSTGRES_URL:-}"
pg_name=""
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$pg_name" ]]; then
    psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" >/dev/null || echo "could not drop database $pg_name" >&2
  fi
  if [[ $status -ne 0 && -s "$work/piloto.log" ]]; then
    echo "--- piloto log (last 30 lines) ---" >&2
    tail -n 30 "$work/piloto.log" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "building…"
mkdir -p bin
go build -o bin/piloto ./cmd/piloto
go build -o bin/fakegraph ./internal/whatsapp/graphtest/fakegraph
go build -o bin/webhookload ./cmd/webhookload

pin_server=()
pin_load=()
if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then
  pin_server=(taskset -c 0)
  pin_load=(taskset -c 1)
else
  echo "warning: no taskset or fewer than 2 CPUs: server and load generator are not pinned and share CPUs" >&2
fi

# A TCP port nothing listens on now.
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}

# The fake Graph API, with one number per channel.
fake_args=()
ids=()
for i in $(seq 0 $((numbers - 1))); do
  ids+=("$((100000000000000 + i))")
  fake_args+=(--number "${ids[$i]}:EAAG-bench-$i:+55 62 3000-$(printf %04d "$i"):Loja Bench $i")
done
bin/fakegraph --addr 127.0.0.1:0 "${fake_args[@]}" >"$work/fakegraph.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  [[ -s "$work/fakegraph.log" ]] && break
  sleep 0.05
done
graph_url=$(sed -n '1s/^fakegraph: Graph API on //p' "$work/fakegraph.log")
[[ -n "$graph_url" ]] || { echo "fakegraph did not start: $(cat "$work/fakegraph.log")" >&2; exit 1; }

# The database.
mkdir -p "$work/data"
if [[ "$db" == postgres ]]; then
  pg_name="piloto_bench_$(date +%s)_$RANDOM"
  psql -q "$pg_admin" -c "CREATE DATABASE $pg_name" >/dev/null
  database_url=$(sed -E "s#^(postgres(ql)?://[^/?]+)(/[^?]*)?#\1/$pg_name#" <<<"$pg_admin")
  count_url="$database_url"
else
  database_url="sqlite:$work/data/piloto.db"
  count_url="$work/data/piloto.db"
fi

port=$(free_port)
base="http://127.0.0.1:$port"
secret="bench-app-secret-$RANDOM$RANDOM"
PILOTO_ADDR="127.0.0.1:$port" \
PILOTO_DATA_DIR="$work/data" \
PILOTO_DATABASE_URL="$database_url" \
PILOTO_LOG_LEVEL=warn \
PILOTO_SECRET_KEY="bench-secret-key-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
PILOTO_WHATSAPP_APP_SECRET="$secret" \
PILOTO_WHATSAPP_VERIFY_TOKEN="bench-verify-token" \
PILOTO_WHATSAPP_GRAPH_URL="$graph_url" \
PILOTO_ALLOW_PRIVATE_URLS=true \
  "${pin_server[@]}" bin/piloto serve >"$work/piloto.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 1 200); do
  curl -fs -o /dev/null "$base/readyz" && break
  kill -0 "$server_pid" 2>/dev/null || { echo "piloto exited before it was ready" >&2; exit 1; }
  sleep 0.1
done
curl -fs -o /dev/null "$base/readyz" || { echo "piloto not ready on $base/readyz after 20 s" >&2; exit 1; }

# Sign up: the session is the access cookie; unsafe requests also carry the
# session's CSRF token (from the body, or the piloto_csrf cookie) in X-CSRF-Token.
status=$(curl -sS -o "$work/signup.json" -D "$work/signup.headers" -w '%{http_code}' -X POST "$base/api/v1/auth/signup" \
  -H 'Content-Type: application/json' \
  --data "{\"name\":\"Bench\",\"email\":\"bench-$RANDOM@example.com\",\"password\":\"Carga-de-webhooks-$RANDOM!\",\"organization\":\"Loja Bench\"}")
[[ "$status" == 201 ]] || { echo "sign-up answered $status: $(cat "$work/signup.json")" >&2; exit 1; }
access=$(sed -n 's/^[Ss]et-[Cc]ookie: __Host-piloto_access=\([^;]*\).*/\1/p' "$work/signup.headers" | tr -d '\r')
csrf=$(jq -r .csrf_token "$work/signup.json")
[[ -n "$access" && -n "$csrf" && "$csrf" != null ]] || { echo "sign-up gave no session cookie or CSRF token" >&2; exit 1; }

# api METHOD PATH [JSON]: prints the body; fails unless the status is 2xx.
api() {
  local out="$work/api.json" code
  code=$(curl -sS -o "$out" -w '%{http_code}' -X "$1" "$base$2" \
    -H "Cookie: __Host-piloto_access=$access; piloto_csrf=$csrf" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' ${3:+--data "$3"})
  if [[ "$code" != 2* ]]; then
    echo "$1 $2 answered $code: $(cat "$out")" >&2
    return 1
  fi
  cat "$out"
}

for i in $(seq 0 $((numbers - 1))); do
  channel=$(api POST /api/v1/channels "{\"name\":\"Bench $i\",\"phone_number_id\":\"${ids[$i]}\",\"display_number\":\"+55 62 3000-$(printf %04d "$i")\",\"access_token\":\"EAAG-bench-$i\",\"enabled\":true}")
  channel_id=$(jq -r .id <<<"$channel")
  proof=$(api POST "/api/v1/channels/$channel_id/test")
  [[ $(jq -r .ok <<<"$proof") == true ]] || { echo "channel $channel_id not proven: $proof" >&2; exit 1; }
done
echo "$db: $numbers proven channels; sending $rate webhooks/s for $duration from $contacts contacts"

run_id="$db-$(date +%s)"
"${pin_load[@]}" bin/webhookload --url "$base/webhooks/whatsapp" --secret "$secret" \
  --numbers "$(IFS=,; echo "${ids[*]}")" --rate "$rate" --duration "$duration" --contacts "$contacts" \
  --run-id "$run_id" --database-url "$count_url" "${extra[@]}"

if [[ -r "/proc/$server_pid/status" ]]; then
  echo "piloto peak memory: $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server_pid/status"), CPU time: $(ps -o cputime= -p "$server_pid" | tr -d ' ')"
fi
