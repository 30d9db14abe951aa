import { describe, expect, it } from 'vitest';
import { ScmError } from '../errors/scm-error.js';
import type { OAuthTokens } from '../provider.js';
import type { Clock } from '../runtime.js';
import { createRefreshingToken } from './refreshing-token.js';

function manualClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, sleep: () => Promise.resolve(), advance: (ms) => (now += ms) };
}

const tokens = (
  n: number,
  expiresAt: number | null,
  refreshToken: string | null = `r${n}`,
): OAuthTokens => ({
  accessToken: `a${n}`,
  refreshToken,
  expiresAt,
  scopes: [],
  tokenType: 'bearer',
});

describe('createRefreshingToken', () => {
  it('returns the current token while it is fresh and refreshes shortly before expiry', async () => {
    const clock = manualClock(0);
    const used: string[] = [];
    const token = createRefreshingToken({
      tokens: tokens(1, 120_000),
      clock,
      refresh: (refreshToken) => {
        used.push(refreshToken);
        return Promise.resolve(tokens(used.length + 1, clock.now() + 120_000));
      },
    });
    expect(await token.get()).toBe('a1');
    clock.advance(59_000);
    expect(await token.get()).toBe('a1');
    clock.advance(2_000);
    expect(await token.get()).toBe('a2');
    expect(used).toEqual(['r1']);
    expect(token.current().refreshToken).toBe('r2');
  });

  it('shares one refresh between concurrent callers and persists the new pair', async () => {
    let calls = 0;
    const persisted: OAuthTokens[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const token = createRefreshingToken({
      tokens: tokens(1, 0),
      clock: manualClock(1_000),
      refresh: async () => {
        calls += 1;
        await gate;
        return tokens(2, null, null);
      },
      onRefresh: (next) => void persisted.push(next),
    });
    const all = Promise.all([token.get(), token.get(), token.refreshNow()]);
    release();
    expect(await all).toEqual(['a2', 'a2', 'a2']);
    expect(calls).toBe(1);
    // The provider did not rotate the refresh token: the old one is kept.
    expect(persisted).toEqual([{ ...tokens(2, null), refreshToken: 'r1' }]);
  });

  it('lets the next caller retry after a failed refresh', async () => {
    let calls = 0;
    const token = createRefreshingToken({
      tokens: tokens(1, 0),
      clock: manualClock(1_000),
      refresh: () => {
        calls += 1;
        return calls === 1
          ? Promise.reject(new Error('network'))
          : Promise.resolve(tokens(2, null));
      },
    });
    await expect(token.get()).rejects.toThrow('network');
    expect(await token.get()).toBe('a2');
  });

  it('fails with AUTH_EXPIRED when an expired token has no refresh token', async () => {
    const token = createRefreshingToken({
      tokens: tokens(1, 0, null),
      clock: manualClock(1_000),
      provider: 'gitlab',
      refresh: () => Promise.reject(new Error('unreachable')),
    });
    const error: unknown = await token.get().catch((e: unknown) => e);
    expect(ScmError.isInstance(error) && error.code).toBe('AUTH_EXPIRED');
  });
});
