#!/usr/bin/env bash
# examples/pv_uv_cumulate.sql: replaying the same input gives the identical curve, and the
# bucketed distinct count equals the plain one, with and without split distinct aggregation (also
# at parallelism 2, rows compared sorted).
set -euo pipefail
sluice="$1"
example="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$sluice" run "$example" > "$work/run1.txt"
"$sluice" run "$example" > "$work/run2.txt"
rows=$(wc -l < "$work/run1.txt")
# 4 pages x 1,440 one-minute steps of the day.
[ "$rows" -eq 5760 ] || { echo "expected 5760 curve rows, got $rows"; exit 1; }
cmp "$work/run1.txt" "$work/run2.txt" || { echo "replay printed a different curve"; exit 1; }

sed -e 's/, MOD(device_id, 64);/;/' "$example" > "$work/plain.sql"
"$sluice" run "$work/plain.sql" > "$work/plain.txt"
cmp "$work/run1.txt" "$work/plain.txt" || { echo "bucketed UV differs from plain UV"; exit 1; }
# The planner's own bucketing (split distinct) over the plain query gives the same curve.
"$sluice" run "$work/plain.sql" --set table.optimizer.distinct-agg.split.enabled=true \
  --set table.optimizer.distinct-agg.split.bucket-num=16 > "$work/split.txt"
cmp "$work/run1.txt" "$work/split.txt" || { echo "split distinct UV differs from plain UV"; exit 1; }

sed -e "s/'parallelism.default' = '1'/'parallelism.default' = '2'/" "$example" > "$work/p2.sql"
# Print prefixes name the subtask ("curve:1> ") when there are several: compare rows only.
"$sluice" run "$work/p2.sql" | sed 's/^[^>]*> //' | sort > "$work/p2.txt"
sed 's/^[^>]*> //' "$work/run1.txt" | sort | cmp - "$work/p2.txt" ||
  { echo "parallelism 2 gives other rows"; exit 1; }
grep -q 'curve> +I\[2024-01-01 00:00:00.000, 2024-01-01 00:01:00.000, page-0, 3000, ' \
  "$work/run1.txt" || { echo "first step of page-0 missing"; exit 1; }
echo "pv_uv_cumulate: $rows rows, replay identical, buckets add up"
