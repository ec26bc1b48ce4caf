// Differential check: bounded queries run by Sluice and by DuckDB over the same generated data
// must give the same rows (as multisets, or in order for ORDER BY queries). Each query runs in
// Sluice's batch mode, streaming mode and streaming mode at parallelism 2.
//
// Usage: node differential.mjs path/to/sluice
// Value comparison: numbers within a relative 1e-9, booleans case-insensitively, timestamps with
// trailing fractional zeros dropped, strings with trailing blanks dropped (Flink pads CHAR).
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sluice = process.argv[2];
if (!sluice) {
  console.error('usage: node differential.mjs path/to/sluice');
  process.exit(2);
}

// Deterministic data: a linear congruential generator.
let seed = 42;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const categories = ['books', 'bikes', 'games', 'garden', 'music', 'toys'];
const base = Date.UTC(2024, 0, 1);
const pad = (n, w = 2) => String(n).padStart(w, '0');
const formatTs = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
         `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.` +
         `${pad(d.getUTCMilliseconds(), 3)}`;
};
const lines = [];
for (let id = 1; id <= 5000; id++) {
  const amount = rand(10) === 0 ? '' : `${rand(100000) / 100}`;
  const price = (rand(100000) / 997).toFixed(6);
  const qty = rand(10) === 0 ? '' : String(1 + rand(9));
  const ts = formatTs(base + id * 2000 + rand(3000));  // bounded disorder: < 5 s
  const flag = rand(2) === 0 ? 'true' : 'false';
  lines.push([id, 1 + rand(50), categories[rand(categories.length)], amount, price, qty, ts, flag]
    .join(','));
}
const dir = mkdtempSync(join(tmpdir(), 'sluice-differential-'));
const csv = join(dir, 'orders.csv');
writeFileSync(csv, lines.join('\n') + '\n');

const ddl = `CREATE TABLE orders (
  id BIGINT, user_id INT, category STRING, amount DECIMAL(10, 2), price DOUBLE, qty INT,
  ts TIMESTAMP(3), flag BOOLEAN,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'filesystem', 'path' = '${csv}', 'format' = 'csv');`;

// Each case: Sluice SQL, and DuckDB SQL when it differs; `ordered` compares row order.
const cases = [
  { sql: `SELECT category, COUNT(*), SUM(qty), MIN(price), MAX(amount) FROM orders GROUP BY category` },
  { sql: `SELECT user_id, COUNT(DISTINCT category) AS c FROM orders WHERE qty > 3 GROUP BY user_id HAVING COUNT(*) > 2` },
  { sql: `SELECT id, amount * 2, price + qty, UPPER(category), SUBSTRING(category, 2, 3) FROM orders WHERE id % 97 = 0` },
  { sql: `SELECT category, AVG(price) FROM orders GROUP BY category` },
  { sql: `SELECT CASE WHEN qty > 5 THEN 'big' ELSE 'small' END AS size, COUNT(*) FROM orders GROUP BY CASE WHEN qty > 5 THEN 'big' ELSE 'small' END` },
  { sql: `SELECT id, price FROM orders ORDER BY price DESC, id LIMIT 10`, ordered: true },
  { sql: `SELECT id, qty FROM orders WHERE qty = 1 UNION ALL SELECT id, qty FROM orders WHERE qty = 9` },
  { sql: `SELECT DISTINCT category, flag FROM orders` },
  { sql: `SELECT COUNT(*), SUM(amount), COUNT(amount), COUNT(qty) FROM orders` },
  {
    sql: `SELECT window_start, category, COUNT(*) AS c, SUM(qty) AS q FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end, category`,
    duckdb: `SELECT time_bucket(INTERVAL 1 HOUR, ts) AS window_start, category, COUNT(*) AS c, SUM(qty) AS q FROM orders GROUP BY 1, 2`,
  },
  { sql: `SELECT id, category, price FROM orders WHERE category LIKE 'b%' AND price BETWEEN 10 AND 50 AND user_id IN (1, 2, 3, 4, 5)` },
  { sql: `SELECT id, COALESCE(amount, 0), amount IS NULL, qty IS NOT NULL FROM orders WHERE id < 200` },
  {
    sql: `SELECT category, AVG(qty) FROM orders GROUP BY category`,
    duckdb: `SELECT category, CAST(SUM(qty) // COUNT(qty) AS INTEGER) FROM orders GROUP BY category`,
  },
  { sql: `SELECT user_id, MAX(ts), MIN(ts) FROM orders GROUP BY user_id` },
  { sql: `SELECT flag, SUM(price), COUNT(*) FILTER (WHERE qty > 4) FROM orders GROUP BY flag` },
  {
    // CAST(DOUBLE AS INT) truncates toward zero in Flink; DuckDB rounds.
    sql: `SELECT id, CAST(price AS INT), CAST(qty AS STRING), ABS(-qty), MOD(id, 7) FROM orders WHERE id BETWEEN 100 AND 160`,
    duckdb: `SELECT id, CAST(trunc(price) AS INT), CAST(qty AS VARCHAR), ABS(-qty), MOD(id, 7) FROM orders WHERE id BETWEEN 100 AND 160`,
  },
  // Regular joins: inner (keys from ON and WHERE), outer with residual conditions, and an outer
  // join of two GROUP BY changelogs (streaming retracts the null padding as matches arrive).
  { sql: `SELECT a.id AS aid, b.id AS bid, b.price FROM orders a JOIN orders b ON a.user_id = b.user_id WHERE a.category = b.category AND a.id < 400 AND b.id < 400` },
  { sql: `SELECT a.id AS aid, b.id AS bid, b.qty FROM orders a LEFT JOIN orders b ON a.user_id = b.user_id AND b.qty > 8 AND b.id < 600 WHERE a.id < 300` },
  { sql: `SELECT a.id AS aid, b.id AS bid FROM orders a RIGHT JOIN orders b ON a.user_id = b.user_id AND a.price > b.price + 90 AND a.id < 500 WHERE b.id < 150` },
  // Interval join (rowtime bounds; the source's disorder stays within its 5 s watermark delay).
  { sql: `SELECT a.id AS aid, b.id AS bid FROM orders a JOIN orders b ON a.user_id = b.user_id AND b.ts BETWEEN a.ts - INTERVAL '30' SECOND AND a.ts + INTERVAL '30' SECOND WHERE a.id < 2000`,
    duckdb: `SELECT a.id AS aid, b.id AS bid FROM orders a JOIN orders b ON a.user_id = b.user_id AND b.ts BETWEEN a.ts - INTERVAL 30 SECOND AND a.ts + INTERVAL 30 SECOND WHERE a.id < 2000` },
  { sql: `SELECT x.user_id AS xu, x.c AS xc, y.user_id AS yu, y.c AS yc FROM (SELECT user_id, COUNT(*) AS c FROM orders WHERE category = 'books' AND qty > 6 GROUP BY user_id) x FULL JOIN (SELECT user_id, COUNT(*) AS c FROM orders WHERE category = 'toys' AND qty > 7 GROUP BY user_id) y ON x.user_id = y.user_id` },
];

