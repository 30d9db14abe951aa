import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test-support/database.js';
import { defaultMigrationsDir } from './migrate.js';
import { diffMigrationsToSchema } from './schema-engine.js';

// The committed migrations must build exactly the schema: an edit to schema.prisma without
// `pnpm --filter @scm/api migration <name>` fails here, on the engine this pass runs on.
describe('migrations match the schema', () => {
  it('leaves nothing to migrate between the committed history and schema.prisma', async () => {
    const database = await createTestDatabase();
    try {
      const migrationsDir = defaultMigrationsDir(database.provider);
      const schemaPath = join(dirname(migrationsDir), 'schema.prisma');
      const script = await diffMigrationsToSchema({
        provider: database.provider,
        // SQLite replays the history in memory; PostgreSQL on a throw-away database of the test server.
        url: database.provider === 'sqlite' ? ':memory:' : database.url,
        migrationsDir,
        schemaPath,
        schema: readFileSync(schemaPath, 'utf8'),
      });
      expect(script).toBeNull();
      // And the check can fail: a schema with one more column is a non-empty diff.
      const changed = readFileSync(schemaPath, 'utf8').replace(
        'model Tenant {\n',
        'model Tenant {\n  driftProbe String?\n',
      );
      const drift = await diffMigrationsToSchema({
        provider: database.provider,
        url: database.provider === 'sqlite' ? ':memory:' : database.url,
        migrationsDir,
        schemaPath,
        schema: changed,
      });
      expect(drift).toContain('driftProbe');
    } finally {
      await database.drop();
    }
  });
});
