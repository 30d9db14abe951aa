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

  const expiresSoon = (): boolean =>
    tokens.expiresAt !== null && tokens.expiresAt - refreshBeforeMs <= clock.now();

  const refreshNow = (): Promise<string> => {
    if (inFlight) return inFlight;
    const refreshToken = tokens.refreshToken;
    if (refreshToken === null)
      return Promise.reject(
        new ScmError('AUTH_EXPIRED', {
          provider: options.provider ?? null,
          message: 'The access token expired and there is no refresh token to renew it.',
        }),
      );
    inFlight = (async () => {
      try {
        const next = await options.refresh(refreshToken);
        // Some providers omit the refresh token when it did not rotate.
        tokens = { ...next, refreshToken: next.refreshToken ?? refreshToken };
        await options.onRefresh?.(tokens);
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
