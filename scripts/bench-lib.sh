# What the WhatsApp load tests share (sourced by bench-webhooks.sh and
# bench-replies.sh, after they set $db, $numbers and $pg_admin): a work
# directory removed on exit with every process started here, CPU pinning,
# the database, piloto serve, a signed-up session and its API calls, and the
# proven channels.

work=$(mktemp -d)
pids=()
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

# pin_server and pin_load prefix the server's and the others' commands.
pin_server=()
pin_load=()
if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then
  pin_server=(taskset -c 0)
  pin_load=(taskset -c 1)
else
  echo "warning: no taskset or fewer than 2 CPUs: the server and the load are not pinned and share CPUs" >&2
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

# Where piloto listens, and the platform Meta app's secret that signs the
# webhooks.
port=$(free_port)
base="http://127.0.0.1:$port"
secret="bench-app-secret-$RANDOM$RANDOM"

# One number per channel: ids, and the fake Graph API's --number flags.
fake_args=()
ids=()
for i in $(seq 0 $((numbers - 1))); do
  ids+=("$((100000000000000 + i))")
  fake_args+=(--number "${ids[$i]}:EAAG-bench-$i:+55 62 3000-$(printf %04d "$i"):Loja Bench $i")
done

# start_fakegraph [FLAG…]: the fake Graph API with the numbers; sets
# graph_url.
start_fakegraph() {
  "${pin_load[@]}" bin/fakegraph --addr 127.0.0.1:0 "${fake_args[@]}" "$@" >"$work/fakegraph.log" 2>&1 &
  pids+=($!)
  graph_url=$(first_line "$work/fakegraph.log" "fakegraph: Graph API on ")
  [[ -n "$graph_url" ]] || { echo "fakegraph did not start: $(cat "$work/fakegraph.log")" >&2; exit 1; }
}

# start_piloto [NAME=VALUE…]: the database (a throwaway one on PostgreSQL)
# and piloto serve on it, pinned, with the settings given; waits until it is
# ready. Sets database_url, count_url (for the load tools) and server_pid.
start_piloto() {
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
  env PILOTO_ADDR="127.0.0.1:$port" \
    PILOTO_DATA_DIR="$work/data" \
    PILOTO_DATABASE_URL="$database_url" \
    PILOTO_LOG_LEVEL=warn \
    PILOTO_SECRET_KEY="bench-secret-key-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    PILOTO_WHATSAPP_APP_SECRET="$secret" \
    PILOTO_WHATSAPP_VERIFY_TOKEN="bench-verify-token" \
    PILOTO_WHATSAPP_GRAPH_URL="$graph_url" \
    PILOTO_ALLOW_PRIVATE_URLS=true \
    "$@" \
    "${pin_server[@]}" bin/piloto serve >"$work/piloto.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 200); do
    curl -fs -o /dev/null "$base/readyz" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "piloto exited before it was ready" >&2; exit 1; }
    sleep 0.1
  done
  curl -fs -o /dev/null "$base/readyz" || { echo "piloto not ready on $base/readyz after 20 s" >&2; exit 1; }
}

# sign_up: the session is the access cookie; unsafe requests also carry the
# session's CSRF token (from the body, or the piloto_csrf cookie) in
# X-CSRF-Token. Sets access and csrf.
sign_up() {
  local status
  status=$(curl -sS -o "$work/signup.json" -D "$work/signup.headers" -w '%{http_code}' -X POST "$base/api/v1/auth/signup" \
    -H 'Content-Type: application/json' \
    --data "{\"name\":\"Bench\",\"email\":\"bench-$RANDOM@example.com\",\"password\":\"Carga-de-teste-$RANDOM!\",\"organization\":\"Loja Bench\"}")
  [[ "$status" == 201 ]] || { echo "sign-up answered $status: $(cat "$work/signup.json")" >&2; exit 1; }
  access=$(sed -n 's/^[Ss]et-[Cc]ookie: __Host-piloto_access=\([^;]*\).*/\1/p' "$work/signup.headers" | tr -d '\r')
  csrf=$(jq -r .csrf_token "$work/signup.json")
  [[ -n "$access" && -n "$csrf" && "$csrf" != null ]] || { echo "sign-up gave no session cookie or CSRF token" >&2; exit 1; }
}

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

# prove_channels [AGENT_ID]: a channel per number, answered by the agent
# (none when empty), proven with "Testar conexão".
prove_channels() {
  local agent="" channel channel_id proof
  [[ -n "${1:-}" ]] && agent=",\"agent_id\":\"$1\""
  for i in $(seq 0 $((numbers - 1))); do
    channel=$(api POST /api/v1/channels "{\"name\":\"Bench $i\",\"phone_number_id\":\"${ids[$i]}\",\"display_number\":\"+55 62 3000-$(printf %04d "$i")\",\"access_token\":\"EAAG-bench-$i\"$agent,\"enabled\":true}")
    channel_id=$(jq -r .id <<<"$channel")
    proof=$(api POST "/api/v1/channels/$channel_id/test")
    [[ $(jq -r .ok <<<"$proof") == true ]] || { echo "channel $channel_id not proven: $proof" >&2; exit 1; }
  done
}

# report_server: piloto's peak memory and CPU time.
report_server() {
  if [[ -r "/proc/$server_pid/status" ]]; then
    echo "piloto peak memory: $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server_pid/status"), CPU time: $(ps -o cputime= -p "$server_pid" | tr -d ' ')"
  fi
}
