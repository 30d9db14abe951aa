// Writes prisma/postgresql/schema.prisma from the SQLite source, then generates both Prisma
// clients. Prisma's CLI insists on a schema-engine binary even for `generate`, which needs none,
// and that binary cannot be downloaded here (only Prisma's host serves it): point it at any file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sqliteSchema = join(root, 'prisma/sqlite/schema.prisma');
const pgSchema = join(root, 'prisma/postgresql/schema.prisma');

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
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) process.exit(0);

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const prisma = join(root, 'node_modules/.bin/prisma');
for (const schema of [sqliteSchema, pgSchema]) {
  const result = spawnSync(prisma, ['generate', '--schema', schema], { env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, hash);
