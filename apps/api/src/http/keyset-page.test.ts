import { ScmError } from '@scm/core';
import { createCursorCodec } from '@scm/cursor';
import { describe, expect, it } from 'vitest';
import { KEYSET_ORDER, keysetPage } from './keyset-page.js';

let clock = Date.UTC(2026, 0, 1);
const codec = (secret = 'k'.repeat(32)) =>
  createCursorCodec({
    keys: { current: { id: 'k1', secret: Buffer.from(secret) } },
    ttlSeconds: 60,
    clock: { now: () => clock },
  });

const base = {
  endpoint: 'account.usage.logs',
  filters: { status: 'error' },
  limit: 2,
  principal: 'ten_1',
  cursor: undefined as unknown,
};

const rows = [
  { id: 'log_a', createdAt: new Date(3000) },
  { id: 'log_b', createdAt: new Date(2000) },
  { id: 'log_c', createdAt: new Date(2000) },
];

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (ScmError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected an ScmError');
}

describe('keysetPage', () => {
  it('orders newest first, ties by id', () => {
    expect(KEYSET_ORDER).toEqual([{ createdAt: 'desc' }, { id: 'asc' }]);
  });

  it('page one: no condition, one row more than the limit, and a cursor after the last row shown', () => {
    const cursors = codec();
    const first = keysetPage(cursors, base);
    expect(first.after).toEqual({});
    expect(first.take).toBe(3);
    const { rows: shown, pageInfo } = first.finish(rows);
    expect(shown.map((row) => row.id)).toEqual(['log_a', 'log_b']);
    expect(pageInfo.limit).toBe(2);
    expect(pageInfo.has_next_page).toBe(true);

    const second = keysetPage(cursors, { ...base, cursor: pageInfo.next_cursor });
    expect(second.after).toEqual({
      OR: [
        { createdAt: { lt: new Date(2000) } },
        { createdAt: new Date(2000), id: { gt: 'log_b' } },
      ],
    });
  });

  it('the last page has no cursor', () => {
    const page = keysetPage(codec(), base).finish(rows.slice(0, 2));
    expect(page.rows).toHaveLength(2);
    expect(page.pageInfo).toEqual({ limit: 2, has_next_page: false, next_cursor: null });
    expect(keysetPage(codec(), base).finish([]).pageInfo.next_cursor).toBeNull();
  });

  it('a cursor is bound to its endpoint, filters, limit and principal', () => {
    const cursors = codec();
    const next = keysetPage(cursors, base).finish(rows).pageInfo.next_cursor;
    for (const changed of [
      { endpoint: 'account.connections' },
      { filters: { status: 'ok' } },
      { filters: {} },
      { limit: 3 },
      { principal: 'ten_2' },
    ]) {
      expect(
        codeOf(() => keysetPage(cursors, { ...base, ...changed, cursor: next })),
        JSON.stringify(changed),
      ).toBe('INVALID_CURSOR');
    }
  });

  it('refuses an empty, non-string, tampered or foreign cursor, and an expired one', () => {
    const cursors = codec();
    const next = keysetPage(cursors, base).finish(rows).pageInfo.next_cursor ?? '';
    expect(codeOf(() => keysetPage(cursors, { ...base, cursor: '' }))).toBe('INVALID_CURSOR');
    expect(codeOf(() => keysetPage(cursors, { ...base, cursor: ['a'] }))).toBe('INVALID_CURSOR');
    const flipped = `${next.slice(0, 5)}${next[5] === 'A' ? 'B' : 'A'}${next.slice(6)}`;
    expect(codeOf(() => keysetPage(cursors, { ...base, cursor: flipped }))).toBe('INVALID_CURSOR');
    expect(codeOf(() => keysetPage(codec('x'.repeat(32)), { ...base, cursor: next }))).toBe(
      'INVALID_CURSOR',
    );
    clock += 61_000;
    expect(codeOf(() => keysetPage(cursors, { ...base, cursor: next }))).toBe('CURSOR_EXPIRED');
  });

  it('refuses a validly signed token that is not a keyset position', () => {
    const cursors = codec();
    const scope = { ...base, provider: 'gateway' };
    const { cursor: _cursor, ...bound } = scope;
    // The same scope with a well-formed position passes: the refusals below are about the token.
    const good = cursors.encode('1000|log_a', bound);
    expect(keysetPage(cursors, { ...base, cursor: good }).after.OR).toHaveLength(2);
    for (const token of ['no-separator', '|log_a', 'soon|log_a', '1000|']) {
      const cursor = cursors.encode(token, bound);
      expect(
        codeOf(() => keysetPage(cursors, { ...base, cursor })),
        token,
      ).toBe('INVALID_CURSOR');
    }
  });
});
