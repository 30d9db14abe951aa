// The container's HEALTHCHECK (`node dist/healthcheck.js`, src/ops/healthcheck-main.ts), run from
// source as a child process (asynchronously: the gateway answering it runs in this process): exit 0
// against a ready gateway, 1 when nothing answers.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';

function runHealthcheck(port: number): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        '--import',
        fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url)),
        'healthcheck-main.ts',
      ],
      {
        cwd: fileURLToPath(new URL('.', import.meta.url)),
        env: { ...process.env, HOST: '0.0.0.0', PORT: String(port) },
        encoding: 'utf8',
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        resolve({
          status: error === null ? 0 : (error.code as number | null),
          output: `${stdout}${stderr}`,
        });
      },
    );
  });
}

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('container healthcheck', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('exits 0 when the gateway on this machine is ready', async () => {
    const run = await runHealthcheck(Number(new URL(gw.url).port));
    expect(run.status, run.output).toBe(0);
  });

  it('exits 1, saying why, when nothing answers', async () => {
    const run = await runHealthcheck(await closedPort());
    expect(run.status).toBe(1);
    expect(run.output).toContain('not ready');
  });
});
