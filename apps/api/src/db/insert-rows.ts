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

/**
 * SQLite: one INSERT of many rows with a single bound parameter, the rows as a JSON array of
 * arrays (`value ->> i` is column i). Binding thousands of parameters through Prisma's raw path
 * cost ~50–90 µs of CPU per usage-log row; one JSON text ~20–30 µs (issue #21). Dates must be
 * given as Prisma's SQLite adapter stores them (`sqliteJsonRow`).
 */
export function insertJsonRowsSql(table: string, columns: readonly string[]): string {
  return (
    `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) ` +
    `SELECT ${columns.map((_, index) => `value ->> ${String(index)}`).join(', ')} FROM json_each(?)`
  );
}

/** A row for `insertJsonRowsSql`: a Date as ISO 8601 with `+00:00`, as the adapter binds it. */
export function sqliteJsonRow(row: readonly unknown[]): unknown[] {
  return row.map((value) =>
    value instanceof Date ? value.toISOString().replace('Z', '+00:00') : (value ?? null),
  );
}
