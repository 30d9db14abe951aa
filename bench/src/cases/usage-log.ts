import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newTimeOrderedId, sqliteJsonRow } from '@scm/api';
import { runComparison } from '../harness.js';
import type { BenchCase } from './case.js';
import { openUsageLog } from './usage-log-table.js';

// The usage log's batch INSERT (one row per gateway read) with the two kinds of row id: random
// (`use_` + 96 random bits, as before #21's time-ordered ids) against `newTimeOrderedId`. Both
// sides write the same 200-row batches with the gateway's statement into their own SQLite file
// made from the gateway's own migration, the pragmas as the gateway sets them.

const BATCH = 200;

function batchWriter(
  log: { run(params: unknown[]): unknown },
  id: (at: number) => string,
): () => void {
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
    const randomLog = openUsageLog(join(dir, 'random.db'));
    const orderedLog = openUsageLog(join(dir, 'ordered.db'));
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
