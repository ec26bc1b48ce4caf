#!/usr/bin/env bash
# kill -9 of the broker while an idempotent acks=all producer runs: after a restart on the same
# port the producer finishes, every acknowledged record is present, and none is duplicated
# (producer sequence state is rebuilt from the log).
set -euo pipefail
sluice="$1"
producer="$2"
work="$(mktemp -d)"
producer_pid=""
trap 'stop_broker; [ -n "$producer_pid" ] && kill "$producer_pid" 2>/dev/null; rm -rf "$work"' EXIT
source "$(dirname "$0")/broker_harness.sh"

count=300000
start_broker "$work/data"
port=$broker_port
b="127.0.0.1:$port"
"$sluice" topic create crash --partitions 3 --broker "$b" > /dev/null
"$producer" "$b" crash "$count" "$work/acked.txt" > "$work/producer.out" 2>&1 &
producer_pid=$!
wait_for 60 "50000 acknowledged records" line_count_at_least "$work/acked.txt" 50000
kill -9 "$broker_pid"
wait "$broker_pid" 2>/dev/null || true
acked_at_kill=$(wc -l < "$work/acked.txt")
start_broker "$work/data" "$port"
wait "$producer_pid" || { echo "producer failed:"; cat "$work/producer.out"; exit 1; }
producer_pid=""
grep -q "delivered $count failed 0" "$work/producer.out" || { cat "$work/producer.out"; exit 1; }

kcat -b "$b" -C -t crash -e -q -f '%s\n' | sort > "$work/stored.txt"
sort "$work/acked.txt" > "$work/acked.sorted"
missing=$(comm -23 "$work/acked.sorted" "$work/stored.txt" | wc -l)
[ "$missing" -eq 0 ] || { echo "$missing acknowledged records lost"; exit 1; }
stored=$(wc -l < "$work/stored.txt")
unique=$(uniq < "$work/stored.txt" | wc -l)
[ "$stored" -eq "$count" ] && [ "$unique" -eq "$count" ] ||
  { echo "expected $count records once each, stored $stored ($unique distinct)"; exit 1; }
echo "broker_crash_restart: killed after $acked_at_kill acks; all $count records stored once"
