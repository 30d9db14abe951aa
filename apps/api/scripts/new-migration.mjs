// Usage: node scripts/new-migration.mjs <name>
//
// Writes the migration that takes the committed history to the current prisma/sqlite/schema.prisma,
// for BOTH databases, under one timestamp:
//   prisma/sqlite/migrations/<timestamp>_<name>/migration.sql
//   prisma/postgresql/migrations/<timestamp>_<name>/migration.sql
// plus each history's migration_lock.toml, as `prisma migrate dev --create-only` would (that needs
// Prisma's native schema engine, which cannot be had here: no npm package ships it). Commit them.
//
// The history is replayed on a shadow database: in memory for SQLite; for PostgreSQL a throw-away
// database on the server of SCM_PG_ADMIN_URL (a role with CREATEDB), or, without it, on a
// throw-away server started for the purpose (scripts/throwaway-postgres.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ensurePostgresBinaries, startThrowawayPostgres } from './throwaway-postgres.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const name = process.argv[2];
if (!name || !/^[a-z0-9][a-z0-9_]*$/.test(name) || process.argv.length > 3) {
  console.error(
    'Usage: node scripts/new-migration.mjs <name>   (name: lower-case letters, digits and _, e.g. add_usage_index)',
  );
  process.exit(2);
}

// The PostgreSQL schema is generated from the SQLite one: bring it up to date first.
const generate = spawnSync(process.execPath, [join(root, 'scripts/prisma-generate.mjs')], {
  stdio: 'inherit',
});
if (generate.status !== 0) process.exit(generate.status ?? 1);

/**
 * Node 20 cannot run TypeScript and tsx is not linked into this package, so transpile the one
 * engine module (it imports only packages, on purpose) next to our node_modules, where its imports
 * resolve, and load that: the adapter workarounds then live in src/db/schema-engine.ts alone.
 */
async function loadSchemaEngineModule() {
  const source = join(root, 'src/db/schema-engine.ts');
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    fileName: source,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  });
  const out = join(root, 'node_modules/.cache/scm-api/schema-engine.mjs');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, outputText);
  return import(pathToFileURL(out).href);
}

/** Prisma's migration folder prefix: the UTC time as YYYYMMDDHHMMSS. */
function timestamp(date) {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const engine = await loadSchemaEngineModule();
const folder = `${timestamp(new Date())}_${name}`;

let server;
const stopServer = () => server?.stop();
process.on('exit', stopServer);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopServer();
    process.exit(130);
  });
}

async function postgresAdminUrl() {
  if (process.env.SCM_PG_ADMIN_URL) return process.env.SCM_PG_ADMIN_URL;
  const binDir = ensurePostgresBinaries();
  if (!binDir) {
    throw new Error(
      'PostgreSQL is needed for its migration: set SCM_PG_ADMIN_URL, or install PostgreSQL (Debian: apt-get install postgresql).',
    );
  }
  console.log('Starting a throw-away PostgreSQL server for the shadow database…');
  server = await startThrowawayPostgres(binDir);
  return server.url;
}

const providers = [
  { provider: 'sqlite', url: () => ':memory:' },
  { provider: 'postgresql', url: postgresAdminUrl },
];

const written = [];
try {
  const scripts = [];
  for (const { provider, url } of providers) {
    const schemaPath = join(root, 'prisma', provider, 'schema.prisma');
    const migrationsDir = join(root, 'prisma', provider, 'migrations');
    const script = await engine.diffMigrationsToSchema({
      provider,
      url: await url(),
      migrationsDir,
      schemaPath,
      schema: readFileSync(schemaPath, 'utf8'),
    });
    scripts.push({ provider, migrationsDir, script });
  }
  if (scripts.every(({ script }) => script === null)) {
    console.log('The schema matches the migrations of both databases: nothing to write.');
  } else {
    for (const { provider, migrationsDir, script } of scripts) {
      if (script === null) {
        console.warn(
          `warning: no change for ${provider}, while the other database has one; writing none for ${provider}.`,
        );
        continue;
      }
      const dir = join(migrationsDir, folder);
      if (existsSync(dir)) throw new Error(`${relative(root, dir)} already exists`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'migration.sql'), script);
      writeFileSync(join(migrationsDir, 'migration_lock.toml'), engine.migrationLockfile(provider));
      written.push(relative(root, join(dir, 'migration.sql')));
    }
    for (const file of written) console.log(`wrote ${file}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  stopServer();
}
