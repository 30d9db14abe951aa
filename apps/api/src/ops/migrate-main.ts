// `pnpm --filter @scm/api migrate` (dist/migrate.js): applies the committed migrations
// (prisma/<provider>/migrations) to DATABASE_URL, or to the SQLite file <DATA_DIR>/gateway.db when
// it is unset, then exits: 0 when the database is up to date, 1 on a failure. For deploys that
// migrate as a step of their own before starting the new version (the gateway also applies them
// at start-up). On PostgreSQL the engine holds an advisory lock: concurrent runs take turns.
// `--repack` (SQLite, the gateway stopped) then rewrites a file whose pages are smaller than a new
// file's (db/sqlite-repack.ts); without it, such a file is only named.
import { existsSync, statSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { resolveDatabaseUrl } from '../db/database.js';
import { migrateDatabase } from '../db/migrate.js';
import { sqliteFileUrl } from '../db/schema-engine.js';
import { NEW_FILE_PAGE_SIZE } from '../db/sqlite-direct.js';
import { repackSqliteFile, sqlitePageSize, type RepackResult } from '../db/sqlite-repack.js';

const USAGE = 'usage: migrate [--repack]';

/** What to say of the SQLite file's pages once it is migrated (`repacked`: with `--repack`). */
function pages(file: string, repacked: RepackResult | undefined): string {
  const kb = (bytes: number) => `${bytes / 1024} KB`;
  if (repacked !== undefined)
    return repacked.before === repacked.after
      ? `sqlite: ${file} already has ${kb(repacked.after)} pages; nothing to repack.\n`
      : `sqlite: rewrote ${file} with ${kb(repacked.after)} pages (it had ${kb(repacked.before)}).\n`;
  const size = sqlitePageSize(file);
  return size >= NEW_FILE_PAGE_SIZE
    ? ''
    : `sqlite: ${file} has ${kb(size)} pages (a new file gets ${kb(NEW_FILE_PAGE_SIZE)}: inbound webhooks are written faster); with the gateway stopped, \`migrate --repack\` rewrites it.\n`;
}

async function main(args: readonly string[]): Promise<void> {
  const unknown = args.filter((arg) => arg !== '--repack');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; ${USAGE}`);
  const repack = args.includes('--repack');
  const config = loadConfig();
  const { provider, url } = resolveDatabaseUrl(config.databaseUrl, config.dataDir);
  if (repack && provider !== 'sqlite')
    throw new Error('--repack rewrites a SQLite file; DATABASE_URL is a PostgreSQL database.');
  const file = provider === 'sqlite' ? sqliteFileUrl(url).slice('file:'.length) : '';
  const onDisk = file !== '' && file !== ':memory:';
  // Before the migration: a file changes journal mode only with no other connection on it, and
  // the migration's read of `_prisma_migrations` (libSQL's client) leaves its connection open
  // until its statement is collected. A file that is not there yet is laid out new by the migration.
  let repacked =
    repack && onDisk && existsSync(file) && statSync(file).size > 0
      ? repackSqliteFile(file)
      : undefined;
  const where = provider === 'sqlite' ? url.replace(/^file:/, '') : 'the PostgreSQL database';
  const { applied } = await migrateDatabase({ provider, url });
  process.stdout.write(
    applied.length === 0
      ? `${provider}: ${where} is up to date; no migration to apply.\n`
      : `${provider}: applied ${applied.length} migration(s) to ${where}:\n${applied.map((name) => `  ${name}\n`).join('')}`,
  );
  if (!onDisk) return;
  if (repack && repacked === undefined) {
    const size = sqlitePageSize(file);
    repacked = { before: size, after: size };
  }
  process.stdout.write(pages(file, repacked));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `migrate failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
