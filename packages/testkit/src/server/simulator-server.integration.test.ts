import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorServer, type SimulatorServer } from './simulator-server.js';

describe('startSimulatorServer', () => {
  let server: SimulatorServer;
  const agent = new Agent();
  const NOW = 1_700_000_000_000;

  beforeAll(async () => {
    server = await startSimulatorServer({
      now: () => NOW,
      routes: [
        {
          method: 'GET',
          path: '/repos/:repo/commits/:sha',
          handler: (req) => ({ json: { params: req.params, query: req.query } }),
        },
        {
          method: 'POST',
          path: '/echo',
          handler: (req) => ({ status: 201, json: { body: req.body } }),
        },
        {
          method: 'GET',
          path: '/text',
          handler: () => ({ text: 'plain', headers: { 'x-custom': 'yes' } }),
        },
        {
          method: 'GET',
          path: '/boom',
          handler: () => {
            throw new Error('handler bug');
          },
        },
      ],
      faultBody: (status) => ({ error: { status } }),
    });
  });
  afterEach(() => {
    server.faults.clear();
    server.requests.clear();
  });
  afterAll(async () => {
    await server.stop();
    await agent.close();
  });

  const get = (
    path: string,
    init: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {},
  ) =>
    request(`${server.url}${path}`, {
      dispatcher: agent,
      method: init.method ?? 'GET',
      body: init.body ?? null,
      headers: init.headers ?? {},
    });

  it('listens on 127.0.0.1 with an ephemeral port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('routes by method and pattern, decodes params and parses the query', async () => {
    const response = await get('/repos/acme%2Fapi/commits/abc123?page_size=7&state=open');
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({
      params: { repo: 'acme/api', sha: 'abc123' },
      query: { page_size: '7', state: 'open' },
    });
    const logged = server.requests.last();
    expect(logged).toMatchObject({
      method: 'GET',
      path: '/repos/acme%2Fapi/commits/abc123',
      route: '/repos/:repo/commits/:sha',
      timestamp: NOW,
    });
    expect(logged?.remoteAddress).toMatch(/127\.0\.0\.1$/);
  });

  it('parses a JSON body and logs it, with headers kept for assertions', async () => {
    const response = await get('/echo', {
      method: 'POST',
      body: JSON.stringify({ a: 1 }),
      headers: { 'content-type': 'application/json', authorization: 'Bearer t0k' },
    });
    expect(response.statusCode).toBe(201);
    expect(await response.body.json()).toEqual({ body: { a: 1 } });
    expect(server.requests.last()?.headers.authorization).toBe('Bearer t0k');
  });

  it('answers 404 for unknown routes and for a known path with another method', async () => {
    expect((await get('/nowhere')).statusCode).toBe(404);
    expect((await get('/echo')).statusCode).toBe(404);
    expect(server.requests.count({ route: '/echo' })).toBe(0);
    expect(server.requests.count()).toBe(2);
  });

  it('serves text with custom headers and turns a handler error into a 500 it records', async () => {
    const text = await get('/text');
    expect(text.headers['x-custom']).toBe('yes');
    expect(await text.body.text()).toBe('plain');
    const boom = await get('/boom');
    expect(boom.statusCode).toBe(500);
    await boom.body.dump();
    expect(server.handlerErrors).toHaveLength(1);
  });

  it('counts requests with filters and clears the log', async () => {
    await (await get('/text')).body.dump();
    await (await get('/repos/a%2Fb/commits/1')).body.dump();
    await (await get('/repos/a%2Fb/commits/2')).body.dump();
    expect(server.requests.count({ route: '/repos/:repo/commits/:sha' })).toBe(2);
    expect(server.requests.count({ path: /^\/repos\//, method: 'get' })).toBe(2);
    expect(server.requests.count({ path: '/text' })).toBe(1);
    server.requests.clear();
    expect(server.requests.count()).toBe(0);
  });

  it('injects 429 with Retry-After, once', async () => {
    server.faults.inject(
      { method: 'GET', route: '/text' },
      { status: 429, retryAfterSeconds: 30, times: 1 },
    );
    const limited = await get('/text');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect(await limited.body.json()).toEqual({ error: { status: 429 } });
    const after = await get('/text');
    expect(after.statusCode).toBe(200);
    await after.body.dump();
  });

  it('injects 403 with exhausted rate-limit headers', async () => {
    server.faults.inject('*', { status: 403, rateLimited: true, resetInSeconds: 60 });
    const response = await get('/text');
    await response.body.dump();
    expect(response.statusCode).toBe(403);
    expect(response.headers['x-ratelimit-remaining']).toBe('0');
    expect(response.headers['x-ratelimit-reset']).toBe(String(NOW / 1000 + 60));
  });

  it('injects 5xx, malformed JSON and latency', async () => {
    server.faults.inject('*', { status: 502, times: 1 });
    const failed = await get('/text');
    await failed.body.dump();
    expect(failed.statusCode).toBe(502);

    server.faults.inject('*', { malformedJson: true, times: 1 });
    const malformed = await get('/repos/a%2Fb/commits/1');
    expect(malformed.headers['content-type']).toContain('application/json');
    await expect(malformed.body.json()).rejects.toThrow();

    server.faults.inject('*', { latencyMs: 120, times: 1 });
    const started = performance.now();
    const slow = await get('/text');
    expect(await slow.body.text()).toBe('plain');
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('resets the connection', async () => {
    server.faults.inject('*', { reset: true, times: 1 });
    await expect(get('/text')).rejects.toThrow();
  });

  it('hangs until the client gives up', async () => {
    server.faults.inject('*', { hang: true, times: 1 });
    await expect(
      request(`${server.url}/text`, { dispatcher: agent, headersTimeout: 150 }),
    ).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });
});

describe('SimulatorServer.stop', () => {
  it('closes promptly while a request hangs, and is idempotent', async () => {
    const server = await startSimulatorServer({ routes: [] });
    server.faults.inject('*', { hang: true });
    const agent = new Agent();
    const pending = request(`${server.url}/x`, { dispatcher: agent }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await Promise.all([server.stop(), server.stop()]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('failed');
    await agent.close();
  });
});
