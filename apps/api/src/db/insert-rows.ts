import type { DatabaseProvider } from './database.js';

/**
 * One multi-row `INSERT INTO "table" (columns) VALUES (…), (…) [suffix]` with bound parameters, in
 * plain SQL both databases read alike (only the placeholders differ: `?` on SQLite, `$n` on
 * PostgreSQL). For the hot write paths (inbound webhook events, the usage log), where Prisma's
 * `createMany` costs ~300 µs of CPU per row and one statement of N rows costs a few.
 */
export function insertRowsSql(
  provider: DatabaseProvider,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const marks = row.map((value) => {
      values.push(value);
      return provider === 'sqlite' ? '?' : `$${values.length}`;
    });
    return `(${marks.join(', ')})`;
  });
  const sql =
    `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) ` +
    `VALUES ${tuples.join(', ')}${suffix === '' ? '' : ` ${suffix}`}`;
  return { sql, values };
}
