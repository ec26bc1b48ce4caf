#!/usr/bin/env bash
# Two kcat group members (-G) split a 4-partition topic, and each takes over all partitions
# when the other leaves (SIGTERM: LeaveGroup) or dies (kill -9: session timeout).
set -euo pipefail
sluice="$1"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; stop_broker; rm -rf "$work"' EXIT
source "$(dirname "$0")/broker_harness.sh"

start_broker "$work/data"
b="127.0.0.1:$broker_port"
"$sluice" topic create g --partitions 4 --broker "$b" > /dev/null
member() {  # member NAME: a group member printing values unbuffered
  # -o would override committed offsets in kcat's rebalance callback: use auto.offset.reset.
  kcat -b "$b" -G team g -u -f '%s\n' -X auto.offset.reset=earliest -X session.timeout.ms=6000 \
    -X heartbeat.interval.ms=500 > "$work/$1.out" 2> "$work/$1.err" &
  pids+=($!)
}
last_assignment_has() {  # last_assignment_has NAME COUNT: the newest assignment has COUNT partitions
  local line
  line=$(grep "assigned:" "$work/$1.err" | tail -1)
  [ -n "$line" ] && [ "$(grep -o 'g \[' <<< "$line" | wc -l)" -eq "$2" ]
}
member a
member b
wait_for 30 "a and b hold two partitions each" \
  bash -c "$(declare -f last_assignment_has); work=$work; last_assignment_has a 2 && last_assignment_has b 2"

for i in $(seq 1 20000); do echo "k$i:v$i"; done | kcat -b "$b" -P -t g -K:
wait_for 30 "20000 records consumed by the group" bash -c "[ \$(cat $work/*.out | sort -u | wc -l) -ge 20000 ]"

kill "${pids[0]}"  # a leaves the group
wait_for 30 "b takes all four partitions" \
  bash -c "$(declare -f last_assignment_has); work=$work; last_assignment_has b 4"
member c
wait_for 30 "b and c split the partitions" \
  bash -c "$(declare -f last_assignment_has); work=$work; last_assignment_has b 2 && last_assignment_has c 2"
kill -9 "${pids[1]}"  # b dies: c gets everything after b's session times out
{ wait "${pids[1]}"; } 2> /dev/null || true
wait_for 30 "c takes all four partitions" \
  bash -c "$(declare -f last_assignment_has); work=$work; last_assignment_has c 4"
for i in $(seq 20001 21000); do echo "k$i:v$i"; done | kcat -b "$b" -P -t g -K:
wait_for 30 "c consumes the new records" bash -c "grep -qx v21000 $work/c.out && [ \$(grep -c . $work/c.out) -ge 1000 ]"
consumed=$(cat "$work"/*.out | sort -u | wc -l)
[ "$consumed" -eq 21000 ] || { echo "expected 21000 distinct records, got $consumed"; exit 1; }

# Committed offsets survive a broker restart: a new member resumes after what c consumed.
kill "${pids[2]}"  # c closes and commits its offsets
wait "${pids[2]}" 2> /dev/null || true
stop_broker
start_broker "$work/data"
b="127.0.0.1:$broker_port"
member d
wait_for 30 "d holds all four partitions" \
  bash -c "$(declare -f last_assignment_has); work=$work; last_assignment_has d 4"
for i in $(seq 21001 21500); do echo "k$i:v$i"; done | kcat -b "$b" -P -t g -K:
wait_for 30 "d consumes the 500 new records" bash -c "[ \$(grep -c . $work/d.out) -ge 500 ]"
[ "$(sort -u "$work/d.out" | wc -l)" -eq 500 ] && ! grep -qvE '^v21([0-4][0-9][0-9]|500)$' "$work/d.out" ||
  { echo "d read records other than the 500 new ones:"; sort "$work/d.out" | head; exit 1; }
echo "broker_consumer_group: split 2+2, takeover on leave and on kill -9, $consumed records," \
  "offsets kept across a restart"
