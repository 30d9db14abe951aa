import { ScmError } from '../errors/scm-error.js';
import type { OAuthTokens } from '../provider.js';
import { systemClock, type Clock } from '../runtime.js';

export interface RefreshingTokenOptions {
  /** The tokens as last issued (or loaded from storage). */
  tokens: OAuthTokens;
  /** Calls the provider's refresh grant. */
  refresh: (refreshToken: string) => Promise<OAuthTokens>;
  provider?: string | undefined;
  clock?: Clock | undefined;
  /** Refresh when the access token expires within this many ms. Default 60 000. */
  refreshBeforeMs?: number | undefined;
  /** Receives every new pair, to persist it: most providers rotate the refresh token on use. */
  onRefresh?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  /**
   * For a grant other holders refresh too (the other processes of one deployment, each with its
   * own adapter): runs every refresh through this function, which holds a lock those holders
   * share and passes the pair as stored now (null when unknown). A stored pair other than this
   * holder's means another holder refreshed meanwhile: it is taken as it is, and the provider is
   * not called (its refresh token rotated; the old one would be refused). Otherwise the refresh
   * runs with it, and `onRefresh` stores the result while the lock is still held.
   */
  exclusive?:
    | ((refresh: (stored: OAuthTokens | null) => Promise<OAuthTokens>) => Promise<OAuthTokens>)
    | undefined;
}

export interface RefreshingToken {
  /** A usable access token; refreshes first when it expires soon. */
  get(): Promise<string>;
  /** Refreshes now (after the provider rejected the token), sharing a refresh already under way. */
  refreshNow(): Promise<string>;
  /** The current tokens. */
  current(): OAuthTokens;
}

/**
 * Keeps an expiring OAuth access token fresh. Concurrent callers share one refresh: a rotated
 * refresh token is single-use on GitLab and Bitbucket, so two parallel refreshes would revoke the
 * grant.
 */
export function createRefreshingToken(options: RefreshingTokenOptions): RefreshingToken {
  const clock = options.clock ?? systemClock;
  const refreshBeforeMs = options.refreshBeforeMs ?? 60_000;
  let tokens = options.tokens;
  let inFlight: Promise<string> | null = null;

  const expiresSoonFor = (pair: OAuthTokens): boolean =>
    pair.expiresAt !== null && pair.expiresAt - refreshBeforeMs <= clock.now();
  const expiresSoon = (): boolean => expiresSoonFor(tokens);

  const noRefreshToken = (): ScmError =>
    new ScmError('AUTH_EXPIRED', {
      provider: options.provider ?? null,
      message: 'The access token expired and there is no refresh token to renew it.',
    });

  /** Refreshes from `stored` (or this holder's pair), unless `stored` is already a newer pair. */
  const refreshFrom = async (stored: OAuthTokens | null): Promise<OAuthTokens> => {
    if (stored !== null && stored.accessToken !== tokens.accessToken && !expiresSoonFor(stored))
      return stored;
    const refreshToken = (stored ?? tokens).refreshToken;
    if (refreshToken === null) throw noRefreshToken();
    const next = await options.refresh(refreshToken);
    // Some providers omit the refresh token when it did not rotate.
    const rotated = { ...next, refreshToken: next.refreshToken ?? refreshToken };
    // Held before it is stored: if storing fails, this holder still has the pair that works.
    tokens = rotated;
    await options.onRefresh?.(rotated);
    return rotated;
  };

  const refreshNow = (): Promise<string> => {
    if (inFlight) return inFlight;
    if (tokens.refreshToken === null) return Promise.reject(noRefreshToken());
    inFlight = (async () => {
      try {
        tokens =
          options.exclusive === undefined
            ? await refreshFrom(null)
            : await options.exclusive(refreshFrom);
        return tokens.accessToken;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  return {
    get: () => inFlight ?? (expiresSoon() ? refreshNow() : Promise.resolve(tokens.accessToken)),
    refreshNow,
    current: () => tokens,
  };
}
