#!/usr/bin/env bash
# Benchmark of the agent's replies on WhatsApp (issue 17): many contacts
# across several channels, a local model answering in 1–3 s; replies/s,
# end-to-end p50/p99 minus the model's time, and no reply lost or sent twice.
#
#   scripts/bench-replies.sh [sqlite|postgres] [rate] [duration]
#
# rate is inbound messages a second (default 5), duration the load's length
# (default 60s). PostgreSQL runs on the server of $PILOTO_TEST_POSTGRES_URL,
# in a throwaway database created for the run and dropped after it.
#
# It builds bin/piloto, bin/fakegraph, bin/fakellm, bin/webhookload and
# bin/replyload, then starts:
#   - fakellm --agent: a tool-using local model whose every call thinks 1–3 s
#     (uniform; $BENCH_THINK and $BENCH_THINK_MAX) before it answers, streamed
#     word by word 40 ms apart — a reply is two calls (search_knowledge, then
#     the answer);
#   - fakegraph with $BENCH_NUMBERS (default 3) numbers, posting signed "sent"
#     and "delivered" status webhooks back to the server for every message it
#     accepts, 50 ms apart, as Meta does;
#   - piloto serve (pinned to CPU 0; the others to CPU 1) with
#     PILOTO_WHATSAPP_DEBOUNCE=$BENCH_DEBOUNCE (default 500ms), its LLM at
#     fakellm and its Graph API at fakegraph.
# It signs up, creates an agent with its business hours off and a knowledge
# base with one FAQ, creates and proves the channels (answered by that agent), and runs webhookload at the
# rate for the duration, every message from a contact of its own (so each
# inbound message gets exactly one reply). Then replyload waits (up to
# $BENCH_WAIT, default 60s) until every inbound message has a reply the Graph
# API accepted and reports, from the database and fakegraph's /stats:
# replies/s, end-to-end and model time p50/p99/max, end-to-end − model −
# debounce, lost and duplicated messages.
set -euo pipefail
cd "$(dirname "$0")/.."

db="${1:-sqlite}"
case "$db" in
  sqlite | postgres) ;;
  *) echo "usage: $0 [sqlite|postgres] [rate] [duration]" >&2; exit 2 ;;
esac
rate="${2:-5}"
duration="${3:-60s}"
numbers="${BENCH_NUMBERS:-3}"
debounce="${BENCH_DEBOUNCE:-500ms}"
think="${BENCH_THINK:-1s}"
think_max="${BENCH_THINK_MAX:-3s}"
wait_replies="${BENCH_WAIT:-60s}"
if [[ "$db" == postgres && -z "${PILOTO_TEST_POSTGRES_URL:-}" ]]; then
  echo "set PILOTO_TEST_POSTGRES_URL to a PostgreSQL server (any database on it), e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable" >&2
  exit 2
fi
# A contact per message: rate × duration of them, and one to spare.
case "$duration" in
  *ms) secs=$(awk -v d="${duration%ms}" 'BEGIN { print d / 1000 }') ;;
  *s) secs="${duration%s}" ;;
  *m) secs=$(awk -v d="${duration%m}" 'BEGIN { print d * 60 }') ;;
  *) echo "duration $duration: use s, ms or m (60s, 2m)" >&2; exit 2 ;;
esac
contacts=$(awk -v r="$rate" -v s="$secs" 'BEGIN { n = r * s; c = int(n); if (c < n) c++; print c + 1 }')

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
go build -o bin/fakellm ./internal/llm/llmtest/fakellm
go build -o bin/webhookload ./cmd/webhookload
go build -o bin/replyload ./cmd/replyload

pin_server=()
pin_load=()
if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then
  pin_server=(taskset -c 0)
  pin_load=(taskset -c 1)
else
  echo "warning: no taskset or fewer than 2 CPUs: the server and the fakes are not pinned and share CPUs" >&2
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

# first_line LOG PREFIX: the rest of LOG's first line after PREFIX, once
# written (5 s at most).
first_line() {
  for _ in $(seq 1 100); do
    [[ -s "$1" ]] && break
    sleep 0.05
  done
  sed -n "1s/^$2//p" "$1"
}

port=$(free_port)
base="http://127.0.0.1:$port"
secret="bench-app-secret-$RANDOM$RANDOM"

# The model.
"${pin_load[@]}" bin/fakellm --addr 127.0.0.1:0 --agent --think "$think" --think-max "$think_max" --model "" >"$work/fakellm.log" 2>&1 &
pids+=($!)
llm_url=$(first_line "$work/fakellm.log" "fakellm: openai API on ")
[[ -n "$llm_url" ]] || { echo "fakellm did not start: $(cat "$work/fakellm.log")" >&2; exit 1; }

