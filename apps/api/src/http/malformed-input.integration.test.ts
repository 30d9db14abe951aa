import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';

const ERROR_KEYS = [
  'code',
  'message',
  'source',
  'provider',
  'retryable',
  'user_action_required',
  'suggested_action',
  'upstream_status',
  'request_id',
  'provider_request_id',
  'retry_after_seconds',
];

async function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; body: { error: Record<string, unknown> }; requestId: unknown }> {
  const response = await request(url, {
    method: (options.method ?? 'GET') as 'GET',
    headers: options.headers ?? {},
    body: options.body ?? null,
  });
  const text = await response.body.text();
  expect(response.headers['content-type'], text).toMatch(/application\/json/);
  return {
    status: response.statusCode,
    body: JSON.parse(text) as { error: Record<string, unknown> },
    requestId: response.headers['x-request-id'],
  };
}

/** A 400 with the canonical body (never a 500, never a stack trace). */
function expectInvalidRequest(answer: Awaited<ReturnType<typeof send>>, message?: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(Object.keys(answer.body.error).sort()).toEqual([...ERROR_KEYS].sort());
  expect(answer.body.error.code).toBe('INVALID_REQUEST');
  expect(answer.body.error.request_id).toBe(answer.requestId);
  if (message !== undefined) expect(String(answer.body.error.message)).toMatch(message);
}

/** The same 400 in the RFC 6749 §5.2 form, which /oauth/token answers (the canonical code beside). */
function expectOAuthInvalidRequest(
  answer: Awaited<ReturnType<typeof send>>,
  message?: RegExp,
): void {
  const body = answer.body as unknown as Record<string, unknown>;
  expect(answer.status, JSON.stringify(body)).toBe(400);
  expect(body.error).toBe('invalid_request');
  expect(body.error_code).toBe('INVALID_REQUEST');
  expect(body.request_id).toBe(answer.requestId);
  if (message !== undefined) expect(String(body.error_description)).toMatch(message);
}

// Security review #12, finding 9: malformed input answered 500 instead of INVALID_REQUEST.
describe('malformed input is INVALID_REQUEST', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('a path parameter with broken percent-encoding', async () => {
    expectInvalidRequest(
      await send(`${gw.url}/v1/repositories/github/%E0%A4%A`, {}),
      /percent-encoding/,
    );
    expectInvalidRequest(
      await send(`${gw.url}/v1/repositories/github/%E0%A4%A/branches`, {
        headers: { authorization: 'Bearer sggat_x' },
      }),
    );
    expectInvalidRequest(
      await send(`${gw.url}/v1/connections/%ZZ`, {
        headers: { 'x-admin-api-key': gw.adminApiKey },
      }),
    );
  });

  it('a body whose Content-Encoding stream is broken (gzip, br, deflate)', async () => {
    const json = '{"grant_type":"client_credentials"}';
    for (const [encoding, compressed] of [
      ['gzip', gzipSync(json)],
      ['br', brotliCompressSync(json)],
      ['deflate', deflateSync(json)],
    ] as const) {
      const broken = Buffer.concat([
        compressed.subarray(0, 6),
        Buffer.from('not compressed data at all'),
        compressed.subarray(6),
      ]);
      expectOAuthInvalidRequest(
        await send(`${gw.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body: broken,
        }),
      );
      // Garbage that is not even a stream header.
      expectOAuthInvalidRequest(
        await send(`${gw.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body: 'plain text',
        }),
      );
    }
    expectOAuthInvalidRequest(
      await send(`${gw.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
        body: json,
      }),
      /encoding/,
    );
  });

  it('HTTP Basic client credentials with broken percent-encoding', async () => {
    const basic = Buffer.from('%E0%A4%A:secret%ZZ').toString('base64');
    expectOAuthInvalidRequest(
      await send(`${gw.url}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      }),
    );
  });

  it('more than 1,000 form fields', async () => {
    const body = Array.from({ length: 1001 }, (_, index) => `f${index}=x`).join('&');
    expectOAuthInvalidRequest(
      await send(`${gw.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
      /too many form fields/,
    );
  });

  it('a JSON body too large, and a body that is not JSON', async () => {
    expectOAuthInvalidRequest(
      await send(`${gw.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }),
      }),
      /too large/,
    );
    expectOAuthInvalidRequest(
      await send(`${gw.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":',
      }),
      /not valid JSON/,
    );
  });
});
