import { afterEach, describe, expect, it } from 'vitest';
import {
  fakeClock,
  recordingLogger,
  rejection,
  startLocalServer,
  type LocalServer,
} from './__fixtures__/local-server.js';
import { ScmError } from '../errors/scm-error.js';
import { createMemoryCache } from './cache.js';
import { createHttpClient } from './client.js';
import type { HttpClient } from './types.js';

let server: LocalServer | undefined;
let http: HttpClient | undefined;
afterEach(async () => {
  await http?.close();
  await server?.close();
  http = undefined;
  server = undefined;
});

describe('conditional-request cache (real server)', () => {
  it('sends If-None-Match, serves a 304 from cache with fresh rate-limit info, and separates credentials', async () => {
    let remaining = 60;
    server = await startLocalServer((request, response) => {
      remaining--;
      const rateHeaders = {
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': '1900000000',
      };
      if (request.headers['if-none-match'] === '"v1"') {
        response.writeHead(304, { etag: '"v1"', ...rateHeaders }).end();
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/json', etag: '"v1"', ...rateHeaders })
        .end(JSON.stringify({ login: 'octocat', auth: request.headers.authorization }));
    });
    const cache = createMemoryCache();
    const make = (token: string) =>
      createHttpClient({
        baseUrl: server?.url ?? '',
        provider: 'github',
        cache,
        headers: { authorization: `token ${token}` },
      });
    http = make('ghp_alice');

    const first = await http.request({ path: '/user' });
    const second = await http.request({ path: '/user' });
    expect(first).toMatchObject({ status: 200, fromCache: false, body: { login: 'octocat' } });
    expect(second).toMatchObject({
      status: 200,
      fromCache: true,
      body: { login: 'octocat', auth: 'token ghp_alice' },
    });
    expect(second.rateLimit?.remaining).toBe(58);
    expect(second.headers['x-ratelimit-remaining']).toBe('58');
    expect(second.headers['content-type']).toBe('application/json');
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);

    // Another token must not be answered from alice's entry.
    const bob = make('ghp_bob');
    try {
      const bobs = await bob.request({ path: '/user' });
      expect(bobs).toMatchObject({ fromCache: false, body: { auth: 'token ghp_bob' } });
      expect(server.requests[2]?.headers['if-none-match']).toBeUndefined();
    } finally {
      await bob.close();
    }

    // cache: false bypasses it entirely.
    const bypass = await http.request({ path: '/user', cache: false });
    expect(bypass.fromCache).toBe(false);
    expect(server.requests[3]?.headers['if-none-match']).toBeUndefined();
    expect(server.requests).toHaveLength(4);
  });

  it('uses Last-Modified when there is no ETag', async () => {
    const lastModified = 'Wed, 01 Jan 2025 00:00:00 GMT';
    server = await startLocalServer((request, response) => {
      if (request.headers['if-modified-since'] === lastModified) {
        response.writeHead(304).end();
        return;
      }
      response.writeHead(200, { 'last-modified': lastModified }).end('"body"');
    });
    http = createHttpClient({ baseUrl: server.url, provider: 'x', cache: createMemoryCache() });
    await http.request({ path: '/a' });
    const again = await http.request({ path: '/a' });
    expect(again).toMatchObject({ fromCache: true, body: 'body' });
    expect(server.requests).toHaveLength(2);
  });
});