# The fake Graph API, with one number per channel, reporting statuses to the server.
fake_args=()
ids=()
for i in $(seq 0 $((numbers - 1))); do
  ids+=("$((100000000000000 + i))")
  fake_args+=(--number "${ids[$i]}:EAAG-bench-$i:+55 62 3000-$(printf %04d "$i"):Loja Bench $i")
done
"${pin_load[@]}" bin/fakegraph --addr 127.0.0.1:0 "${fake_args[@]}" \
  --webhook-url "$base/webhooks/whatsapp" --secret "$secret" --status-delay 50ms >"$work/fakegraph.log" 2>&1 &
pids+=($!)
graph_url=$(first_line "$work/fakegraph.log" "fakegraph: Graph API on ")
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

PILOTO_ADDR="127.0.0.1:$port" \
PILOTO_DATA_DIR="$work/data" \
PILOTO_DATABASE_URL="$database_url" \
PILOTO_LOG_LEVEL=warn \
PILOTO_SECRET_KEY="bench-secret-key-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
PILOTO_WHATSAPP_APP_SECRET="$secret" \
PILOTO_WHATSAPP_VERIFY_TOKEN="bench-verify-token" \
PILOTO_WHATSAPP_GRAPH_URL="$graph_url" \
PILOTO_WHATSAPP_DEBOUNCE="$debounce" \
PILOTO_LLM_PROVIDER=openai \
PILOTO_OPENAI_BASE_URL="$llm_url" \
PILOTO_OPENAI_API_KEY="sk-bench" \
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
  --data "{\"name\":\"Bench\",\"email\":\"bench-$RANDOM@example.com\",\"password\":\"Carga-de-respostas-$RANDOM!\",\"organization\":\"Loja Bench\"}")
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

# A knowledge base with one FAQ, ingested.
kb_id=$(api POST /api/v1/knowledge-bases '{"name":"Bench"}' | jq -r .id)
source_id=$(api POST "/api/v1/knowledge-bases/$kb_id/faqs" \
  '{"question":"Quanto custa a instalação solar?","answer":"A instalação solar custa a partir de R$ 12.000, em até 60 parcelas. A visita técnica é gratuita."}' | jq -r .id)
for _ in $(seq 1 100); do
  [[ $(api GET "/api/v1/sources/$source_id" | jq -r .status) == ready ]] && break
  sleep 0.2
done
[[ $(api GET "/api/v1/sources/$source_id" | jq -r .status) == ready ]] || { echo "the FAQ was not ingested: $(cat "$work/api.json")" >&2; exit 1; }

# The channels' agent answers at any hour, from that base.
agent=$(api POST /api/v1/agents '{"name":"Sol"}')
agent_id=$(jq -r .id <<<"$agent")
patch=$(jq -c --arg kb "$kb_id" '{version: .version, business_hours: (.business_hours + {enabled: false}), knowledge_base_ids: [$kb]}' <<<"$agent")
api PATCH "/api/v1/agents/$agent_id" "$patch" >/dev/null

for i in $(seq 0 $((numbers - 1))); do
  channel=$(api POST /api/v1/channels "{\"name\":\"Bench $i\",\"phone_number_id\":\"${ids[$i]}\",\"display_number\":\"+55 62 3000-$(printf %04d "$i")\",\"access_token\":\"EAAG-bench-$i\",\"agent_id\":\"$agent_id\",\"enabled\":true}")
  channel_id=$(jq -r .id <<<"$channel")
  proof=$(api POST "/api/v1/channels/$channel_id/test")
  [[ $(jq -r .ok <<<"$proof") == true ]] || { echo "channel $channel_id not proven: $proof" >&2; exit 1; }
done
echo "$db: $numbers proven channels, debounce $debounce, model thinking $think–$think_max a call; sending $rate messages/s for $duration from $contacts contacts"

run_id="$db-$(date +%s)"
"${pin_load[@]}" bin/webhookload --url "$base/webhooks/whatsapp" --secret "$secret" \
  --numbers "$(IFS=,; echo "${ids[*]}")" --rate "$rate" --duration "$duration" --contacts "$contacts" \
  --run-id "$run_id" --database-url "$count_url"

echo "waiting for the replies (up to $wait_replies)…"
"${pin_load[@]}" bin/replyload --database-url "$count_url" --run-id "$run_id" \
  --graph-stats "${graph_url%/*}/stats" --debounce "$debounce" --wait "$wait_replies"

if [[ -r "/proc/$server_pid/status" ]]; then
  echo "piloto peak memory: $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server_pid/status"), CPU time: $(ps -o cputime= -p "$server_pid" | tr -d ' ')"
fi
if grep -q . "$work/piloto.log"; then
  echo "piloto log: $(wc -l <"$work/piloto.log") lines at warn or above; the most frequent:"
  sed -E 's/^time=[^ ]+ //' "$work/piloto.log" | cut -c1-160 | sort | uniq -c | sort -rn | head -5
fi
