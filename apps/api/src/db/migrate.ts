// Applies the committed migrations (prisma/<provider>/migrations) at start-up, through Prisma's
// WebAssembly schema engine: the result is what native `prisma migrate deploy` would leave.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrationsFrom, type EngineProvider } from './schema-engine.js';

export interface MigrateOptions {
  provider: EngineProvider;
  url: string;
  /** Defaults to the `prisma/<provider>/migrations` folder of this app. */
  migrationsDir?: string;
}

/**
 * The app's `prisma/<provider>/migrations`, found by walking up from this module: it runs from
 * `src/db/` under vitest and from a bundle in `dist/`, and both sit below the folder holding
 * `prisma/`.
 */
export function defaultMigrationsDir(provider: EngineProvider): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', provider, 'migrations');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `No prisma/${provider}/migrations folder above ${start}: were the migrations shipped with the app?`,
  );
}

/**
 * Applies every migration not yet recorded in `_prisma_migrations`, in folder-name order, and
 * returns their names (empty when the database is up to date). Needs no shadow database.
 * On PostgreSQL the engine holds an advisory lock meanwhile, so instances starting together take
 * turns; a SQLite file is meant for one process, which opens it exclusively while migrating.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<{ applied: string[] }> {
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir(options.provider);
  const hasMigrations =
    existsSync(migrationsDir) &&
    readdirSync(migrationsDir, { withFileTypes: true }).some((entry) => entry.isDirectory());
  if (!hasMigrations) throw new Error(`No migrations in ${migrationsDir}`);
  const applied = await applyMigrationsFrom(options.provider, options.url, migrationsDir);
  return { applied };
}
