// Writes prisma/postgresql/schema.prisma from the SQLite source, then generates both Prisma
// clients. Prisma's CLI insists on a schema-engine binary even for `generate`, which needs none,
// and that binary cannot be downloaded here (only Prisma's host serves it): point it at any file.
//
// `pnpm test` runs build, typecheck, lint and test side by side, and each calls this script: one
// at a time holds a lock (dir-lock.mjs), so none rewrites the clients while another task's tsc or
// eslint reads them, and the later ones find the stamp and skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireDirLock } from './dir-lock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sqliteSchema = join(root, 'prisma/sqlite/schema.prisma');
const pgSchema = join(root, 'prisma/postgresql/schema.prisma');

let release;
try {
  // One run at a time (see dir-lock.mjs): the others wait, then find the stamp and skip.
  release = acquireDirLock(join(root, 'src/generated/.lock'));
} catch (error) {
  console.error(`prisma-generate: ${error.message}`);
  process.exit(1);
}
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

let status;
try {
  status = generate();
} finally {
  release();
}
process.exit(status);
