// Every row of every application table as text, for tests that assert what is (not) stored, e.g.
// that no plaintext secret or token reaches the database.
import type { Database } from '../db/database.js';

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Renders what a reader of the database would see: dates as ISO text, bytes decoded as UTF-8. */
function render(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return value;
}

/** Lists the tables (not `_prisma_migrations`), then dumps each one: `== Table (n rows)`, one JSON line a row. */
export async function dumpDatabase(db: Database): Promise<string> {
  const tables =
    db.provider === 'sqlite'
      ? await db.prisma.$queryRawUnsafe<{ name: string }[]>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
        )
      : await db.prisma.$queryRawUnsafe<{ name: string }[]>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name",
        );
  const sections: string[] = [];
  for (const { name } of tables) {
    const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT * FROM ${quoteIdentifier(name)}`,
    );
    const lines = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => render(value)));
    sections.push([`== ${name} (${rows.length} rows)`, ...lines].join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}
