#!/usr/bin/env bash
# The 'kafka' connector against `sluice broker`: JSON records produced with kcat are read back
# bounded (scan.bounded.mode = latest-offset) with their partition/offset metadata, aggregated
# in batch mode into another topic (keyed, read back with kcat), and clear errors for a missing
# topic and for exactly-once.
set -euo pipefail
sluice="$1"
work="$(mktemp -d)"
trap 'stop_broker; rm -rf "$work"' EXIT
source "$(dirname "$0")/broker_harness.sh"

start_broker "$work/data"
b="127.0.0.1:$broker_port"
"$sluice" topic create orders --partitions 3 --broker "$b" > /dev/null
"$sluice" topic create totals --partitions 2 --broker "$b" > /dev/null

# 40 orders of 5 users, keyed by user, so they spread over the 3 partitions.
for i in $(seq 1 40); do
  printf 'u%d|{"user":"u%d","amount":%d}\n' $((i % 5)) $((i % 5)) "$i"
done > "$work/orders.txt"
kcat -b "$b" -P -t orders -K'|' -X acks=all < "$work/orders.txt"
# Where each record landed: partition,offset,user,amount.
kcat -b "$b" -C -t orders -e -q -f '%p,%o,%s\n' |
  sed 's/{"user":"\(u[0-9]\)","amount":\([0-9]*\)}/\1,\2/' | sort > "$work/placed.txt"
[ "$(wc -l < "$work/placed.txt")" -eq 40 ] || { echo "kcat did not read back 40 records"; exit 1; }
[ "$(cut -d, -f1 "$work/placed.txt" | sort -u | wc -l)" -ge 2 ] ||
  { echo "the keys did not spread over the partitions"; exit 1; }

source_table() {  # source_table NAME STARTUP_MODE
  cat <<SQL
CREATE TABLE $1 (
  \`user\` STRING,
  amount BIGINT,
  part INT METADATA FROM 'partition' VIRTUAL,
  \`offset\` BIGINT METADATA VIRTUAL,
  tp STRING METADATA FROM 'topic' VIRTUAL
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders',
  'properties.bootstrap.servers' = '$b',
  'properties.group.id' = 'e2e',
  'scan.startup.mode' = '$2',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);
SQL
}

# 1. Every record with its metadata, at parallelism 2 (subtask 0 reads partitions 0 and 2).
{
  echo "SET 'parallelism.default' = '2';"
  source_table orders earliest-offset
  cat <<SQL
CREATE TABLE placed (part INT, off BIGINT, \`user\` STRING, amount BIGINT, tp STRING)
WITH ('connector' = 'filesystem', 'path' = '$work/placed', 'format' = 'csv');
INSERT INTO placed SELECT part, \`offset\`, \`user\`, amount, tp FROM orders;
SQL
} > "$work/placed.sql"
"$sluice" run "$work/placed.sql" > "$work/run1.log" 2>&1 || { cat "$work/run1.log"; exit 1; }
find "$work/placed" -type f ! -name '.*' -exec cat {} + | sort > "$work/read.txt"
sed 's/$/,orders/' "$work/placed.txt" | cmp - "$work/read.txt" ||
  { echo "records or metadata differ"; diff "$work/placed.txt" "$work/read.txt"; exit 1; }

# 2. Batch aggregation into a keyed topic, read back with kcat.
{
  echo "SET 'execution.runtime-mode' = 'batch';"
  source_table orders earliest-offset
  cat <<SQL
CREATE TABLE totals (\`user\` STRING, orders BIGINT, total BIGINT) WITH (
  'connector' = 'kafka',
  'topic' = 'totals',
  'properties.bootstrap.servers' = '$b',
  'key.format' = 'raw',
  'key.fields' = 'user',
  'value.format' = 'json'
);
INSERT INTO totals SELECT \`user\`, COUNT(*), SUM(amount) FROM orders GROUP BY \`user\`;
SQL
} > "$work/totals.sql"
"$sluice" run "$work/totals.sql" > "$work/run2.log" 2>&1 || { cat "$work/run2.log"; exit 1; }
kcat -b "$b" -C -t totals -e -q -f '%k|%s\n' | sort > "$work/totals.txt"
# User uK has the 8 amounts i <= 40 with i % 5 == K.
for k in 0 1 2 3 4; do
  total=0
  for i in $(seq 1 40); do [ $((i % 5)) -eq "$k" ] && total=$((total + i)); done
  printf 'u%d|{"user":"u%d","orders":8,"total":%d}\n' "$k" "$k" "$total"
done > "$work/expected_totals.txt"
cmp "$work/expected_totals.txt" "$work/totals.txt" ||
  { echo "totals differ"; diff "$work/expected_totals.txt" "$work/totals.txt"; exit 1; }

# 3. latest-offset start, bounded at the same offsets: nothing to read, the job ends.
{
  source_table orders latest-offset
  cat <<SQL
CREATE TABLE none_read (\`user\` STRING) WITH ('connector' = 'filesystem', 'path' = '$work/none',
  'format' = 'csv');
INSERT INTO none_read SELECT \`user\` FROM orders;
SQL
} > "$work/latest.sql"
"$sluice" run "$work/latest.sql" > "$work/run3.log" 2>&1 || { cat "$work/run3.log"; exit 1; }
[ -z "$(find "$work/none" -type f ! -name '.*' -exec cat {} + 2>/dev/null)" ] ||
  { echo "latest-offset read rows"; exit 1; }

# 4. Errors: a missing topic, exactly-once.
sed "s/'topic' = 'orders'/'topic' = 'missing'/" "$work/latest.sql" > "$work/missing.sql"
expect_failure "topic 'missing' of table 'default_catalog.default_database.orders' does not exist" \
  "$sluice" run "$work/missing.sql"
sed "s/'value.format' = 'json'/'value.format' = 'json', 'sink.delivery-guarantee' = 'exactly-once'/" \
  "$work/totals.sql" > "$work/exactly.sql"
expect_failure "'sink.delivery-guarantee' = 'exactly-once' of table" "$sluice" run "$work/exactly.sql"
echo "kafka_connector: 40 records with metadata, 5 totals via a keyed topic, errors ok"
