# Sourced by the broker e2e scripts: starts and stops `sluice broker` and waits on conditions
# with bounded loops (never a fixed sleep as synchronisation).
# Needs: $sluice (the binary) and $work (a scratch folder).

if ! command -v kcat >/dev/null 2>&1; then
  echo "SKIP: kcat is not installed (scripts/setup-deps installs it)"
  exit 77
fi

broker_pid=""
broker_port=""

# start_broker DATA_DIR [PORT]: starts a broker (PORT 0 or omitted: a free one) and waits
# until it listens; sets broker_pid and broker_port.
start_broker() {
  local data_dir="$1" port="${2:-0}" log="$work/broker.$RANDOM.log"
  "$sluice" broker --data-dir "$data_dir" --port "$port" > "$log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 300); do
    if grep -q "listening on" "$log"; then
      broker_port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\),.*/\1/p' "$log")
      return 0
    fi
    kill -0 "$broker_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "broker did not start:"; cat "$log"; exit 1
}

stop_broker() {
  if [ -n "$broker_pid" ]; then
    kill "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
    broker_pid=""
  fi
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 50 ms until it succeeds.
wait_for() {
  local seconds="$1" what="$2"
  shift 2
  local tries=$((seconds * 20))
  for _ in $(seq 1 "$tries"); do
    if "$@"; then return 0; fi
    sleep 0.05
  done
  echo "timed out after ${seconds}s waiting for: $what"
  exit 1
}

line_count_at_least() { [ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ]; }

# expect_failure TEXT COMMAND...: COMMAND must fail and print TEXT.
expect_failure() {
  local text="$1" output
  shift
  if output=$("$@" 2>&1); then
    echo "expected failure with '$text' from: $*"; exit 1
  fi
  grep -qF -- "$text" <<< "$output" || { echo "expected '$text', got: $output"; exit 1; }
}
