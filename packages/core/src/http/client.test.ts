import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScmError } from '../errors/scm-error.js';
import { fakeClock, rejection } from './__fixtures__/local-server.js';
import { createHttpClient } from './client.js';
import type { HttpClientOptions } from './types.js';

const ORIGIN = 'https://gitlab.example.com';

let agent: MockAgent;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

function client(overrides: Partial<HttpClientOptions> = {}) {
  const clock = fakeClock();
  const http = createHttpClient({
    baseUrl: `${ORIGIN}/api/v4/`,
    provider: 'gitlab',
    dispatcher: agent,
    clock,
    random: () => 0.5,
    ...overrides,
  });
  return { http, clock };
}

describe('createHttpClient: request building', () => {
  it('joins the base path prefix, encodes query params and sends default headers', async () => {
    let seenPath = '';
    let seenHeaders: Record<string, string> = {};
    agent
      .get(ORIGIN)
      .intercept({
        path: (path) => {
          seenPath = path;
          return true;
        },
        method: 'GET',
        headers: (headers) => {
          seenHeaders = headers;
          return true;
        },
      })
      .reply(
        200,
        { id: 1 },
        { headers: { 'content-type': 'application/json', 'X-Request-Id': 'req-9' } },
      );
    const { http } = client({ userAgent: 'scm-test/1', headers: { 'PRIVATE-TOKEN': 'glpat-abc' } });
    const response = await http.request({
      path: '/projects?order_by=id',
      query: { search: 'a b&c=d', page: 2, archived: false, skip: undefined },
      headers: { Accept: 'application/vnd.test+json' },
    });
    expect(seenPath).toBe(
      '/api/v4/projects?order_by=id&search=a%20b%26c%3Dd&page=2&archived=false',
    );
    expect(seenHeaders).toMatchObject({
      'private-token': 'glpat-abc',
      'user-agent': 'scm-test/1',
      accept: 'application/vnd.test+json',
    });
    expect(response).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'x-request-id': 'req-9' }) as unknown,
      body: { id: 1 },
      rateLimit: null,
      fromCache: false,
    });
  });

  it('serialises a JSON body with its content type and sends a string as is', async () => {
    // An interceptor that does not match fails the request, so these are the assertions.
    const pool = agent.get(ORIGIN);
    pool
      .intercept({
        path: '/api/v4/notes',
        method: 'POST',
        body: '{"body":"hi","n":1}',
        headers: { 'content-type': 'application/json' },
      })
      .reply(201, '');
    pool
      .intercept({
        path: '/api/v4/raw',
        method: 'POST',
        body: 'raw=1',
        headers: { 'content-type': 'text/plain' },
      })
      .reply(201, '');
    const { http } = client();
    const created = await http.request({
      method: 'POST',
      path: '/notes',
      body: { body: 'hi', n: 1 },
    });
    await http.request({
      method: 'POST',
      path: '/raw',
      body: 'raw=1',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(created.body).toBeNull();
  });

  it.each([
    ['https://evil.example/x'],
    ['//evil.example/x'],
    ['evil.example/x'],
    ['/a/../../admin'],
    ['/a/%2e%2e/admin'],
    ['/a\r\nHost: evil'],
    ['/\\evil.example'],
  ])('rejects %j before any request is sent', async (path) => {
    const { http } = client();
    const error = await rejection(http.request({ path }));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.source).toBe('client');
  });

  it('returns text when asked and parses rate-limit headers (IETF reset is relative)', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/api/v4/raw', method: 'GET' })
      .reply(200, 'plain text', {
        headers: {
          'ratelimit-limit': '600',
          'ratelimit-remaining': '599',
          'ratelimit-reset': '60',
        },
      });
    const { http, clock } = client();
    const response = await http.request<string>({ path: '/raw', responseType: 'text' });
    expect(response.body).toBe('plain text');
    expect(response.rateLimit).toEqual({
      limit: 600,
      remaining: 599,
      resetAt: clock.now() / 1000 + 60,
      resource: null,
    });
  });

  it('turns malformed JSON on a 2xx into UPSTREAM_UNAVAILABLE', async () => {
    agent.get(ORIGIN).intercept({ path: '/api/v4/x', method: 'GET' }).reply(200, '{"truncated":');
    const { http } = client();
    const error = await rejection(http.request({ path: '/x' }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('malformed JSON from provider');
    expect(error.upstreamStatus).toBe(200);
  });

  it('uses a custom parseRateLimit', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/api/v4/x', method: 'GET' })
      .reply(200, '{}', { headers: { 'x-custom': '7' } });
    const { http } = client({
      parseRateLimit: (headers) => ({
        limit: null,
        remaining: Number(headers['x-custom']),
        resetAt: null,
        resource: 'custom',
      }),
    });
    expect((await http.request({ path: '/x' })).rateLimit).toEqual({
      limit: null,
      remaining: 7,
      resetAt: null,
      resource: 'custom',
    });
  });
});

