#!/usr/bin/env bash
# kill -9 of the broker while an idempotent acks=all producer runs: after a restart on the same
# port the producer finishes, every acknowledged record is present, and none is duplicated
# (producer sequence state is rebuilt from the log). Once with the default flush policy (acks=all
# answered after the write) and once with flush.ms (answered after an fsync).
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

crash_case() {  # crash_case TOPIC [--config key=value]
  local topic="$1"
  shift
  "$sluice" topic create "$topic" --partitions 3 --broker "$b" "$@" > /dev/null
  "$producer" "$b" "$topic" "$count" "$work/$topic.acked" > "$work/$topic.producer" 2>&1 &
  producer_pid=$!
  wait_for 60 "50000 acknowledged records" line_count_at_least "$work/$topic.acked" 50000
  kill -9 "$broker_pid"
  wait "$broker_pid" 2> /dev/null || true
  local acked_at_kill
  acked_at_kill=$(wc -l < "$work/$topic.acked")
  start_broker "$work/data" "$port"
  wait "$producer_pid" || { echo "producer failed:"; cat "$work/$topic.producer"; exit 1; }
  producer_pid=""
  grep -q "delivered $count failed 0" "$work/$topic.producer" || { cat "$work/$topic.producer"; exit 1; }

  kcat -b "$b" -C -t "$topic" -e -q -f '%s\n' | sort > "$work/$topic.stored"
  sort "$work/$topic.acked" > "$work/$topic.acked.sorted"
  local missing stored unique
  missing=$(comm -23 "$work/$topic.acked.sorted" "$work/$topic.stored" | wc -l)
  [ "$missing" -eq 0 ] || { echo "$topic: $missing acknowledged records lost"; exit 1; }
  stored=$(wc -l < "$work/$topic.stored")
  unique=$(uniq < "$work/$topic.stored" | wc -l)
  [ "$stored" -eq "$count" ] && [ "$unique" -eq "$count" ] ||
    { echo "$topic: expected $count records once each, stored $stored ($unique distinct)"; exit 1; }
  echo "$topic: killed after $acked_at_kill acks; all $count records stored once"
}

crash_case crash
crash_case synced --config flush.ms=100
echo "broker_crash_restart: ok"
