import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { insertJsonRowsSql, newTimeOrderedId, sqliteJsonRow, USAGE_LOG_COLUMNS } from '@scm/api';
import { runComparison } from '../harness.js';
import type { BenchCase } from './case.js';

// The usage log's batch INSERT (one row per gateway read) with the two kinds of row id: random
// (`use_` + 96 random bits, as before #21's time-ordered ids) against `newTimeOrderedId`. Both
// sides write the same 200-row batches with the gateway's statement into their own SQLite file
// made from the gateway's own migration, the pragmas as the gateway sets them.

const apiEntry = createRequire(import.meta.url).resolve('@scm/api');
const requireFromApi = createRequire(apiEntry);
interface Statement {
  run(params: unknown[]): unknown;
}
interface Connection {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}
const Libsql = requireFromApi('libsql') as new (file: string) => Connection;

const BATCH = 200;

/** The UsageLog table and its indexes (and Tenant), as the gateway's SQLite migration creates them. */
function usageLogDdl(): string {
  const sql = readFileSync(
    join(dirname(dirname(apiEntry)), 'prisma/sqlite/migrations/20261201191206_init/migration.sql'),
    'utf8',
  );
  const statements = sql
    .split(';')
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    // With the Tenant table its foreign key names (every row's tenant is null, as a key's are).
    .filter((statement) => /^CREATE (TABLE|INDEX)[^(]*"(UsageLog|Tenant")/.test(statement));
  return `${statements.join(';\n')};`;
}

function openLog(file: string, ddl: string): Statement & { close(): void } {
  const db = new Libsql(file);
  db.exec('PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  db.exec(ddl);
  const statement = db.prepare(insertJsonRowsSql('UsageLog', USAGE_LOG_COLUMNS));
  return {
    run: (params) => statement.run(params),
    close: () => {
      db.close();
    },
  };
}

function batchWriter(log: Statement, id: (at: number) => string): () => void {
  let request = 0;
  return () => {
    const now = new Date();
    const rows: unknown[][] = [];
    for (let index = 0; index < BATCH; index += 1)
      rows.push(
        sqliteJsonRow([
          id(now.getTime()),
          `req_${String((request += 1))}`,
          null,
          'client_bench',
          'atk_bench',
          'repositories.branches.list',
          'GET',
          'github',
          'ada-ritchie/api',
          200,
          null,
          3,
          now,
        ]),
      );
    log.run([JSON.stringify(rows)]);
  };
}

export const usageLogCase: BenchCase = {
  name: 'usage-log',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-usage-'));
    const ddl = usageLogDdl();
    const randomLog = openLog(join(dir, 'random.db'), ddl);
    const orderedLog = openLog(join(dir, 'ordered.db'), ddl);
    try {
      const result = await runComparison({
        name: `usage log, ${String(BATCH)}-row batches`,
        baseline: {
          name: 'random ids',
          fn: batchWriter(randomLog, () => `use_${randomBytes(12).toString('base64url')}`),
        },
        candidate: {
          name: 'time-ordered ids',
          fn: batchWriter(orderedLog, (at) => newTimeOrderedId('use', at)),
        },
        iterations: 100,
        rounds: 10,
        warmup: 25,
      });
      process.stdout.write(
        `  per row: ${(result.baseline.cpuUsPerOp / BATCH).toFixed(1)} µs CPU with random ids, ` +
          `${(result.candidate.cpuUsPerOp / BATCH).toFixed(1)} with time-ordered ids ` +
          `(each side ends with ${String(1025 * BATCH)} rows)\n`,
      );
      return [result];
    } finally {
      randomLog.close();
      orderedLog.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