describe('createHttpClient: retries', () => {
  it('retries an idempotent request on 5xx with jittered backoff, then succeeds', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/api/v4/x', method: 'GET' }).reply(502, 'bad gateway');
    pool.intercept({ path: '/api/v4/x', method: 'GET' }).reply(503, '');
    pool.intercept({ path: '/api/v4/x', method: 'GET' }).reply(200, '{"ok":true}');
    const { http, clock } = client({ retry: { maxRetries: 2, baseDelayMs: 100 } });
    const response = await http.request({ path: '/x' });
    expect(response.body).toEqual({ ok: true });
    // random 0.5 → half of 100·2^attempt.
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('gives up after maxRetries with UPSTREAM_UNAVAILABLE', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/api/v4/x', method: 'GET' }).reply(500, '').times(2);
    const { http, clock } = client({ retry: { maxRetries: 1 } });
    const error = await rejection(http.request({ path: '/x' }));
    expect(error).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstreamStatus: 500,
      provider: 'gitlab',
    });
    expect(clock.sleeps).toHaveLength(1);
  });

  it('never retries a POST on 5xx unless marked idempotent', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/api/v4/x', method: 'POST' }).reply(503, '');
    const { http, clock } = client();
    expect((await rejection(http.request({ method: 'POST', path: '/x', body: {} }))).code).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
    expect(clock.sleeps).toEqual([]);

    pool.intercept({ path: '/api/v4/x', method: 'POST' }).reply(503, '');
    pool.intercept({ path: '/api/v4/x', method: 'POST' }).reply(200, '{}');
    await http.request({ method: 'POST', path: '/x', body: {}, idempotent: true });
    expect(clock.sleeps).toHaveLength(1);
  });

  it('retries a network error on an idempotent request', async () => {
    const pool = agent.get(ORIGIN);
    pool
      .intercept({ path: '/api/v4/x', method: 'GET' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    pool.intercept({ path: '/api/v4/x', method: 'GET' }).reply(200, '[]');
    const { http, clock } = client();
    expect((await http.request({ path: '/x' })).body).toEqual([]);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('maps an unretried network error to UPSTREAM_UNAVAILABLE and a timeout to UPSTREAM_TIMEOUT', async () => {
    const pool = agent.get(ORIGIN);
    pool
      .intercept({ path: '/api/v4/x', method: 'POST' })
      .replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    pool
      .intercept({ path: '/api/v4/y', method: 'GET' })
      .replyWithError(
        Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
      );
    const { http } = client({ retry: { maxRetries: 0 } });
    expect((await rejection(http.request({ method: 'POST', path: '/x' }))).code).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
    expect((await rejection(http.request({ path: '/y' }))).code).toBe('UPSTREAM_TIMEOUT');
  });
});

describe('createHttpClient: rate limits', () => {
  it('waits out a 429 Retry-After within the cap, even for a POST', async () => {
    const pool = agent.get(ORIGIN);
    pool
      .intercept({ path: '/api/v4/x', method: 'POST' })
      .reply(429, '', { headers: { 'retry-after': '3' } });
    pool.intercept({ path: '/api/v4/x', method: 'POST' }).reply(201, '{}');
    const { http, clock } = client();
    expect((await http.request({ method: 'POST', path: '/x' })).status).toBe(201);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('throws RATE_LIMITED with retryAfterSeconds when the wait exceeds the cap', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/api/v4/x', method: 'GET' })
      .reply(429, '', { headers: { 'retry-after': '120', 'x-request-id': 'r-1' } });
    const { http, clock } = client({ retry: { maxRetryAfterMs: 10_000 } });
    const error = await rejection(http.request({ path: '/x' }));
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 120,
      upstreamStatus: 429,
      providerRequestId: 'r-1',
    });
    expect(clock.sleeps).toEqual([]);
  });

  it('reads a GitHub primary limit: 403 + x-ratelimit-remaining 0 + reset epoch', async () => {
    const { http, clock } = client({ retry: { maxRetryAfterMs: 1_000 } });
    const reset = String(Math.floor(clock.now() / 1000) + 300);
    agent
      .get(ORIGIN)
      .intercept({ path: '/api/v4/x', method: 'GET' })
      .reply(403, '{"message":"API rate limit exceeded"}', {
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': reset,
          'x-ratelimit-limit': '60',
          'x-github-request-id': 'GH:1',
        },
      });
    const error = await rejection(http.request({ path: '/x' }));
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 300,
      upstreamStatus: 403,
      providerRequestId: 'GH:1',
    });
  });

  it('waits for a reset within the cap, then retries', async () => {
    const { http, clock } = client();
    const reset = String(Math.floor(clock.now() / 1000) + 2);
    const pool = agent.get(ORIGIN);
    pool
      .intercept({ path: '/api/v4/x', method: 'GET' })
      .reply(403, '', { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    pool.intercept({ path: '/api/v4/x', method: 'GET' }).reply(200, '{}');
    await http.request({ path: '/x' });
    expect(clock.sleeps).toEqual([2000]);
  });

  it('treats a plain 403 as INSUFFICIENT_SCOPE without retrying', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/api/v4/x', method: 'GET' })
      .reply(403, '{"message":"Forbidden"}');
    const { http, clock } = client();
    expect((await rejection(http.request({ path: '/x' }))).code).toBe('INSUFFICIENT_SCOPE');
    expect(clock.sleeps).toEqual([]);
  });

  it('passes the error context to the provider mapping', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/api/v4/projects/1?private_token=glpat-q', method: 'GET' })
      .reply(404, '{"message":"404 Project Not Found"}');
    const contexts: unknown[] = [];
    const { http } = client({
      mapError: (context) => {
        contexts.push(context);
        return new ScmError('REPOSITORY_NOT_FOUND');
      },
    });
    const error = await rejection(
      http.request({ path: '/projects/1', query: { private_token: 'glpat-q' } }),
    );
    expect(error).toMatchObject({
      code: 'REPOSITORY_NOT_FOUND',
      provider: 'gitlab',
      upstreamStatus: 404,
    });
    expect(contexts).toEqual([
      expect.objectContaining({
        status: 404,
        method: 'GET',
        path: '/api/v4/projects/1?private_token=[REDACTED]',
        body: { message: '404 Project Not Found' },
      }),
    ]);
  });
});

describe('createHttpClient: abort', () => {
  it('rejects with the canonical UPSTREAM_TIMEOUT (source client), the reason as its cause', async () => {
    agent.get(ORIGIN).intercept({ path: '/api/v4/x', method: 'GET' }).reply(200, '{}').delay(500);
    const { http } = client();
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const pending = http.request({ path: '/x', signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toMatchObject({
      name: 'ScmError',
      code: 'UPSTREAM_TIMEOUT',
      source: 'client',
      provider: 'gitlab',
      cause: reason,
      details: { aborted: true, reason: 'abort' },
    });
  });

  it('stops waiting between retries when aborted', async () => {
    const controller = new AbortController();
    agent.get(ORIGIN).intercept({ path: '/api/v4/x', method: 'GET' }).reply(503, '');
    const { http } = client({
      clock: {
        now: () => 0,
        sleep: () => {
          controller.abort(new Error('stop'));
          return Promise.reject(controller.signal.reason as Error);
        },
      },
    });
    await expect(http.request({ path: '/x', signal: controller.signal })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      cause: new Error('stop'),
    });
  });
});
