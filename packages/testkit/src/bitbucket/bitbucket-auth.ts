import { randomBytes } from 'node:crypto';
import type { PkceChallenge } from '../server/pkce.js';
import type { SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { bitbucketError } from './wire-paging.js';

export interface BitbucketCredentials {
  /** A repository / workspace access token, sent as `Authorization: Bearer`. */
  accessToken: string;
  /** What the access token may do (Bitbucket scopes: `repository`, `pullrequest`, `webhook`, …). */
  accessTokenScopes: string[];
  /** The account an API token (or app password) belongs to; Basic auth takes it or its email. */
  username: string;
  email: string;
  apiToken: string;
  oauth: { clientId: string; clientSecret: string; callbackUrl: string; scopes: string[] };
}

interface IssuedToken {
  expiresAt: number;
}

const ALL_SCOPES = ['account', 'repository', 'pullrequest', 'webhook', 'pipeline'];

/**
 * Who may call the simulated API: the access token, Basic `user:apiToken`, and OAuth access tokens
 * this simulator issued and that have not expired (Bitbucket's last about two hours).
 */
export function createAuthState(
  credentials: BitbucketCredentials,
  now: () => number,
  ttlSeconds: number,
) {
  const accessTokens = new Map<string, IssuedToken>();
  const refreshTokens = new Set<string>();
  const codes = new Map<string, { redirectUri: string | null; pkce: PkceChallenge | null }>();
  const random = (): string => randomBytes(24).toString('base64url');

  function issue(refreshToken?: string): Record<string, unknown> {
    const accessToken = random();
    accessTokens.set(accessToken, { expiresAt: now() + ttlSeconds * 1000 });
    const refresh = refreshToken ?? random();
    refreshTokens.add(refresh);
    return {
      access_token: accessToken,
      // Bitbucket names the field `scopes` and does not rotate refresh tokens.
      scopes: credentials.oauth.scopes.join(' '),
      token_type: 'bearer',
      expires_in: ttlSeconds,
      refresh_token: refresh,
      state: 'authorization_code',
    };
  }

  /** Undefined when the request may proceed, else Bitbucket's 401. */
  function check(request: SimulatorRequest): SimulatorResponse | undefined {
    const header = request.headers.authorization;
    const value = typeof header === 'string' ? header : '';
    if (value.startsWith('Bearer ')) {
      const token = value.slice('Bearer '.length);
      if (token === credentials.accessToken) return undefined;
      const issued = accessTokens.get(token);
      if (issued !== undefined) {
        if (issued.expiresAt > now()) return undefined;
        return bitbucketError(
          401,
          'Access token expired. Use your refresh token to obtain a new access token.',
        );
      }
    } else if (value.startsWith('Basic ')) {
      const decoded = Buffer.from(value.slice('Basic '.length), 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      const user = decoded.slice(0, separator);
      const secret = decoded.slice(separator + 1);
      if (
        separator > 0 &&
        (user === credentials.username || user === credentials.email) &&
        secret === credentials.apiToken
      )
        return undefined;
    }
    return {
      ...bitbucketError(401, 'Invalid credentials'),
      headers: { 'www-authenticate': 'Basic realm="Bitbucket.org HTTP"' },
    };
  }

  /** The scopes of the request's credentials; Basic credentials (API tokens) get every scope here. */
  function scopesOf(request: SimulatorRequest): readonly string[] {
    const header = request.headers.authorization;
    const value = typeof header === 'string' ? header : '';
    if (value === `Bearer ${credentials.accessToken}`) return credentials.accessTokenScopes;
    if (value.startsWith('Bearer ')) return credentials.oauth.scopes;
    return ALL_SCOPES;
  }

  return {
    check,
    scopesOf,
    issue,
    newCode(redirectUri: string | null, pkce: PkceChallenge | null = null): string {
      const code = random();
      codes.set(code, { redirectUri, pkce });
      return code;
    },
    /** Single use, like Bitbucket's codes. */
    takeCode(code: string): { redirectUri: string | null; pkce: PkceChallenge | null } | undefined {
      const entry = codes.get(code);
      codes.delete(code);
      return entry;
    },
    hasRefreshToken: (token: string): boolean => refreshTokens.has(token),
    revokeRefreshTokens: (): void => {
      refreshTokens.clear();
    },
    /** Makes every issued OAuth access token expired, as two hours passing would. */
    expireAccessTokens(): void {
      for (const token of accessTokens.values()) token.expiresAt = 0;
    },
  };
}

export type AuthState = ReturnType<typeof createAuthState>;
