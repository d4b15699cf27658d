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

pg_admin="${PILOTO_TEST_POSTGRES_URL:-}"

echo "building…"
mkdir -p bin
go build -o bin/piloto ./cmd/piloto
go build -o bin/fakegraph ./internal/whatsapp/graphtest/fakegraph
go build -o bin/fakellm ./internal/llm/llmtest/fakellm
go build -o bin/webhookload ./cmd/webhookload
go build -o bin/replyload ./cmd/replyload

# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh

# The model.
"${pin_load[@]}" bin/fakellm --addr 127.0.0.1:0 --agent --think "$think" --think-max "$think_max" --model "" >"$work/fakellm.log" 2>&1 &
pids+=($!)
llm_url=$(first_line "$work/fakellm.log" "fakellm: openai API on ")
[[ -n "$llm_url" ]] || { echo "fakellm did not start: $(cat "$work/fakellm.log")" >&2; exit 1; }

# The fake Graph API, reporting statuses to the server.
start_fakegraph --webhook-url "$base/webhooks/whatsapp" --secret "$secret" --status-delay 50ms
start_piloto PILOTO_WHATSAPP_DEBOUNCE="$debounce" PILOTO_LLM_PROVIDER=openai \
  PILOTO_OPENAI_BASE_URL="$llm_url" PILOTO_OPENAI_API_KEY="sk-bench"
sign_up

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

prove_channels "$agent_id"
echo "$db: $numbers proven channels, debounce $debounce, model thinking $think–$think_max a call; sending $rate messages/s for $duration from $contacts contacts"

run_id="$db-$(date +%s)"
"${pin_load[@]}" bin/webhookload --url "$base/webhooks/whatsapp" --secret "$secret" \
  --numbers "$(IFS=,; echo "${ids[*]}")" --rate "$rate" --duration "$duration" --contacts "$contacts" \
  --run-id "$run_id" --database-url "$count_url"

echo "waiting for the replies (up to $wait_replies)…"
"${pin_load[@]}" bin/replyload --database-url "$count_url" --run-id "$run_id" \
  --graph-stats "${graph_url%/*}/stats" --debounce "$debounce" --wait "$wait_replies"

report_server
if grep -q . "$work/piloto.log"; then
  echo "piloto log: $(wc -l <"$work/piloto.log") lines at warn or above; the most frequent:"
  sed -E 's/^time=[^ ]+ //' "$work/piloto.log" | cut -c1-160 | sort | uniq -c | sort -rn | head -5
fi
