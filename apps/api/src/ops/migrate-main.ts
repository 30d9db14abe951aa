// `pnpm --filter @scm/api migrate` (dist/migrate.js): applies the committed migrations
// (prisma/<provider>/migrations) to DATABASE_URL, or to the SQLite file <DATA_DIR>/gateway.db when
// it is unset, then exits: 0 when the database is up to date, 1 on a failure. For deploys that
// migrate as a step of their own before starting the new version (the gateway also applies them
// at start-up). On PostgreSQL the engine holds an advisory lock: concurrent runs take turns.
import { loadConfig } from '../config.js';
import { resolveDatabaseUrl } from '../db/database.js';
import { migrateDatabase } from '../db/migrate.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { provider, url } = resolveDatabaseUrl(config.databaseUrl, config.dataDir);
  const where = provider === 'sqlite' ? url.replace(/^file:/, '') : 'the PostgreSQL database';
  const { applied } = await migrateDatabase({ provider, url });
  process.stdout.write(
    applied.length === 0
      ? `${provider}: ${where} is up to date; no migration to apply.\n`
      : `${provider}: applied ${applied.length} migration(s) to ${where}:\n${applied.map((name) => `  ${name}\n`).join('')}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `migrate failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