const duck = await (await DuckDBInstance.create(':memory:')).connect();
await duck.run(`CREATE TABLE orders AS SELECT * FROM read_csv('${csv}', header = false,
  columns = {'id': 'BIGINT', 'user_id': 'INTEGER', 'category': 'VARCHAR', 'amount': 'DECIMAL(10,2)',
             'price': 'DOUBLE', 'qty': 'INTEGER', 'ts': 'TIMESTAMP', 'flag': 'BOOLEAN'})`);

const normalize = (v) => {
  if (v === null || v === undefined) return 'NULL';
  let s = String(v).replace(/ +$/, '');
  if (/^(true|false)$/i.test(s)) return s.toLowerCase();
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s)) return Number(s);
  const ts = s.match(/^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d)(\.\d*)?$/);
  if (ts) {
    const fraction = (ts[2] || '').replace(/0+$/, '').replace(/^\.$/, '');
    return ts[1].replace('T', ' ') + fraction;
  }
  return s;
};
const same = (a, b) => {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
};
const key = (row) => JSON.stringify(row.map((v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));

const modes = [
  ['batch', ['--set', 'execution.runtime-mode=batch']],
  ['streaming', ['--set', 'pipeline.auto-watermark-interval=0']],
  ['streaming-p2', ['--set', 'pipeline.auto-watermark-interval=0', '--set', 'parallelism.default=2']],
];

let passed = 0;
let failed = 0;
for (const [index, c] of cases.entries()) {
  const reader = await duck.runAndReadAll(c.duckdb ?? c.sql);
  const expected = reader.getRows().map((row) => row.map(normalize));
  for (const [mode, flags] of modes) {
    const script = join(dir, `case${index}.sql`);
    writeFileSync(script, `${ddl}\n${c.sql};\n`);
    let actual;
    try {
      const out = execFileSync(sluice, ['sql', '--format', 'json', '-f', script, ...flags],
                               { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      actual = out.split('\n').filter((l) => l.trim() !== '')
        .map((l) => Object.values(JSON.parse(l)).map(normalize));
    } catch (e) {
      failed++;
      console.log(`FAIL case ${index} [${mode}]: ${c.sql}\n  sluice failed: ${e.stderr || e.message}`);
      continue;
    }
    let exp = expected;
    let act = actual;
    if (!c.ordered) {
      exp = [...expected].sort((a, b) => key(a).localeCompare(key(b)));
      act = [...actual].sort((a, b) => key(a).localeCompare(key(b)));
    }
    const ok = exp.length === act.length &&
      exp.every((row, r) => row.length === act[r].length && row.every((v, i) => same(v, act[r][i])));
    if (ok) {
      passed++;
    } else {
      failed++;
      const first = exp.findIndex((row, r) => !act[r] || !row.every((v, i) => same(v, act[r][i])));
      console.log(`FAIL case ${index} [${mode}]: ${c.sql}\n  rows: duckdb ${exp.length}, sluice ${act.length}` +
                  `\n  first difference at row ${first}: duckdb ${JSON.stringify(exp[first])}` +
                  ` sluice ${JSON.stringify(act[first])}`);
    }
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
