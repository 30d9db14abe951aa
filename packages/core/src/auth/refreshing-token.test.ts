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

  describe('exclusive (holders in other processes)', () => {
    /** One stored pair and a lock, as a database gives the processes of one deployment. */
    function sharedGrant(initial: OAuthTokens) {
      let stored = initial;
      let lock: Promise<unknown> = Promise.resolve();
      const used: string[] = [];
      const exclusive = (run: (current: OAuthTokens | null) => Promise<OAuthTokens>) => {
        const next = lock.then(() => run(stored));
        lock = next.catch(() => undefined);
        return next;
      };
      return {
        exclusive,
        used,
        stored: () => stored,
        holder(clock: Clock) {
          return createRefreshingToken({
            tokens: initial,
            clock,
            exclusive,
            refresh: (refreshToken) => {
              // Rotating refresh tokens: a used one is refused.
              if (used.includes(refreshToken) || refreshToken !== stored.refreshToken)
                return Promise.reject(new Error(`refused ${refreshToken}`));
              used.push(refreshToken);
              return Promise.resolve(tokens(used.length + 1, clock.now() + 7_200_000));
            },
            onRefresh: (pair) => {
              stored = pair;
            },
          });
        },
      };
    }

    it('refreshes once for two holders: the second takes the pair the first stored', async () => {
      const clock = manualClock(0);
      const grant = sharedGrant(tokens(1, 120_000));
      const a = grant.holder(clock);
      const b = grant.holder(clock);
      clock.advance(100_000);
      expect(await Promise.all([a.get(), b.get(), a.get(), b.get()])).toEqual([
        'a2',
        'a2',
        'a2',
        'a2',
      ]);
      expect(grant.used).toEqual(['r1']);
      expect(b.current()).toEqual(grant.stored());
    });

    it('refreshes from the stored pair when it too expires soon, and after a rejection', async () => {
      const clock = manualClock(0);
      const grant = sharedGrant(tokens(1, 120_000));
      const a = grant.holder(clock);
      const b = grant.holder(clock);
      clock.advance(100_000);
      expect(await a.get()).toBe('a2');
      // Hours later both pairs are old: b refreshes with the refresh token a stored, not its own.
      clock.advance(7_200_000);
      expect(await b.get()).toBe('a3');
      expect(grant.used).toEqual(['r1', 'r2']);
      // The provider refused a's token (it was replaced): a takes the stored pair, no refresh.
      expect(await a.refreshNow()).toBe('a3');
      expect(grant.used).toEqual(['r1', 'r2']);
      // Refused again with nothing newer stored: a refreshes.
      expect(await a.refreshNow()).toBe('a4');
      expect(grant.used).toEqual(['r1', 'r2', 'r3']);
    });
  });
});