describe('transport failures (real server)', () => {
  it('maps a headers timeout to UPSTREAM_TIMEOUT', async () => {
    server = await startLocalServer((_request, response) => {
      setTimeout(() => response.writeHead(200).end('{}'), 1_000).unref();
    });
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'x',
      timeoutMs: 100,
      retry: { maxRetries: 0 },
    });
    const error = await rejection(http.request({ path: '/slow' }));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.details).toMatchObject({ networkCode: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it('retries a reset connection on GET and succeeds', async () => {
    server = await startLocalServer((request, response, index) => {
      if (index === 0) {
        response.socket?.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const clock = fakeClock();
    http = createHttpClient({ baseUrl: server.url, provider: 'x', clock });
    const response = await http.request({ path: '/flaky' });
    expect(response.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('maps a refused connection to UPSTREAM_UNAVAILABLE', async () => {
    const closed = await startLocalServer(() => undefined);
    const url = closed.url;
    await closed.close();
    http = createHttpClient({ baseUrl: url, provider: 'x', retry: { maxRetries: 0 } });
    const error = await rejection(http.request({ path: '/x' }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('deadlineMs: the whole call, retries included (real server)', () => {
  it('ends a hung upstream at the deadline, not after every attempt timed out', async () => {
    server = await startLocalServer(() => undefined); // never answers
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'x',
      timeoutMs: 1_000,
      deadlineMs: 400,
      retry: { maxRetries: 2, baseDelayMs: 50 },
    });
    const started = performance.now();
    const error = await rejection(http.request({ path: '/hang?access_token=secret-value' }));
    const elapsed = performance.now() - started;
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.message).toMatch(/400 ms/);
    expect(JSON.stringify(error.details)).not.toContain('secret-value');
    // Without the deadline: three attempts of 1 s each plus backoff.
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(900);
    expect(server.requests).toHaveLength(1);
  });

  it('stops retrying when the next wait would outlast it, answering the error at hand', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(503, { 'retry-after': '2' }).end();
    });
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'x',
      deadlineMs: 1_000,
      retry: { maxRetries: 3 },
    });
    const started = performance.now();
    const error = await rejection(http.request({ path: '/down' }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.upstreamStatus).toBe(503);
    expect(performance.now() - started).toBeLessThan(500);
    expect(server.requests).toHaveLength(1);
  });

  it('still retries within it, and a caller signal still aborts with its own reason as cause', async () => {
    server = await startLocalServer((_request, response, index) => {
      if (index === 0) response.writeHead(502).end();
      else if (index === 1)
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      // later requests hang
    });
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'x',
      deadlineMs: 2_000,
      retry: { maxRetries: 2, baseDelayMs: 10 },
    });
    expect((await http.request({ path: '/flaky' })).body).toEqual({ ok: true });
    const caller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => {
      caller.abort(reason);
    }, 100).unref();
    await expect(http.request({ path: '/hang', signal: caller.signal })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      details: { aborted: true },
      cause: reason,
    });
  });

  it('refuses a deadline that is not a positive number', () => {
    expect(() =>
      createHttpClient({ baseUrl: 'http://127.0.0.1:1', provider: 'x', deadlineMs: 0 }),
    ).toThrow(/deadlineMs/);
  });
});

describe('secrets never leak (real server)', () => {
  it('keeps tokens from headers, query and an echoing error body out of the error and the logs', async () => {
    const HEADER_TOKEN = 'ghp_HEADERSECRET1234567890';
    const QUERY_TOKEN = 'glpat-QUERYSECRET0987';
    server = await startLocalServer((request, response) => {
      // An upstream that echoes the request back, as some proxies and error pages do.
      response.writeHead(401, { 'content-type': 'application/json', 'x-request-id': 'echo-1' }).end(
        JSON.stringify({
          message: `bad credentials ${request.headers.authorization ?? ''}`,
          url: `http://${request.headers.host ?? ''}${request.url}`,
        }),
      );
    });
    const logger = recordingLogger();
    const contexts: unknown[] = [];
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'github',
      logger,
      headers: { Authorization: `Bearer ${HEADER_TOKEN}` },
      mapError: (context) => {
        contexts.push(context);
        return undefined;
      },
    });
    const error = await rejection(
      http.request({ path: '/user', query: { access_token: QUERY_TOKEN } }),
    );
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', providerRequestId: 'echo-1' });
    expect(server.requests[0]?.url).toContain(QUERY_TOKEN);

    const surfaces = [
      JSON.stringify(error),
      error.message,
      String(error.cause),
      JSON.stringify(error.details),
      JSON.stringify(contexts),
      JSON.stringify(logger.entries),
    ].join('\n');
    expect(logger.entries.length).toBeGreaterThan(0);
    expect(surfaces).not.toContain(HEADER_TOKEN);
    expect(surfaces).not.toContain(QUERY_TOKEN);
    expect(JSON.stringify(contexts)).toContain('bad credentials [REDACTED]');
  });

  it("keeps a request's own `secrets` (sent in its body) out of an echoing error body, the mapped error and the logs", async () => {
    const FORM_SECRET = 'form-client-secret-5e1a';
    server = await startLocalServer((request, response) => {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: `rejected: ${request.body}` }));
    });
    const logger = recordingLogger();
    const contexts: unknown[] = [];
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'gitlab',
      logger,
      mapError: (context) => {
        contexts.push(context);
        return new ScmError('INVALID_REQUEST', {
          provider: 'gitlab',
          message: JSON.stringify(context.body),
        });
      },
    });
    const error = await rejection(
      http.request({
        method: 'POST',
        path: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `client_secret=${FORM_SECRET}`,
        secrets: [FORM_SECRET],
      }),
    );
    expect(server.requests[0]?.body).toContain(FORM_SECRET);
    expect(error.code).toBe('INVALID_REQUEST');
    const surfaces = [error.message, JSON.stringify(contexts), JSON.stringify(logger.entries)];
    expect(surfaces.join('\n')).not.toContain(FORM_SECRET);
    expect(error.message).toContain('[REDACTED]');
  });

  it("the debug line of an answer: the path redacted and the provider's request id, read when logged", async () => {
    const TOKEN = 'glpat-DEBUGLINESECRET7';
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-77' });
      response.end('{"ok":true}');
    });
    const logger = recordingLogger();
    http = createHttpClient({ baseUrl: server.url, provider: 'gitlab', logger });
    await http.request({ path: '/projects', query: { private_token: TOKEN, page: '2' } });
    const line = logger.entries.find((entry) => entry.message === 'http response');
    const fields = JSON.parse(JSON.stringify(line?.fields)) as Record<string, unknown>;
    expect(fields).toMatchObject({
      provider: 'gitlab',
      method: 'GET',
      status: 200,
      attempt: 1,
      providerRequestId: 'req-77',
    });
    expect(fields.path).toMatch(/^\/projects\?private_token=\[REDACTED\]&page=2$/);
  });

  it("keeps a request's secrets out of the path its log lines and error details name (a one-time code in the path)", async () => {
    const CODE = 'a1b2c3d4e5f60718293a';
    let calls = 0;
    server = await startLocalServer((_request, response) => {
      calls += 1;
      response.writeHead(calls === 1 ? 201 : 502, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    const logger = recordingLogger();
    http = createHttpClient({ baseUrl: server.url, provider: 'github', logger });
    const conversion = {
      method: 'POST' as const,
      path: `/app-manifests/${CODE}/conversions`,
      idempotent: false,
      secrets: [CODE],
    };
    await http.request(conversion);
    expect(server.requests[0]?.url).toContain(CODE);
    const line = logger.entries.find((entry) => entry.message === 'http response');
    expect(JSON.parse(JSON.stringify(line?.fields))).toMatchObject({
      path: '/app-manifests/[REDACTED]/conversions',
    });
    const error = await rejection(http.request(conversion));
    expect(error.details).toMatchObject({ path: '/app-manifests/[REDACTED]/conversions' });
    expect(JSON.stringify([error.message, error.details, logger.entries])).not.toContain(CODE);
  });

  it('builds no debug line for a logger whose isLevelEnabled says debug is off', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    const quiet = recordingLogger();
    const asked: string[] = [];
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'gitlab',
      logger: {
        ...quiet,
        isLevelEnabled: (level) => {
          asked.push(level);
          return level !== 'debug';
        },
      },
    });
    await http.request({ path: '/projects' });
    expect(asked).toContain('debug');
    expect(quiet.entries.map((entry) => entry.message)).not.toContain('http response');
    await http.close();

    // Saying yes (or saying nothing, as above) still gets the line.
    const loud = recordingLogger();
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'gitlab',
      logger: { ...loud, isLevelEnabled: () => true },
    });
    await http.request({ path: '/projects' });
    expect(loud.entries.map((entry) => entry.message)).toContain('http response');
  });

  it("answers the provider's headers flat: lower-case names, a repeated one joined", async () => {
    server = await startLocalServer((_request, response) => {
      response.setHeader('X-Multi', ['a', 'b']);
      response.setHeader('X-Single', 'one');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    http = createHttpClient({ baseUrl: server.url, provider: 'gitlab' });
    const { headers } = await http.request({ path: '/x' });
    expect(headers['x-multi']).toBe('a, b');
    expect(headers['x-single']).toBe('one');
    expect(headers['content-type']).toBe('application/json');
  });

  it('keeps a token out of a network error and its cause', async () => {
    const TOKEN = 'glpat-NETWORKSECRET42';
    server = await startLocalServer((_request, response) => {
      response.socket?.destroy();
    });
    const logger = recordingLogger();
    http = createHttpClient({
      baseUrl: server.url,
      provider: 'gitlab',
      logger,
      clock: fakeClock(),
      headers: { 'private-token': TOKEN },
      retry: { maxRetries: 1 },
    });
    const error = await rejection(http.request({ path: '/x', query: { private_token: TOKEN } }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    const surfaces = [
      JSON.stringify(error),
      error.message,
      String(error.cause),
      (error.cause as Error).stack ?? '',
      JSON.stringify(logger.entries),
    ].join('\n');
    expect(logger.entries.some((entry) => entry.level === 'warn')).toBe(true);
    expect(surfaces).not.toContain(TOKEN);
  });
});

describe('createHttpClient: bytes', () => {
  it('answers the body as bytes, and refuses one over maxBytes without reading it all', async () => {
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    server = await startLocalServer((request, response) => {
      if (request.url === '/small')
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(binary);
      else response.writeHead(200).end(Buffer.alloc(64 * 1024, 97));
    });
    http = createHttpClient({ baseUrl: server.url, provider: 'x' });
    const small = await http.request<Uint8Array>({ path: '/small', responseType: 'bytes' });
    expect(Buffer.from(small.body)).toEqual(binary);
    await expect(
      http.request({ path: '/large', responseType: 'bytes', maxBytes: 1024 }),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      details: { responseTooLarge: true, maxBytes: 1024 },
    });
  });
});

describe('createHttpClient: maxResponseBytes', () => {
  it('stops reading an answer past the limit: a success fails, an error keeps its status', async () => {
    const big = JSON.stringify({ items: 'x'.repeat(2 * 1024 * 1024) });
    let written = 0;
    server = await startLocalServer((request, response) => {
      if (request.url === '/bom') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('\uFEFF{"a":1}');
        return;
      }
      if (request.url === '/chunked') {
        response.writeHead(200, { 'content-type': 'application/json' }).write('\uFEFF{"b":');
        response.end('"é"}');
        return;
      }
      if (request.url === '/endless') {
        // Chunked, with no end: only the limit stops the client reading.
        response.writeHead(200, { 'content-type': 'application/json' });
        const write = () => {
          if (response.destroyed) return;
          written += 64 * 1024;
          response.write(Buffer.alloc(64 * 1024, 32), () => setImmediate(write));
        };
        write();
        return;
      }
      response
        .writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' })
        .end(big);
    });
    http = createHttpClient({ baseUrl: server.url, provider: 'x', maxResponseBytes: 1024 * 1024 });
    expect((await http.request({ path: '/bom' })).body).toEqual({ a: 1 });
    // No Content-Length: read chunk by chunk up to the limit, decoded as undici's text() does.
    expect((await http.request({ path: '/chunked' })).body).toEqual({ b: 'é' });
    for (const read of [{}, { responseType: 'text' as const }, { responseType: 'bytes' as const }])
      await expect(http.request({ path: '/big', ...read })).rejects.toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        upstreamStatus: 200,
        details: { responseTooLarge: true, maxResponseBytes: 1024 * 1024 },
      });
    await expect(http.request({ path: '/missing' })).rejects.toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
      upstreamStatus: 404,
    });
    await expect(http.request({ path: '/endless' })).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      details: { responseTooLarge: true },
    });
    // A request's own smaller maxBytes is still its own error.
    await expect(
      http.request({ path: '/big', responseType: 'bytes', maxBytes: 1024 }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { maxBytes: 1024 } });
    expect(written).toBeLessThan(16 * 1024 * 1024);
    expect(() =>
      createHttpClient({ baseUrl: server?.url ?? '', provider: 'x', maxResponseBytes: Number.NaN }),
    ).toThrow(/maxResponseBytes/);
  }, 20_000);
});

