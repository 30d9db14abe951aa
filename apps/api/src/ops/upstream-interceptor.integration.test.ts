import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch, request, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMetrics, rateLimitHeaders, readUpstream } from './metrics.js';

// The provider pools' interceptor (metrics.ts `upstreamInterceptor`): every provider call counted
// by status, timed, and its rate limit read, whichever handler style the caller's undici API uses.

let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/limited') {
      res.setHeader('X-RateLimit-Limit', '5000');
      res.setHeader('X-RateLimit-Remaining', '4321');
      res.setHeader('X-RateLimit-Resource', 'core');
    }
    if (req.url === '/ietf') {
      res.setHeader('RateLimit-Limit', '600');
      res.setHeader('RateLimit-Remaining', '17');
      res.setHeader('RateLimit-Reset', '30');
    }
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function observedPool() {
  const metrics = createMetrics();
  const agent = new Agent();
  // What reaches the pool itself: compose binds its dispatch, so the spy goes first.
  const reached = vi.spyOn(agent, 'dispatch');
  const dispatcher = agent.compose(metrics.upstreamInterceptor('github'));
  const text = () => metrics.registry.metrics();
  const styles = () =>
    reached.mock.calls.map(([, handler]) =>
      typeof handler.onRequestStart === 'function' ? 'second' : 'first',
    );
  return { dispatcher, text, styles, close: () => agent.close() };
}

describe('upstreamInterceptor', () => {
  it('request and fetch (first-style handlers): bodies, statuses and the rate limit, unchanged', async () => {
    const { dispatcher, text, styles, close } = observedPool();
    const limited = await request(`${origin}/limited`, { dispatcher });
    expect(limited.statusCode).toBe(200);
    expect(limited.headers['x-ratelimit-remaining']).toBe('4321');
    expect(await limited.body.json()).toEqual({ path: '/limited' });
    const missing = await fetch(`${origin}/missing`, { dispatcher });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ path: '/missing' });
    const { rateLimitRemaining } = await readUpstream(async () => {
      const ietf = await request(`${origin}/ietf`, { dispatcher });
      await ietf.body.text();
    });
    expect(rateLimitRemaining).toBe(17);
    const metrics = await text();
    expect(metrics).toContain(
      'scm_gateway_upstream_requests_total{provider="github",status="200"} 2',
    );
    expect(metrics).toContain(
      'scm_gateway_upstream_requests_total{provider="github",status="404"} 1',
    );
    expect(metrics).toContain(
      'scm_gateway_upstream_rate_limit_remaining{provider="github",resource="core"} 17',
    );
    expect(metrics).toContain(
      'scm_gateway_upstream_request_duration_seconds_count{provider="github"} 3',
    );
    // No conversion to the second style and back: the pool gets a first-style handler.
    expect(styles()).toEqual(['first', 'first', 'first']);
    await close();
  });

  it('a network error counts as status "error"', async () => {
    const { dispatcher, text, close } = observedPool();
    // A port nothing listens on (the server's, once closed elsewhere, is not reused here).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(request(`http://127.0.0.1:${port}/`, { dispatcher })).rejects.toThrow();
    expect(await text()).toContain(
      'scm_gateway_upstream_requests_total{provider="github",status="error"} 1',
    );
    await close();
  });

  it('a second-style handler (onResponseStart) is observed through the DecoratorHandler', async () => {
    const { dispatcher, text, styles, close } = observedPool();
    const url = new URL(`${origin}/limited`);
    const answer = await new Promise<{ status: number; body: string; remaining: unknown }>(
      (resolve, reject) => {
        const chunks: Buffer[] = [];
        let status = 0;
        let remaining: unknown;
        const handler: Dispatcher.DispatchHandler = {
          onRequestStart: () => undefined,
          onResponseStart: (_controller, statusCode, headers) => {
            status = statusCode;
            remaining = headers['x-ratelimit-remaining'];
          },
          onResponseData: (_controller, chunk) => {
            chunks.push(chunk);
          },
          onResponseEnd: () => {
            resolve({ status, body: Buffer.concat(chunks).toString(), remaining });
          },
          onResponseError: (_controller, error) => {
            reject(error);
          },
        };
        dispatcher.dispatch({ origin: url.origin, path: url.pathname, method: 'GET' }, handler);
      },
    );
    expect(answer).toEqual({ status: 200, body: '{"path":"/limited"}', remaining: '4321' });
    const metrics = await text();
    expect(metrics).toContain(
      'scm_gateway_upstream_requests_total{provider="github",status="200"} 1',
    );
    expect(metrics).toContain(
      'scm_gateway_upstream_rate_limit_remaining{provider="github",resource="core"} 4321',
    );
    expect(styles()).toEqual(['second']);
    await close();
  });

  it('rateLimitHeaders reads only the rate-limit names off a raw list, any letter case', () => {
    const raw = (...pairs: string[]) => pairs.map((text) => Buffer.from(text, 'latin1'));
    expect(
      rateLimitHeaders(
        raw(
          'Content-Type',
          'application/json',
          'X-RateLimit-Remaining',
          '12',
          'x-ratelimit-reset',
          '1700000000',
          'RateLimit-Limit',
          '100',
          'Retry-After',
          '3',
          'X-Request-Id',
          'abc',
        ),
      ),
    ).toEqual({
      'x-ratelimit-remaining': '12',
      'x-ratelimit-reset': '1700000000',
      'ratelimit-limit': '100',
    });
    expect(rateLimitHeaders(raw('Date', 'now', 'Server', 'x'))).toBeNull();
    // Near misses and short names: none read.
    expect(
      rateLimitHeaders(
        raw('X-Rate-Limit', '1', 'Range', 'bytes', 'Referer', 'r', 'X-R', '1', 'ra', '2', 'x', '3'),
      ),
    ).toBeNull();
    expect(
      rateLimitHeaders(raw('x-ratelimit-remaining', '1', 'X-RateLimit-Remaining', '2')),
    ).toEqual({
      'x-ratelimit-remaining': '1,2',
    });
    expect(rateLimitHeaders([])).toBeNull();
  });
});
