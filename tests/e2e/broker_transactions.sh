#!/usr/bin/env bash
# Transactions through librdkafka: committed records are visible to read_committed consumers,
# aborted ones only to read_uncommitted ones, and offsets sent to the transaction are committed
# with it. An open transaction holds read_committed consumers back (last stable offset).
set -euo pipefail
sluice="$1"
producer="$2"
work="$(mktemp -d)"
trap 'stop_broker; rm -rf "$work"' EXIT
source "$(dirname "$0")/broker_harness.sh"

count=5000
start_broker "$work/data"
b="127.0.0.1:$broker_port"
"$sluice" topic create tx --partitions 2 --broker "$b" > /dev/null
"$producer" "$b" tx "$count" txgroup

kcat -b "$b" -C -t tx -e -q -f '%s\n' -X isolation.level=read_committed > "$work/committed.txt"
kcat -b "$b" -C -t tx -e -q -f '%s\n' -X isolation.level=read_uncommitted > "$work/all.txt"
c1=$(grep -c '^committed-1-' "$work/committed.txt" || true)
c2=$(grep -c '^committed-2-' "$work/committed.txt" || true)
aborted_seen=$(grep -c '^aborted-' "$work/committed.txt" || true)
[ "$c1" -eq "$count" ] && [ "$c2" -eq "$count" ] && [ "$aborted_seen" -eq 0 ] ||
  { echo "read_committed saw $c1 + $c2 committed and $aborted_seen aborted records"; exit 1; }
[ "$(wc -l < "$work/all.txt")" -eq $((3 * count)) ] || { echo "read_uncommitted count"; exit 1; }
grep -qx "tx 0 42 -" "$work/data/groups/"*.offsets || { echo "transactional offsets"; exit 1; }

# After a restart the aborted list and the stable offset are rebuilt from the log.
stop_broker
start_broker "$work/data"
b="127.0.0.1:$broker_port"
kcat -b "$b" -C -t tx -e -q -f '%s\n' -X isolation.level=read_committed | sort |
  cmp - <(sort "$work/committed.txt") || { echo "read_committed differs after restart"; exit 1; }
echo "broker_transactions: $((2 * count)) committed records visible, $count aborted hidden"
