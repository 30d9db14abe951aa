import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { dumpDatabase } from '../test-support/dump.js';
import { openDatabase, resolveDatabaseUrl, type Database } from './database.js';
import { defaultMigrationsDir, migrateDatabase } from './migrate.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  return database;
}

async function open(database: TestDatabase, migrate = true): Promise<Database> {
  const db = await openDatabase({ provider: database.provider, url: database.url, migrate });
  cleanups.push(() => db.close());
  return db;
}

async function seed(db: Database) {
  const { prisma } = db;
  const tenant = await prisma.tenant.create({
    data: { id: 'tenant_1', name: 'Acme', slug: 'acme' },
  });
  const user = await prisma.user.create({
    data: { id: 'user_1', email: 'dev@acme.test', passwordHash: 'scrypt$x' },
  });
  await prisma.membership.create({
    data: { id: 'mem_1', userId: user.id, tenantId: tenant.id, role: 'owner' },
  });
  const client = await prisma.oAuthClient.create({
    data: {
      id: 'client_1',
      tenantId: tenant.id,
      ownerUserId: user.id,
      name: 'Acme app',
      secretHash: 'sha256$abc',
      redirectUris: JSON.stringify(['https://acme.test/cb']),
      defaultPermissions: JSON.stringify(['repos:read']),
    },
  });
  const customer = await prisma.customer.create({
    data: { id: 'cus_1', tenantId: tenant.id, customerRef: 'c-42' },
  });
  const host = await prisma.providerHost.create({
    data: {
      id: 'host_github',
      provider: 'github',
      host: 'github.com',
      apiBaseUrl: 'https://api.github.com',
      webBaseUrl: 'https://github.com',
    },
  });
  const connection = await prisma.connection.create({
    data: {
      id: 'conn_1',
      tenantId: tenant.id,
      customerId: customer.id,
      userId: user.id,
      providerHostId: host.id,
      provider: 'github',
      accountId: '1',
      accountLogin: 'octocat',
      accessTokenEnc: 'v1:iv:ciphertext:tag',
      scopes: JSON.stringify(['repo']),
      status: 'active',
      expiresAt: new Date('2030-01-02T03:04:05.678Z'),
    },
  });
  const authorization = await prisma.authorization.create({
    data: {
      id: 'authz_1',
      tenantId: tenant.id,
      clientId: client.id,
      customerId: customer.id,
      status: 'active',
      permissions: JSON.stringify(['repos:read']),
      connections: { create: [{ connectionId: connection.id }] },
      repositories: {
        create: [
          {
            id: 'arepo_1',
            connectionId: connection.id,
            provider: 'github',
            repositoryId: '1296269',
            fullName: 'octocat/Hello-World',
          },
        ],
      },
    },
  });
  return { tenant, user, client, customer, host, connection, authorization };
}

