// Issue 19, item 6: `pnpm demo` honours DATA_DIR (its database and keys are kept there, across
// runs) and PORT.
import { freePort } from '../src/test-support/http.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { demoOptionsFromEnv, startDemo, type Demo } from './start-demo.js';

/** The first printed command, run with the demo's token: the seeded read works. */
async function readRepositories(demo: Demo): Promise<number> {
  const response = await request(`${demo.url}/v1/repositories?provider=github`, {
    headers: { authorization: `Bearer ${demo.accessToken}` },
  });
  await response.body.text();
  return response.statusCode;
}

describe('pnpm demo: DATA_DIR and PORT', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'scm-demo-data-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes DATA_DIR from the environment when it is set', () => {
    expect(demoOptionsFromEnv({})).toEqual({});
    expect(demoOptionsFromEnv({ DATA_DIR: '  ' })).toEqual({});
    expect(demoOptionsFromEnv({ DATA_DIR: 'demo-data' })).toEqual({
      dataDir: resolve('demo-data'),
    });
  });

  it('listens on PORT and keeps its database in DATA_DIR across runs', async () => {
    const port = await freePort();
    const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    const first = await startDemo(config, { dataDir });
    try {
      expect(first.url).toBe(`http://127.0.0.1:${port}`);
      expect(first.text).toContain(dataDir);
      expect(existsSync(join(dataDir, 'gateway.db'))).toBe(true);
      expect(await readRepositories(first)).toBe(200);
    } finally {
      await first.stop();
    }
    expect(existsSync(join(dataDir, 'gateway.db'))).toBe(true);

    // A second run on the same folder starts and works (the stored keys read the stored tokens).
    const second = await startDemo(config, { dataDir });
    try {
      expect(await readRepositories(second)).toBe(200);
    } finally {
      await second.stop();
    }
    expect(existsSync(join(dataDir, 'gateway.db'))).toBe(true);
  }, 120_000);
});
