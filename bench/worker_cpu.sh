#!/usr/bin/env bash
# CPU per USSD request, and per whole session (workers, database and Redis together: issue 27's
# bar), under gunicorn: the gateway, or a peer from ../shared/bench, driven by the
# peer bench's wrk script, with the workers' CPU, PostgreSQL's (if the app uses it) and anysd's
# Redis's (its sessions' store, as the database is the gateway's) read from /proc before and after. run_bench.sh gives requests per second; this says where the two
# cores went, which run_bench's ratios cannot.
# usage, from the project's root (after ../shared/bench/setup_peers.sh):
#   bash bench/worker_cpu.sh gateway            # SQLite file under $TMPDIR
#   bash bench/worker_cpu.sh anysd
#   PEER_DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/gwbench_peers bash bench/worker_cpu.sh anysd
#   WORKERS=2 CONNS=16 bash bench/worker_cpu.sh gateway
#   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/gwbench bash bench/worker_cpu.sh gateway
set -euo pipefail
trap 'jobs -p | xargs -r kill 2>/dev/null' EXIT
SHARED=${SHARED:-$(cd "$(dirname "$0")/../../shared/bench" && pwd)}
PEERS=${ROOT:-${TMPDIR:-/tmp}/ussdpeers}
WORKERS=${WORKERS:-1}; CONNS=${CONNS:-1}; DUR=${DUR:-10s}; PORT=${PORT:-8311}
D='Bomba la maji limevunjika tangu Jumatatu'
case ${1:?gateway or anysd} in
  gateway)
    dir=$(pwd); py=$dir/.venv/bin/python; spec="app:create_app()"
    steps="1|1*5|1*5*iwa|1*5*iwa*$D|1*5*iwa*$D*2|1*5*iwa*$D*2*1"
    export DATABASE_URL=${DATABASE_URL:-sqlite:///${TMPDIR:-/tmp}/worker_cpu.sqlite3}
    export AT_USERNAME= AT_API_KEY= WEBHOOK_SECRET= QUIET_HOURS= USSD_SERVICE_CODE='*384*123#'
    case $DATABASE_URL in sqlite*) rm -f "${DATABASE_URL#sqlite:///}"*;; esac ;;
  anysd)
    dir=$PEERS/anysd_app; py=$PEERS/venv-anysd/bin/python; spec="app:app"; steps=""
    # its sessions' Redis, as run_bench.sh starts it (its CPU is counted below, as the
    # gateway's database's is: the session store is part of what a session costs)
    port=${REDIS_PORT:-6390}
    redis-cli -p "$port" ping >/dev/null 2>&1 || redis-server --port "$port" --bind 127.0.0.1 \
      --save '' --appendonly no --daemonize yes --dir "$PEERS/redis" >/dev/null ;;
  *) echo "unknown stack $1" >&2; exit 2 ;;
esac
cpu() {  # user+system clock ticks of the given pids
  for pid in "$@"; do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0; done |
    awk '{s += $1} END {print s + 0}'
}
cd "$dir"
"$py" -c "import app; f = getattr(app, 'create_app', None); f and f()" >/dev/null 2>&1
"$(dirname "$py")/gunicorn" -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning "$spec" &
master=$!
until curl -sf -o /dev/null -X POST -d 'sessionId=probe&serviceCode=x&phoneNumber=%2B255754000000&text=' \
  "http://127.0.0.1:$PORT/ussd"; do sleep 0.2; done
wrk -t1 -c1 -d3s -s "$SHARED/ussd_session.lua" "http://127.0.0.1:$PORT" -- warm$RANDOM /ussd "$steps" >/dev/null
workers=$(pgrep -P $master | tr '\n' ' ')
database=$(pgrep -x postgres | tr '\n' ' ' || true)
store=$(pgrep -f "redis-server 127.0.0.1:${REDIS_PORT:-6390}" | tr '\n' ' ' || true)
w0=$(cpu $workers); d0=$(cpu $database); s0=$(cpu $store)
result=$(wrk -t"$CONNS" -c"$CONNS" -d"$DUR" --latency -s "$SHARED/ussd_session.lua" \
  "http://127.0.0.1:$PORT" -- r$RANDOM /ussd "$steps" | grep RESULT)
w1=$(cpu $workers); d1=$(cpu $database); s1=$(cpu $store)
requests=$(sed 's/.*req=\([0-9]*\).*/\1/' <<<"$result")
sessions=$(sed 's/.*sessions_end=\([0-9]*\).*/\1/' <<<"$result")  # sessions that reached END
ticks=$(getconf CLK_TCK)
echo "$1 workers=$WORKERS conns=$CONNS $result" \
  "worker_cpu_ms_per_req=$(awk "BEGIN {printf \"%.3f\", ($w1 - $w0) * 1000 / $ticks / $requests}")" \
  "postgres_cpu_ms_per_req=$(awk "BEGIN {printf \"%.3f\", ($d1 - $d0) * 1000 / $ticks / $requests}")" \
  "redis_cpu_ms_per_req=$(awk "BEGIN {printf \"%.3f\", ($s1 - $s0) * 1000 / $ticks / $requests}")" \
  "cpu_ms_per_session=$(awk "BEGIN {printf \"%.2f\", ($w1 - $w0 + $d1 - $d0 + $s1 - $s0) * 1000 / $ticks / $sessions}")"
kill $master; wait $master 2>/dev/null || true
