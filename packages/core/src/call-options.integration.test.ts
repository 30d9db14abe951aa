import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { abortedCallError, callSignal, runWithSignal } from './call-options.js';
import { ScmError } from './errors/scm-error.js';
import { createHttpClient } from './http/client.js';
import type { HttpClient } from './http/types.js';
import { collectAll, paginate } from './pagination.js';
import { defineCapabilities, type ScmProvider } from './provider.js';
import { sendRawRequest, withCallOptions } from './raw-request.js';

/** A loopback server that answers `/ok` and holds every other request, noting when a socket closes. */
async function holdingServer(): Promise<{
  url: string;
  received: string[];
  closed: Promise<number>;
  server: Server;
}> {
  const received: string[] = [];
  let closedAt: (at: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => {
    closedAt = resolve;
  });
  const server = createServer((request, response) => {
    received.push(request.url ?? '');
    if (request.url === '/ok') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    // Never answers; the client's abort is the only way out.
    request.socket.on('close', () => {
      closedAt(performance.now());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, closed, server };
}

let server: Server | undefined;
let http: HttpClient | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => {
    if (server === undefined) resolve();
    else
      server.close(() => {
        resolve();
      });
  });
  server = undefined;
});

/** A provider whose operations are two requests through one client (the second one hangs). */
function tinyProvider(client: HttpClient): ScmProvider {
  const provider = {
    id: 'tiny',
    capabilities: defineCapabilities(),
    async getViewer() {
      await client.request({ path: '/ok' });
      await client.request({ path: '/hang' });
      return { id: '1', login: 'x', name: null, email: null, avatarUrl: null, webUrl: null };
    },
    request: (input: Parameters<ScmProvider['request']>[0]) =>
      sendRawRequest(client.request.bind(client), 'tiny', input),
  } as unknown as ScmProvider;
  return withCallOptions(provider);
}

describe('AbortSignal on a provider operation', () => {
  it('rejects within ~100 ms of the abort with UPSTREAM_TIMEOUT and closes the socket', async () => {
    const local = await holdingServer();
    server = local.server;
    http = createHttpClient({ baseUrl: local.url, provider: 'tiny', followCallSignal: true });
    const provider = tinyProvider(http);
    const controller = new AbortController();
    const pending = provider.getViewer({ signal: controller.signal });
    // Wait until the hanging request reached the server, then abort.
    while (!local.received.includes('/hang')) await new Promise((r) => setTimeout(r, 5));
    const abortedAt = performance.now();
    controller.abort();
    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(ScmError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      source: 'client',
      provider: 'tiny',
      details: { aborted: true, reason: 'abort' },
    });
    // The server sees the connection go: no request is left running.
    const closedAt = await Promise.race([
      local.closed,
      new Promise<number>((r) => {
        setTimeout(() => {
          r(-1);
        }, 1_000);
      }),
    ]);
    expect(closedAt).toBeGreaterThan(0);
    expect(closedAt - abortedAt).toBeLessThan(100);
  });

  it('says "timeout" for AbortSignal.timeout and refuses an already aborted signal at once', async () => {
    const local = await holdingServer();
    server = local.server;
    http = createHttpClient({ baseUrl: local.url, provider: 'tiny', followCallSignal: true });
    const provider = tinyProvider(http);
    await expect(provider.getViewer({ signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      details: { reason: 'timeout' },
    });
    const count = local.received.length;
    await expect(provider.getViewer({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      details: { reason: 'abort' },
    });
    expect(local.received).toHaveLength(count);
  });

  it('aborts a raw request() the same way', async () => {
    const local = await holdingServer();
    server = local.server;
    http = createHttpClient({ baseUrl: local.url, provider: 'tiny', followCallSignal: true });
    const provider = tinyProvider(http);
    expect(await provider.request({ path: '/ok' })).toMatchObject({
      status: 200,
      data: { ok: true },
    });
    const controller = new AbortController();
    const pending = provider.request({ path: '/hang', signal: controller.signal });
    // Aborted once the request reached the server (a fixed 30 ms timer fired before it was sent
    // on a loaded CI machine: the server then never saw a connection to close).
    while (!local.received.includes('/hang')) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(await local.closed).toBeGreaterThan(0);
  });

  it('a client without followCallSignal ignores the operation signal (shared token refreshes)', async () => {
    const controller = new AbortController();
    const seen = await runWithSignal(controller.signal, 'x', () => Promise.resolve(callSignal()));
    expect(seen).toBe(controller.signal);
    expect(callSignal()).toBeUndefined();
  });

  it('paginate fetches no page once the signal aborted', async () => {
    const controller = new AbortController();
    let pages = 0;
    const walk = paginate(
      (query) => {
        pages++;
        if (pages === 2) controller.abort();
        return Promise.resolve({ items: [pages], nextCursor: `${query.cursor ?? ''}x` });
      },
      { signal: controller.signal },
    );
    await expect(collectAll(walk)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(pages).toBe(2);
  });

  it('abortedCallError passes an ScmError reason through', () => {
    const own = new ScmError('UPSTREAM_TIMEOUT', { message: 'deadline' });
    expect(abortedCallError(own)).toBe(own);
  });
});
