import { randomBytes } from 'node:crypto';
import type { PkceChallenge } from '../server/pkce.js';
import type { SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { azureError } from './azure-wire.js';

export interface AzureCredentials {
  /** A personal access token: HTTP Basic with an empty user name, the token as password. */
  personalAccessToken: string;
  /** The Microsoft Entra application (tenant, client id and secret, redirect URI). */
  oauth: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    /** `499b84ac-…/.default` is Azure DevOps' resource; `offline_access` gives a refresh token. */
    scopes: string[];
  };
}

interface Issued {
  expiresAt: number;
}

/** The code an authorization left for the token endpoint. */
export interface PendingCode {
  redirectUri: string;
  scope: string;
  pkce: PkceChallenge | null;
}

/**
 * Azure DevOps Services' answer to a PAT it does not accept: not a 401 but a 203 with the HTML
 * sign-in page (https://learn.microsoft.com/en-us/azure/devops/integrate/get-started/authentication/authentication-guidance).
 */
function signInPage(origin: string): SimulatorResponse {
  return {
    status: 203,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'x-tfs-fedauthrealm': 'https://app.vssps.visualstudio.com/',
      'x-tfs-fedauthissuer': `${origin}/`,
      'x-tfs-fedauthredirect': `${origin}/_signin?realm=dev.azure.com`,
    },
    text: [
      '<!DOCTYPE html>',
      '<html lang="en-US">',
      '<head><title>Azure DevOps Services | Sign In</title></head>',
      '<body><h1>Sign in</h1><p>Sign in to continue to Azure DevOps.</p>',
      `<a href="${origin}/_signin">Sign in</a></body>`,
      '</html>',
    ].join('\n'),
  };
}

function unauthorized(origin: string, error?: string): SimulatorResponse {
  const response = azureError(
    401,
    "TF400813: The user '' is not authorized to access this resource.",
    'UnauthorizedRequestException',
  );
  return {
    ...response,
    headers: {
      'www-authenticate': `Bearer authorization_uri=${origin}/common/oauth2/authorize${error === undefined ? '' : `, error="${error}"`}, Basic realm="${origin}/"`,
    },
  };
}

export type AzureAuthState = ReturnType<typeof createAzureAuthState>;

/**
 * Who may call the simulated API: the PAT (Basic, any user name), and Entra access tokens this
 * simulator issued that have not expired or been revoked.
 */
export function createAzureAuthState(
  credentials: AzureCredentials,
  now: () => number,
  ttlSeconds: number,
  origin: () => string,
) {
  const accessTokens = new Map<string, Issued>();
  const refreshTokens = new Map<string, string>();
  const codes = new Map<string, PendingCode>();
  const random = (): string => randomBytes(24).toString('base64url');

  /** Entra's token response (v2.0); refresh tokens rotate, the old one stops working. */
  function issue(scope: string, usedRefreshToken?: string): Record<string, unknown> {
    if (usedRefreshToken !== undefined) refreshTokens.delete(usedRefreshToken);
    const accessToken = `eyJ0eXAiOiJKV1QifQ.${random()}.${random()}`;
    accessTokens.set(accessToken, { expiresAt: now() + ttlSeconds * 1000 });
    const refreshToken = `1.AXkA${random()}`;
    refreshTokens.set(refreshToken, scope);
    return {
      token_type: 'Bearer',
      scope,
      expires_in: ttlSeconds,
      ext_expires_in: ttlSeconds,
      access_token: accessToken,
      refresh_token: refreshToken,
    };
  }

  return {
    issue,
    newCode(pending: PendingCode): string {
      const code = `0.AXkA${random()}`;
      codes.set(code, pending);
      return code;
    },
    takeCode(code: string): PendingCode | undefined {
      const pending = codes.get(code);
      codes.delete(code);
      return pending;
    },
    /** The scope a refresh token was issued for, or undefined when unknown (used or revoked). */
    refreshScope: (token: string): string | undefined => refreshTokens.get(token),
    expireAccessTokens(): void {
      for (const issued of accessTokens.values()) issued.expiresAt = 0;
    },
    revoke(accessToken: string): void {
      accessTokens.delete(accessToken);
    },
    /** Undefined when the request may proceed, else Azure's answer (203 sign-in page, 401). */
    check(request: SimulatorRequest): SimulatorResponse | undefined {
      const header = request.headers.authorization;
      const value = typeof header === 'string' ? header : '';
      if (value.startsWith('Basic ')) {
        const decoded = Buffer.from(value.slice('Basic '.length), 'base64').toString('utf8');
        const password = decoded.slice(decoded.indexOf(':') + 1);
        return password === credentials.personalAccessToken ? undefined : signInPage(origin());
      }
      if (value.startsWith('Bearer ')) {
        const issued = accessTokens.get(value.slice('Bearer '.length));
        if (issued === undefined) return unauthorized(origin(), 'invalid_token');
        return issued.expiresAt > now() ? undefined : unauthorized(origin(), 'invalid_token');
      }
      return unauthorized(origin());
    },
  };
}
