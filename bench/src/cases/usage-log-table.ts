// The gateway's usage log table in a SQLite file of the bench's own (usage-log.ts, and the
// gateway-read floor's usage rows): made from the gateway's migration, with its pragmas, written
// with its batch statement through the same libSQL driver, resolved from @scm/api.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { insertJsonRowsSql, USAGE_LOG_COLUMNS } from '@scm/api';

const apiEntry = createRequire(import.meta.url).resolve('@scm/api');

/** A module resolved from @scm/api (its runtime dependencies: libsql, prom-client). */
export const requireFromApi = createRequire(apiEntry);

interface Statement {
  run(params: unknown[]): unknown;
}
interface Connection {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}
const Libsql = requireFromApi('libsql') as new (file: string) => Connection;

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

/**
 * Opens (creating) a usage log in `file`; `run` inserts one batch: the rows as one JSON parameter
 * (`sqliteJsonRow`s, `JSON.stringify`d), as the gateway writes them. `exec` runs other SQL.
 */
export function openUsageLog(file: string): {
  run(params: unknown[]): unknown;
  exec(sql: string): void;
  close(): void;
} {
  const db = new Libsql(file);
  db.exec('PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  db.exec(usageLogDdl());
  const statement = db.prepare(insertJsonRowsSql('UsageLog', USAGE_LOG_COLUMNS));
  return {
    run: (params) => statement.run(params),
    exec: (sql) => {
      db.exec(sql);
    },
    close: () => {
      db.close();
    },
  };
}
