import { ScmError } from '@scm/core';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT, MAX_LIMIT, parseLimit, sendCollection, sendJson } from './collections.js';

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (ScmError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected an ScmError');
}

describe('parseLimit', () => {
  it('defaults to 25 and accepts 1 to 100', () => {
    expect([DEFAULT_LIMIT, MAX_LIMIT]).toEqual([25, 100]);
    expect(parseLimit(undefined)).toBe(25);
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit('100')).toBe(100);
    expect(parseLimit('007')).toBe(7);
  });

  it.each([['0'], ['101'], ['999'], ['1000'], ['2.5'], ['-1'], ['ten'], [''], [' 5'], ['1e2']])(
    'refuses %j with INVALID_LIMIT',
    (value) => {
      expect(codeOf(() => parseLimit(value))).toBe('INVALID_LIMIT');
    },
  );

  it('refuses a repeated or nested parameter (not a string)', () => {
    expect(codeOf(() => parseLimit(['5', '6']))).toBe('INVALID_LIMIT');
    expect(codeOf(() => parseLimit({ a: '5' }))).toBe('INVALID_LIMIT');
    expect(codeOf(() => parseLimit(5))).toBe('INVALID_LIMIT');
  });
});

// A real listening server: what a client receives, headers included.
describe('sendCollection / sendJson', () => {
  let url = '';
  let close: () => void = () => undefined;

  beforeAll(async () => {
    const app = express();
    app.get('/collection', (_req, res) => {
      sendCollection(res, [{ id: 1, name: 'é' }], {
        limit: 25,
        has_next_page: false,
        next_cursor: null,
      });
    });
    app.post('/created', (_req, res) => {
      sendJson(res, 201, { created: true });
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
  });

  it('sends the { data, page_info } envelope as JSON with status 200, its byte length and no ETag', async () => {
    const response = await fetch(`${url}/collection`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(response.headers.get('etag')).toBeNull();
    expect(JSON.parse(text)).toEqual({
      data: [{ id: 1, name: 'é' }],
      page_info: { limit: 25, has_next_page: false, next_cursor: null },
    });
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(`${url}/collection`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await response.text()).toBe('');
  });

  it('sends any body with the given status, serialised once', async () => {
    const response = await fetch(`${url}/created`, { method: 'POST' });
    expect([response.status, await response.text()]).toEqual([201, '{"created":true}']);
  });
});