describe(`database (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  it('migrates a fresh database once, recording each migration with its sha256 checksum', async () => {
    const database = await freshDatabase();
    const migrationsDir = defaultMigrationsDir(database.provider);
    const names = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(names.length).toBeGreaterThan(0);

    expect(await migrateDatabase({ provider: database.provider, url: database.url })).toEqual({
      applied: names,
    });
    expect(await migrateDatabase({ provider: database.provider, url: database.url })).toEqual({
      applied: [],
    });

    const db = await open(database, false);
    const rows = await db.prisma.$queryRawUnsafe<
      { migration_name: string; checksum: string; finished: number | bigint | boolean }[]
    >(
      'SELECT migration_name, checksum, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(
      rows.map((row) => [row.migration_name, row.checksum, Boolean(Number(row.finished))]),
    ).toEqual(
      names.map((name) => [
        name,
        createHash('sha256')
          .update(readFileSync(join(migrationsDir, name, 'migration.sql')))
          .digest('hex'),
        true,
      ]),
    );
  });

  it('openDatabase migrates by default, and again is a no-op', async () => {
    const database = await freshDatabase();
    const first = await open(database);
    expect(await first.prisma.tenant.count()).toBe(0);
    await first.close();
    const second = await open(database);
    expect(await second.prisma.tenant.count()).toBe(0);
  });

  it('writes and reads the whole grant graph with nested creates and includes', async () => {
    const db = await open(await freshDatabase());
    await seed(db);

    const authorization = await db.prisma.authorization.findUniqueOrThrow({
      where: { id: 'authz_1' },
      include: {
        client: { include: { owner: true } },
        customer: true,
        connections: { include: { connection: { include: { providerHost: true } } } },
        repositories: true,
      },
    });
    expect(authorization.client.owner?.email).toBe('dev@acme.test');
    expect(authorization.customer?.customerRef).toBe('c-42');
    expect(authorization.connections).toHaveLength(1);
    expect(authorization.connections[0]?.connection.providerHost.host).toBe('github.com');
    expect(authorization.connections[0]?.connection.expiresAt?.toISOString()).toBe(
      '2030-01-02T03:04:05.678Z',
    );
    expect(authorization.repositories.map((repository) => repository.fullName)).toEqual([
      'octocat/Hello-World',
    ]);
    expect(authorization.createdAt).toBeInstanceOf(Date);
    expect(authorization.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const host = await db.prisma.providerHost.findFirstOrThrow({
      where: { tenantId: null, provider: 'github', host: 'github.com' },
    });
    expect(host).toMatchObject({ enabled: true, isDefault: false });
  });

  it('enforces unique constraints with Prisma’s P2002', async () => {
    const db = await open(await freshDatabase());
    await db.prisma.tenant.create({ data: { id: 'tenant_1', name: 'A', slug: 'same' } });
    await expect(
      db.prisma.tenant.create({ data: { id: 'tenant_2', name: 'B', slug: 'same' } }),
    ).rejects.toMatchObject({
      code: 'P2002',
    });
  });

  it('rolls back an interactive transaction that throws, and commits one that returns', async () => {
    const db = await open(await freshDatabase());
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.tenant.create({
          data: { id: 'tenant_rb', name: 'Rolled back', slug: 'rolled-back' },
        });
        expect(await tx.tenant.count()).toBe(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.prisma.tenant.count()).toBe(0);

    const created = await db.prisma.$transaction(async (tx) => {
      const tenant = await tx.tenant.create({
        data: { id: 'tenant_ok', name: 'Kept', slug: 'kept' },
      });
      await tx.customer.create({ data: { id: 'cus_ok', tenantId: tenant.id, customerRef: 'r' } });
      return tenant.id;
    });
    expect(created).toBe('tenant_ok');
    expect(await db.prisma.customer.count()).toBe(1);
  });

  it('keeps a write made beside an interactive transaction that rolls back', async () => {
    const db = await open(await freshDatabase());
    let enter!: () => void;
    let leave!: () => void;
    const entered = new Promise<void>((resolve) => (enter = resolve));
    const gate = new Promise<void>((resolve) => (leave = resolve));
    const transaction = db.prisma.$transaction(async (tx) => {
      await tx.tenant.create({
        data: { id: 'tenant_tx', name: 'In the transaction', slug: 'in-tx' },
      });
      enter();
      await gate;
      throw new Error('abort');
    });
    await entered;
    const outside = db.prisma.tenant.create({
      data: { id: 'tenant_out', name: 'Beside it', slug: 'beside' },
    });
    // Give the outside write time to reach the database while the transaction is open: it should
    // wait its turn (as on a second connection) rather than land inside the transaction.
    await Promise.race([outside, new Promise((resolve) => setTimeout(resolve, 500))]);
    leave();
    await expect(transaction).rejects.toThrow('abort');
    await outside;
    expect((await db.prisma.tenant.findMany()).map((tenant) => tenant.id)).toEqual(['tenant_out']);
  });

  it('cascades a tenant delete to everything it owns, and keeps the shared provider host', async () => {
    const db = await open(await freshDatabase());
    await seed(db);
    await db.prisma.tenant.delete({ where: { id: 'tenant_1' } });

    const { prisma } = db;
    const counts = await Promise.all([
      prisma.membership.count(),
      prisma.oAuthClient.count(),
      prisma.customer.count(),
      prisma.connection.count(),
      prisma.authorization.count(),
      prisma.authorizationConnection.count(),
      prisma.authorizationRepository.count(),
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(await prisma.user.count()).toBe(1);
    expect(await prisma.providerHost.count()).toBe(1);
  });

  it('dumps every application table as text', async () => {
    const db = await open(await freshDatabase());
    await seed(db);
    const dump = await dumpDatabase(db);
    expect(dump).toContain('== Tenant (1 rows)');
    expect(dump).toContain('v1:iv:ciphertext:tag');
    expect(dump).toContain('octocat/Hello-World');
    expect(dump).not.toContain('_prisma_migrations');
  });
});

describe('resolveDatabaseUrl', () => {
  it('defaults to a SQLite file in the data folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'scm-api-data-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = join(root, 'data', 'nested');
    expect(resolveDatabaseUrl(undefined, dataDir)).toEqual({
      provider: 'sqlite',
      url: `file:${join(dataDir, 'gateway.db')}`,
    });
    expect(resolveDatabaseUrl('', dataDir).provider).toBe('sqlite');
    expect(readdirSync(join(dataDir, '..'))).toContain('nested');
  });

  it('tells SQLite from PostgreSQL by scheme, and refuses anything else without echoing it', () => {
    expect(resolveDatabaseUrl('file:/var/lib/gw/x.db', '/unused')).toEqual({
      provider: 'sqlite',
      url: 'file:/var/lib/gw/x.db',
    });
    expect(resolveDatabaseUrl('postgres://u:p@h/db', '/unused').provider).toBe('postgresql');
    expect(resolveDatabaseUrl('postgresql://u:p@h/db', '/unused').provider).toBe('postgresql');
    expect(() => resolveDatabaseUrl('mysql://user:hunter2@h/db', '/unused')).toThrow(
      /scheme "mysql:"/,
    );
    expect(() => resolveDatabaseUrl('mysql://user:hunter2@h/db', '/unused')).not.toThrow(/hunter2/);
  });
});
