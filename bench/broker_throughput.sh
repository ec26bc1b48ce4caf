#!/usr/bin/env bash
# Produce and consume throughput of `sluice broker` through kcat (librdkafka), for 100-byte and
# 1 KB records, next to the raw sequential write speed of the same disk (dd with
# conv=fdatasync), all in one run. Figures go to docs/performance.md.
# Usage: bench/broker_throughput.sh build/bin/sluice [RECORDS (default 1000000)] [DIR]
set -euo pipefail
sluice="$1"
records="${2:-1000000}"
work="$(mktemp -d "${3:-/tmp}/sluice-bench-XXXXXX")"
trap 'kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$sluice" broker --data-dir "$work/data" --port 0 > "$work/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 200); do grep -q "listening on" "$work/broker.log" && break; sleep 0.05; done
b="127.0.0.1:$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\),.*/\1/p' "$work/broker.log")"

now() { date +%s.%N; }
# CPU seconds the broker process has used (user + system).
broker_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$broker_pid/stat"; }
report() {  # report WHAT RECORDS BYTES SECONDS BROKER_CPU_SECONDS
  awk -v what="$1" -v n="$2" -v bytes="$3" -v s="$4" -v cpu="$5" 'BEGIN {
    printf "%-30s %8d rec %6.2f s %9.0f rec/s %7.1f MB/s | broker CPU %5.2f s, %9.0f rec/s/core\n",
      what, n, s, n / s, bytes / s / 1e6, cpu, n / (cpu > 0 ? cpu : 1e-9) }'
}

run() {  # run SIZE CONFIG...: produce and consume RECORDS records of SIZE bytes
  local size="$1"
  shift
  local topic="perf-$size-$RANDOM" input="$work/records-$size.txt"
  [ -f "$input" ] || awk -v n="$records" -v size="$size" 'BEGIN {
      pad = sprintf("%*s", size, ""); gsub(/ /, "x", pad)
      for (i = 0; i < n; i++) { s = i "-" pad; print substr(s, 1, size) } }' > "$input"
  local configs=()
  for c in "$@"; do configs+=(--config "$c"); done
  "$sluice" topic create "$topic" --partitions 4 --broker "$b" "${configs[@]}" > /dev/null
  local start end label
  label="${size} B"
  if [ $# -gt 0 ]; then label="$label ($*)"; fi
  local cpu
  cpu=$(broker_cpu)
  start=$(now)
  kcat -b "$b" -P -t "$topic" -X acks=all -X linger.ms=5 -X batch.num.messages=10000 \
    -X queue.buffering.max.messages=1000000 < "$input"
  end=$(now)
  report "produce $label" "$records" $((records * size)) "$(echo "$end - $start" | bc)" \
    "$(echo "$(broker_cpu) - $cpu" | bc)"
  cpu=$(broker_cpu)
  start=$(now)
  local got
  got=$(kcat -b "$b" -C -t "$topic" -e -q -o beginning | wc -l)
  end=$(now)
  [ "$got" -eq "$records" ] || { echo "consumed $got of $records"; exit 1; }
  report "consume $label" "$records" $((records * size)) "$(echo "$end - $start" | bc)" \
    "$(echo "$(broker_cpu) - $cpu" | bc)"
}

run 100
run 1000
run 1000 flush.ms=10
dd if=/dev/zero of="$work/dd.bin" bs=1M count=1024 conv=fdatasync 2>&1 | tail -1 |
  sed 's/^/dd 1 GiB sequential write, conv=fdatasync: /'
