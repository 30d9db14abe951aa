import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@scm/core';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { installGracefulShutdown } from './shutdown.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server whose every request is answered after `delayMs`. */
async function slowServer(delayMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    setTimeout(() => res.end('done'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('installGracefulShutdown', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('waits for the request in flight, then closes, then exits 0', async () => {
    const slow = await slowServer(300);
    server = slow.server;
    const events: string[] = [];
    const { shutdown } = installGracefulShutdown({
      server,
      logger: silentLogger,
      timeoutMs: 5_000,
      signals: [],
      close: () => {
        events.push('close');
        return Promise.resolve();
      },
      exit: (code) => events.push(`exit ${code}`),
    });
    const answer = request(slow.url).then((response) => response.body.text());
    await sleep(50);
    const done = shutdown('SIGTERM');
    expect(await answer).toBe('done');
    await done;
    expect(events).toEqual(['close', 'exit 0']);
  });

  it('cuts requests still in flight after the timeout; a second signal exits at once', async () => {
    const slow = await slowServer(60_000);
    server = slow.server;
    const exits: number[] = [];
    const { shutdown } = installGracefulShutdown({
      server,
      logger: silentLogger,
      timeoutMs: 200,
      signals: [],
      close: () => Promise.resolve(),
      exit: (code) => exits.push(code),
    });
    const answer = request(slow.url).then(
      () => 'answered',
      () => 'cut',
    );
    await sleep(50);
    const done = shutdown('SIGTERM');
    void shutdown('SIGINT');
    expect(exits).toEqual([130]);
    expect(await answer).toBe('cut');
    await done;
    expect(exits).toEqual([130, 0]);
  });

  it('exits 1 when closing the gateway fails', async () => {
    const slow = await slowServer(0);
    server = slow.server;
    const exits: number[] = [];
    const { shutdown } = installGracefulShutdown({
      server,
      logger: silentLogger,
      timeoutMs: 1_000,
      signals: [],
      close: () => Promise.reject(new Error('database gone')),
      exit: (code) => exits.push(code),
    });
    await shutdown('SIGTERM');
    expect(exits).toEqual([1]);
  });
});
