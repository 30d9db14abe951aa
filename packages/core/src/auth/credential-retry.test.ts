import { describe, expect, it } from 'vitest';
import { ScmError } from '../errors/scm-error.js';
import { isUnauthorizedError, withCredentialRetry } from './credential-retry.js';

const refused = (): ScmError =>
  new ScmError('INVALID_CREDENTIALS', { provider: 'example', upstreamStatus: 401 });
const expired = (): ScmError =>
  new ScmError('AUTH_EXPIRED', { provider: 'example', upstreamStatus: 401 });

/** A fake upstream: accepts only `token`, and records which token each request carried. */
function upstream() {
  const state = { token: 'new', current: 'old', sent: [] as string[], refreshes: 0 };
  const send = (path: string): Promise<string> => {
    const used = state.current;
    state.sent.push(used);
    return used === state.token ? Promise.resolve(`${path} as ${used}`) : Promise.reject(refused());
  };
  const refresh = (): Promise<void> => {
    state.refreshes += 1;
    state.current = state.token;
    return Promise.resolve();
  };
  return { state, send, refresh };
}

describe('withCredentialRetry', () => {
  it('renews the credential once after a 401 and sends the request again', async () => {
    const { state, send, refresh } = upstream();
    const retrying = withCredentialRetry(send, { refresh });
    expect(await retrying('/me')).toBe('/me as new');
    expect(state.sent).toEqual(['old', 'new']);
    expect(state.refreshes).toBe(1);
    expect(await retrying('/repos')).toBe('/repos as new');
    expect(state.refreshes).toBe(1);
  });

  it('throws a second refusal instead of renewing again', async () => {
    const { state, send } = upstream();
    const retrying = withCredentialRetry(send, {
      refresh: () => {
        state.refreshes += 1;
        return Promise.resolve();
      },
    });
    await expect(retrying('/me')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(state.sent).toEqual(['old', 'old']);
    expect(state.refreshes).toBe(1);
  });

  it('shares one renewal between concurrent refusals', async () => {
    const { state, send } = upstream();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const retrying = withCredentialRetry(send, {
      refresh: async () => {
        state.refreshes += 1;
        await gate;
        state.current = state.token;
      },
    });
    const all = Promise.all([retrying('/a'), retrying('/b'), retrying('/c')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    expect(await all).toEqual(['/a as new', '/b as new', '/c as new']);
    expect(state.refreshes).toBe(1);
  });

  it('only retries a request refused with a credential that was replaced meanwhile', async () => {
    const { state, refresh } = upstream();
    let first = true;
    // The first request is refused only after the renewal of another one finished.
    const send = async (path: string): Promise<string> => {
      const used = state.current;
      if (first) {
        first = false;
        await retrying('/other');
        if (used !== state.token) throw refused();
      }
      return used === state.token ? `${path} as ${used}` : Promise.reject(refused());
    };
    const retrying = withCredentialRetry(send, { refresh });
    expect(await retrying('/slow')).toBe('/slow as new');
    expect(state.refreshes).toBe(1);
  });

  it('compares the credential in use when the adapter can tell it', async () => {
    const { state, send, refresh } = upstream();
    const retrying = withCredentialRetry(
      async (path: string) => {
        const result = send(path);
        // Replaced while the request was in flight (a refresh before expiry, say).
        state.current = state.token;
        return result;
      },
      { refresh, currentCredential: () => state.current },
    );
    expect(await retrying('/me')).toBe('/me as new');
    expect(state.refreshes).toBe(0);
  });

  it('leaves other errors alone, and honours a narrower isUnauthorized', async () => {
    let refreshes = 0;
    const refresh = (): Promise<void> => {
      refreshes += 1;
      return Promise.resolve();
    };
    const unavailable = withCredentialRetry(
      () => Promise.reject(new ScmError('UPSTREAM_UNAVAILABLE', { upstreamStatus: 503 })),
      { refresh },
    );
    await expect(unavailable()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const onlyExpired = withCredentialRetry(() => Promise.reject(refused()), {
      refresh,
      isUnauthorized: (error) => ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED',
    });
    await expect(onlyExpired()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(refreshes).toBe(0);
    let calls = 0;
    const expiring = withCredentialRetry(
      () => (++calls === 1 ? Promise.reject(expired()) : Promise.resolve('ok')),
      {
        refresh,
        isUnauthorized: (error) => ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED',
      },
    );
    expect(await expiring()).toBe('ok');
    expect(refreshes).toBe(1);
  });

  it('throws a failed renewal, and renews again on the next refusal', async () => {
    let attempts = 0;
    const { state, send } = upstream();
    const retrying = withCredentialRetry(send, {
      refresh: () => {
        attempts += 1;
        if (attempts === 1) return Promise.reject(new Error('refresh grant revoked'));
        state.current = state.token;
        return Promise.resolve();
      },
    });
    await expect(retrying('/me')).rejects.toThrow('refresh grant revoked');
    expect(await retrying('/me')).toBe('/me as new');
    expect(attempts).toBe(2);
  });

  it('returns send itself when the credential cannot be renewed', () => {
    const send = (): Promise<string> => Promise.resolve('ok');
    expect(withCredentialRetry(send, { refresh: null })).toBe(send);
    expect(withCredentialRetry(send, { refresh: undefined })).toBe(send);
  });

  it('keeps a generic send generic', async () => {
    const send = <T>(value: T): Promise<T> => Promise.resolve(value);
    const retrying = withCredentialRetry(send, { refresh: () => Promise.resolve() });
    const text: string = await retrying('text');
    const count: number = await retrying(3);
    expect([text, count]).toEqual(['text', 3]);
  });
});

describe('isUnauthorizedError', () => {
  it('is true for an ScmError carrying a 401 only', () => {
    expect(isUnauthorizedError(refused())).toBe(true);
    expect(isUnauthorizedError(new ScmError('INVALID_CREDENTIALS'))).toBe(false);
    expect(isUnauthorizedError(new ScmError('INSUFFICIENT_SCOPE', { upstreamStatus: 403 }))).toBe(
      false,
    );
    expect(isUnauthorizedError(Object.assign(new Error('x'), { upstreamStatus: 401 }))).toBe(false);
  });
});
