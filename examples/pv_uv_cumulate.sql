-- The day's PV and UV per page so far, updated every minute, with hot pages spread over buckets
-- of devices (`sluice run examples/pv_uv_cumulate.sql`).
--
-- Half an hour of page events from midnight, Beijing time: one event every 5 ms of event time.
-- Everything is derived from a sequence, so the input is the same on every run: replaying it
-- prints the same curve, because the curve depends on event time only.
SET 'table.local-time-zone' = 'Asia/Shanghai';
-- One subtask prints the rows in a stable order (the values do not depend on it).
SET 'parallelism.default' = '1';

CREATE TABLE page_events (
  seq        BIGINT,
  device_id  AS MOD(ABS(HASH_CODE(MD5(CAST(seq AS STRING)))), 200000),
  page       AS CONCAT('page-', CAST(MOD(seq, 4) AS STRING)),
  ts         AS TO_TIMESTAMP_LTZ(1704038400000 + seq * 5, 3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '100000000',
  'fields.seq.kind' = 'sequence',
  'fields.seq.start' = '0',
  'fields.seq.end' = '359999'
);

-- Step 1: a day-long CUMULATE window with a one-minute step, grouped by page and by a bucket of
-- the device id. A device always lands in the same bucket, so the distinct counts of the
-- buckets add up to the page's UV, and no single task holds a hot page's whole device set.
CREATE VIEW page_buckets AS
SELECT window_start AS day_start, window_end AS step_end, window_time AS step_time, page,
       COUNT(*) AS pv, COUNT(DISTINCT device_id) AS uv
FROM TABLE(CUMULATE(TABLE page_events, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' DAY))
GROUP BY window_start, window_end, window_time, page, MOD(device_id, 64);

CREATE TABLE pv_uv_curve (
  day_start TIMESTAMP(3),
  step_end  TIMESTAMP(3),
  page      STRING,
  pv        BIGINT,
  uv        BIGINT
) WITH (
  'connector' = 'print',
  'print-identifier' = 'curve'
);

-- Step 2: add the buckets of each step up per page (a one-minute window over the step's time).
INSERT INTO pv_uv_curve
SELECT day_start, step_end, page, SUM(pv) AS pv, SUM(uv) AS uv
FROM TABLE(TUMBLE(TABLE page_buckets, DESCRIPTOR(step_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, day_start, step_end, page;