describe('conditional-request cache: bytes (real server)', () => {
  it('answers a repeat byte read from a 304, keeps text and bytes apart, and still applies maxBytes', async () => {
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10]);
    server = await startLocalServer((request, response) => {
      if (request.headers['if-none-match'] === '"b1"') {
        response.writeHead(304, { etag: '"b1"' }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream', etag: '"b1"' });
      response.end(binary);
    });
    http = createHttpClient({ baseUrl: server.url, provider: 'x', cache: createMemoryCache() });
    const first = await http.request<Uint8Array>({ path: '/file', responseType: 'bytes' });
    const again = await http.request<Uint8Array>({ path: '/file', responseType: 'bytes' });
    expect(first.fromCache).toBe(false);
    expect(again.fromCache).toBe(true);
    expect(Buffer.from(again.body)).toEqual(binary);
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"b1"']);

    // A text read of the same URL is its own entry: no validator sent, the bytes never parsed.
    const text = await http.request<string>({ path: '/file', responseType: 'text' });
    expect(text.fromCache).toBe(false);
    expect(server.requests[2]?.headers['if-none-match']).toBeUndefined();

    // A cached answer over this request's limit is refused as the fresh one would be.
    await expect(
      http.request({ path: '/file', responseType: 'bytes', maxBytes: 4 }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { responseTooLarge: true } });
  });
});
