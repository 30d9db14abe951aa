// Issue 19, item 6: SIGTERM drains. The real `src/main.ts` runs as a child process against the
// GitHub simulator. Two requests are in flight when the gateway gets SIGTERM: a unified read (the
// simulator holds it 3 s) and a login whose body the client is still sending (it sends the rest
// 1 s after the read was answered: the gateway must not exit before the server has closed,
// whatever its services are waiting for). Both complete
// with 200, new connections are refused meanwhile, and the process exits 0 after. Both databases
// (scripts/test.mjs).
import { freePort } from '../test-support/http.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import {
  bearer,
  createDeveloperApp,
  grantAndIssueToken,
  signUpDeveloper,
} from '../test-support/flows.js';
import type { TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';
import { waitFor } from '../test-support/wait-for.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

const UPSTREAM_LATENCY_MS = 3_000;

/**
 * A request sent by hand: the head and the first half of the body now; `finish()` sends the rest
 * and resolves to the response's status line and body.
 */
function slowPost(port: number, path: string, json: unknown) {
  const body = Buffer.from(JSON.stringify(json));
  const half = Math.floor(body.length / 2);
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const ended = new Promise<string>((resolve) => {
    socket.once('close', () => {
      resolve(received);
    });
  });
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
      `content-length: ${body.length}\r\nconnection: close\r\n\r\n`,
  );
  socket.write(body.subarray(0, half));
  return {
    async finish(): Promise<{ status: number; text: string }> {
      socket.write(body.subarray(half));
      const raw = await ended;
      return {
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0),
        text: raw.slice(raw.indexOf('\r\n\r\n') + 4),
      };
    },
  };
}

describe(`SIGTERM drains the gateway (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  let sim: GitHubSimulator;
  let database: TestDatabase;
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 19 });
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'scm-drain-'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sim.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the requests in flight, refuses new connections, then exits 0', async () => {
    const port = await freePort();
    const adminApiKey = `sggadm_${randomBytes(24).toString('base64url')}`;
    child = spawn(
      process.execPath,
      [
        '--import',
        fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url)),
        'main.ts',
      ],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          DATABASE_URL: database.url,
          SGG_ADMIN_API_KEY: adminApiKey,
          SGG_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
          GITHUB_API_URL: sim.baseUrl,
          GITHUB_WEB_URL: sim.webUrl,
          SGG_PRIVATE_HOSTS: '127.0.0.1',
          LOG_LEVEL: 'info',
          SHUTDOWN_TIMEOUT_MS: '10000',
          RATE_LIMITS:
            'login_account=1000/15m,login_ip=1000/15m,signup_ip=1000/15m,admin_key_ip=1000/15m,token=1000/1m,token_ip=1000/15m,auth_start_ip=1000/15m',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const proc = child;
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      proc.once('exit', (code) => {
        resolve(code);
      }),
    );
    await waitFor(
      () => output.includes('SCM Gateway is listening') || proc.exitCode !== null,
      'the gateway to listen',
      60_000,
    );
    expect(proc.exitCode, output).toBeNull();

    const gw = { url: `http://127.0.0.1:${port}`, adminApiKey } as TestGateway;
    expect((await call('GET', `${gw.url}/ready`)).status).toBe(200);
    const email = `drain-${randomBytes(4).toString('hex')}@example.com`;
    const developer = await signUpDeveloper(gw, email);
    const app = await createDeveloperApp(gw, developer.token, ['read:branches']);
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: { 'x-admin-api-key': adminApiKey },
      json: { provider: 'github', accessToken: sim.token, tenantId: developer.tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    const token = await grantAndIssueToken(gw, {
      tenantId: developer.tenantId,
      app,
      connectionIds: [manual.json<{ id: string }>().id],
      permissions: ['read:branches'],
    });

    // The read reaches the simulator, which holds it; SIGTERM arrives meanwhile.
    sim.faults.inject('*', { latencyMs: UPSTREAM_LATENCY_MS, times: 1 });
    const started = Date.now();
    const read = request(
      `${gw.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}/branches`,
      { headers: bearer(token).headers },
    ).then(async (response) => ({
      status: response.statusCode,
      connection: response.headers.connection,
      body: await response.body.text(),
    }));
    await waitFor(() => sim.faults.list().length === 0, 'the read to reach the simulator', 10_000);
    const login = slowPost(port, '/app/login', { email, password: 'correct horse battery' });
    await sleep(100);
    proc.kill('SIGTERM');
    await waitFor(() => output.includes('shutting down'), 'the drain to start', 5_000);

    // Stopped accepting; the process is still there, finishing the read.
    expect(await accepts(port)).toBe(false);
    expect(proc.exitCode).toBeNull();

    const answer = await read;
    expect(answer.status, answer.body).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(UPSTREAM_LATENCY_MS - 100);
    expect(JSON.parse(answer.body)).toHaveProperty('data');

    // The login's body arrives after the read has been answered: it is still served.
    await sleep(1_000);
    expect(proc.exitCode).toBeNull();
    const loggedIn = await login.finish();
    expect(loggedIn.status, `${loggedIn.text}\n${output}`).toBe(200);
    expect(JSON.parse(loggedIn.text)).toHaveProperty('session.token');

    expect(await exited).toBe(0);
    child = undefined;
    expect(output).toContain('"msg":"stopped"');
    // Stdout's info lines go out at the end of each event-loop turn and on exit: the read's
    // access line arrived, whole, before the last line.
    const lines = output.split('\n').filter((line) => line.startsWith('{'));
    const access = lines.find(
      (line) => line.includes('"msg":"request"') && line.includes('/branches"'),
    );
    expect(JSON.parse(access ?? '{}')).toMatchObject({ level: 'info', method: 'GET', status: 200 });
    expect(lines.at(-1)).toContain('"msg":"stopped"');
  }, 120_000);
});
