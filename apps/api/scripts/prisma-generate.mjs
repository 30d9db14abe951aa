// Writes prisma/postgresql/schema.prisma from the SQLite source, then generates both Prisma
// clients. Prisma's CLI insists on a schema-engine binary even for `generate`, which needs none,
// and that binary cannot be downloaded here (only Prisma's host serves it): point it at any file.
//
// `pnpm test` runs build, typecheck, lint and test side by side, and each calls this script: one
// at a time holds a lock (a directory), so none rewrites the clients while another task's tsc or
// eslint reads them, and the later ones find the stamp and skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sqliteSchema = join(root, 'prisma/sqlite/schema.prisma');
const pgSchema = join(root, 'prisma/postgresql/schema.prisma');

const lock = join(root, 'src/generated/.lock');
// A generate takes seconds; a lock this old was left by a run that was killed.
const STALE_MS = 120_000;
const GIVE_UP_MS = 300_000;

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquire() {
  mkdirSync(dirname(lock), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released between the two calls
    }
    if (age > STALE_MS) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > GIVE_UP_MS) {
      console.error(
        `prisma-generate: ${lock} is held by another run; remove it if none is running.`,
      );
      process.exit(1);
    }
    sleep(100);
  }
}

const release = () => rmSync(lock, { recursive: true, force: true });
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    release();
    process.exit(code);
  });
}

function generate() {
  const source = readFileSync(sqliteSchema, 'utf8');
  const pg = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(
      'output       = "../../src/generated/sqlite"',
      'output       = "../../src/generated/postgresql"',
    )
    .replace(
      /^\/\/ The gateway's data model\. This file is the source[^\n]*\n[^\n]*\n/m,
      '// GENERATED from prisma/sqlite/schema.prisma by scripts/prisma-generate.mjs: edit that file.\n',
    );
  mkdirSync(dirname(pgSchema), { recursive: true });
  if (!existsSync(pgSchema) || readFileSync(pgSchema, 'utf8') !== pg) writeFileSync(pgSchema, pg);

  // Skip the generate when neither schema changed since the last one (build, typecheck, lint and
  // test each call this script).
  const stamp = join(root, 'src/generated/.schema-hash');
  const hash = createHash('sha256').update(source).update(pg).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return 0;

  const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
  env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
  const prisma = join(root, 'node_modules/.bin/prisma');
  for (const schema of [sqliteSchema, pgSchema]) {
    const result = spawnSync(prisma, ['generate', '--schema', schema], { env, stdio: 'inherit' });
    if (result.status !== 0) return result.status ?? 1;
  }
  writeFileSync(stamp, hash);
  return 0;
}

acquire();
let status;
try {
  status = generate();
} finally {
  release();
}
process.exit(status);
