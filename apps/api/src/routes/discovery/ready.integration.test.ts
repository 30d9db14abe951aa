// Issue 19, item 6: `/health` is liveness (no database), `/ready` is readiness (the database
// answers, every committed migration is applied, the job engine runs). Both databases
// (scripts/test.mjs).
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadinessCheck } from '../../db/ready.js';
import { defaultMigrationsDir } from '../../db/migrate.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';

interface ErrorBody {
  error: { code: string; message: string; retryable: boolean };
}

describe(`GET /ready (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is ready with the database answering, migrations applied and jobs running', async () => {
    const ready = await call('GET', `${gw.url}/ready`);
    expect(ready.status, ready.text).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', jobs: 'ok' },
    });
    expect(ready.headers['cache-control']).toBe('no-store');
    const health = await call('GET', `${gw.url}/health`);
    expect(health.status).toBe(200);
  });

  it('names a pending migration', async () => {
    const { db } = gw.gateway.services;
    const dir = mkdtempSync(join(tmpdir(), 'scm-ready-'));
    try {
      for (const entry of readdirSync(defaultMigrationsDir(db.provider), { withFileTypes: true }))
        if (entry.isDirectory()) mkdirSync(join(dir, entry.name));
      mkdirSync(join(dir, '29991231000000_not_yet_applied'));
      const check = createReadinessCheck({ db, jobs: { healthy: () => true }, migrationsDir: dir });
      expect(await check.check()).toEqual({
        ready: false,
        checks: {
          database: 'ok',
          migrations: '1 pending: 29991231000000_not_yet_applied',
          jobs: 'ok',
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says the database is unreachable when it fails or does not answer in time', async () => {
    const failing = {
      provider: gw.gateway.services.db.provider,
      prisma: {
        $queryRawUnsafe: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      },
    } as unknown as Parameters<typeof createReadinessCheck>[0]['db'];
    const hanging = {
      provider: gw.gateway.services.db.provider,
      prisma: { $queryRawUnsafe: () => new Promise(() => undefined) },
    } as unknown as Parameters<typeof createReadinessCheck>[0]['db'];
    for (const db of [failing, hanging]) {
      const check = createReadinessCheck({ db, jobs: { healthy: () => true }, timeoutMs: 200 });
      expect(await check.check()).toEqual({
        ready: false,
        checks: { database: 'unreachable', migrations: 'unknown', jobs: 'ok' },
      });
    }
  });

  it('is 503 UPSTREAM_UNAVAILABLE naming the failed check once the job engine stopped', async () => {
    await gw.gateway.services.jobs.stop();
    expect(gw.gateway.services.jobs.healthy()).toBe(false);
    const ready = await call('GET', `${gw.url}/ready`);
    expect(ready.status, ready.text).toBe(503);
    const { error } = ready.json<ErrorBody>();
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(error.message).toContain('jobs stopped');
    expect(error.message).not.toContain('database unreachable');
    // Liveness does not depend on it.
    expect((await call('GET', `${gw.url}/health`)).status).toBe(200);
  });
});
