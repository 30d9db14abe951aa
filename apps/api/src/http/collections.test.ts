import { ScmError } from '@scm/core';
import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
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

/** Just enough of an Express response to see what was sent. */
function fakeResponse() {
  const sent: { status?: number; type?: string; body?: string } = {};
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    type(value: string) {
      sent.type = value;
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
  };
  return { res: res as unknown as Response, sent };
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

describe('sendCollection / sendJson', () => {
  it('sends the { data, page_info } envelope as JSON with status 200', () => {
    const { res, sent } = fakeResponse();
    sendCollection(res, [{ id: 1 }], { limit: 25, has_next_page: false, next_cursor: null });
    expect(sent.status).toBe(200);
    expect(sent.type).toBe('application/json');
    expect(JSON.parse(sent.body ?? '')).toEqual({
      data: [{ id: 1 }],
      page_info: { limit: 25, has_next_page: false, next_cursor: null },
    });
  });

  it('sends any body with the given status, serialised once', () => {
    const { res, sent } = fakeResponse();
    sendJson(res, 201, { created: true });
    expect([sent.status, sent.body]).toEqual([201, '{"created":true}']);
  });
});
