-- Per-minute PV and UV per page, printed as each window fires (`make run`).
--
-- A datagen source plays ten minutes of page events: one event per millisecond of event time
-- (ts_ms is a sequence), random devices, pages and event types. A one-minute TUMBLE window
-- counts page views (PV) and distinct devices (UV) per page; rows print when the watermark
-- (event time minus 5 seconds) passes the end of each minute.
CREATE TABLE page_events (
  device_id   BIGINT,
  page_id     INT,
  event_code  INT,
  ts_ms       BIGINT,
  page        AS CONCAT('page-', CAST(page_id AS STRING)),
  event_type  AS CASE event_code WHEN 0 THEN 'view' WHEN 1 THEN 'click' ELSE 'share' END,
  ts          AS TO_TIMESTAMP_LTZ(ts_ms, 3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '500000',
  'fields.device_id.min' = '1',
  'fields.device_id.max' = '20000',
  'fields.page_id.min' = '1',
  'fields.page_id.max' = '4',
  'fields.event_code.min' = '0',
  'fields.event_code.max' = '2',
  'fields.ts_ms.kind' = 'sequence',
  'fields.ts_ms.start' = '1704067200000',
  'fields.ts_ms.end' = '1704067799999'
);

CREATE TABLE pv_uv (
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  page         STRING,
  pv           BIGINT,
  uv           BIGINT
) WITH (
  'connector' = 'print',
  'print-identifier' = 'pv_uv'
);

INSERT INTO pv_uv
SELECT window_start, window_end, page, COUNT(*) AS pv, COUNT(DISTINCT device_id) AS uv
FROM TABLE(TUMBLE(TABLE page_events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE event_type = 'view'
GROUP BY window_start, window_end, page;
