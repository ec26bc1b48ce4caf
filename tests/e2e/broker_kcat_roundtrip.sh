#!/usr/bin/env bash
# sluice broker + kcat: 100,000 keyed records produced and consumed back byte for byte, batches
# compressed with every codec, and the `sluice topic` commands (create, list, describe, produce,
# consume, delete, clear errors).
set -euo pipefail
sluice="$1"
work="$(mktemp -d)"
trap 'stop_broker; rm -rf "$work"' EXIT
source "$(dirname "$0")/broker_harness.sh"

start_broker "$work/data"
b="127.0.0.1:$broker_port"
"$sluice" topic create events --partitions 4 --broker "$b" | grep -q "created topic 'events'"
kcat -b "$b" -L | grep -q 'topic "events" with 4 partitions'

for i in $(seq 1 100000); do printf 'key-%d:value %d with some text\n' "$i" "$i"; done > "$work/in.txt"
kcat -b "$b" -P -t events -K: -X acks=all < "$work/in.txt"
kcat -b "$b" -C -t events -e -q -f '%k:%s\n' > "$work/out.txt"
sort "$work/in.txt" > "$work/in.sorted"
sort "$work/out.txt" | cmp - "$work/in.sorted" || { echo "records differ"; exit 1; }
# Keys are hashed to partitions: each partition keeps its records in produce order.
kcat -b "$b" -C -t events -p 2 -e -q -f '%k:%s\n' > "$work/p2.txt"
grep -Fx -f "$work/p2.txt" "$work/in.txt" | cmp - "$work/p2.txt" || { echo "partition order"; exit 1; }

# Compressed batches are stored and served as the producer sent them.
"$sluice" topic create codecs --partitions 2 --broker "$b" > /dev/null
head -5000 "$work/in.txt" > "$work/codec-in.txt"
for codec in gzip snappy lz4 zstd; do
  kcat -b "$b" -P -t codecs -K: -z "$codec" < "$work/codec-in.txt"
done
kcat -b "$b" -C -t codecs -e -q -f '%k:%s\n' | sort > "$work/codec-out.txt"
for codec in 1 2 3 4; do cat "$work/codec-in.txt"; done | sort | cmp - "$work/codec-out.txt" ||
  { echo "compressed batches differ"; exit 1; }
kcat -b "$b" -C -t codecs -e -q -f '%k:%s\n' -X isolation.level=read_committed | wc -l |
  grep -qx 20000 || { echo "read_committed over compressed batches"; exit 1; }

# sluice topic produce / consume / describe / list / delete.
expect_failure "unknown topic 'small'" "$sluice" topic produce small --broker "$b" < /dev/null
"$sluice" topic create small --broker "$b" --config retention.ms=86400000 > /dev/null
printf 'a\nb\nc\n' | "$sluice" topic produce small --broker "$b" 2> /dev/null
[ "$("$sluice" topic consume small --from-beginning --exit-at-end --broker "$b")" = "$(printf 'a\nb\nc')" ] ||
  { echo "sluice topic consume"; exit 1; }
"$sluice" topic describe small --broker "$b" > "$work/describe.txt"
grep -Eq '^ +0 +0 +0 +3$' "$work/describe.txt" || { echo "describe offsets"; exit 1; }
grep -qx '  retention.ms=86400000  (set)' "$work/describe.txt" || { echo "describe configs"; exit 1; }
[ "$("$sluice" topic list --broker "$b" | sort | tr '\n' ' ')" = "codecs events small " ] ||
  { echo "list"; exit 1; }
expect_failure "Topic 'small' already exists" "$sluice" topic create small --broker "$b"
expect_failure "unknown topic config 'retention.hours'" \
  "$sluice" topic create bad --config retention.hours=1 --broker "$b"
"$sluice" topic delete small --broker "$b" | grep -q "deleted topic 'small'"
expect_failure "unknown topic 'small'" "$sluice" topic delete small --broker "$b"
stop_broker
expect_failure "cannot reach broker at $b" "$sluice" topic list --broker "$b"

# A restart serves the same data.
start_broker "$work/data"
b="127.0.0.1:$broker_port"
kcat -b "$b" -C -t events -e -q -f '%k:%s\n' | sort | cmp - "$work/in.sorted" || { echo "after restart"; exit 1; }
echo "broker_kcat_roundtrip: 100000 records identical, gzip/snappy/lz4/zstd batches intact," \
  "topic commands ok"
