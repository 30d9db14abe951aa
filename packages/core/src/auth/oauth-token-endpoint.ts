import { ScmError } from '../errors/scm-error.js';
import { createHttpClient } from '../http/client.js';
import { systemClock } from '../runtime.js';
import type { HttpClient, HttpClientOptions } from '../http/types.js';
import { transportOptions, type OAuthTokens } from '../provider.js';
import { toOAuthTokens } from './oauth-tokens.js';

export interface OAuthTokenEndpointOptions extends Pick<
  HttpClientOptions,
  'dispatcher' | 'userAgent' | 'timeoutMs' | 'deadlineMs' | 'retry' | 'logger' | 'clock'
> {
  provider: string;
  /** The authorization server's root; `tokenPath` is below it. */
  baseUrl: string;
  /** The token endpoint (`/login/oauth/access_token`, `/oauth/token`, …). */
  tokenPath: string;
  clientId: string;
  clientSecret: string;
  /**
   * How the client authenticates at the token endpoint (RFC 6749 §2.3.1, the method names of
   * RFC 8414): its id and secret in the form (`client_secret_post`, the default) or as HTTP Basic
   * (`client_secret_basic`).
   */
  clientAuthentication?: 'client_secret_post' | 'client_secret_basic' | undefined;
  /** Sent with every token request (GitHub answers form-encoded without `accept: application/json`). */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** One authorization server's token endpoint, through core's HTTP client. */
export interface OAuthTokenEndpoint {
  /**
   * POSTs one grant as a form (fields left undefined are not sent) and reads the answer as
   * `OAuthTokens`. An RFC 6749 §5.2 error body — with a 4xx, or with a 200 as GitHub sends it —
   * becomes its canonical error (`invalid_grant` → AUTH_EXPIRED, `invalid_client` →
   * INVALID_CREDENTIALS, …); a provider fault stays UPSTREAM_UNAVAILABLE.
   */
  request(grant: Readonly<Record<string, string | undefined>>): Promise<OAuthTokens>;
  /** Closes the client's own connection pool, if it opened one. */
  close(): Promise<void>;
}

/** The grant fields that are credentials: never in an error, even when the provider echoes them. */
const SECRET_FIELDS = new Set([
  'code',
  'code_verifier',
  'refresh_token',
  'client_secret',
  'assertion',
  'password',
  'device_code',
]);

/**
 * The token-endpoint half of an adapter's `ProviderOAuth`: what the GitHub, GitLab, Bitbucket
 * and Azure DevOps adapters each wrote before. The authorize URL stays in the adapter (each
 * provider names its parameters differently). The HTTP client is made on the first request, so an
 * adapter that never exchanges a code opens no connection.
 */
export function createOAuthTokenEndpoint(options: OAuthTokenEndpointOptions): OAuthTokenEndpoint {
  const { provider, clientId, clientSecret } = options;
  const clock = options.clock ?? systemClock;
  const basic = options.clientAuthentication === 'client_secret_basic';
  const headers: Record<string, string> = {
    ...options.headers,
    'content-type': 'application/x-www-form-urlencoded',
  };
  // Joined as they are, as `curl -u id:secret` sends them (Bitbucket's documented call); RFC 6749
  // §2.3.1 would form-encode them first, which no provider's generated id or secret needs.
  if (basic)
    headers.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  let client: HttpClient | undefined;
  const http = (): HttpClient =>
    (client ??= createHttpClient({
      // No cache: a token request is a POST, and an adapter's own cache (spread in with its
      // settings) has nothing to do with it.
      ...transportOptions(options),
      cache: undefined,
      clock,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      provider,
      // A 4xx with an OAuth error body maps as the same body with a 200 would. The client has
      // already replaced the request's `secrets` in the body, and does in the mapped error.
      mapError: (context) => {
        try {
          toOAuthTokens(context.body, clock.now(), { provider, status: context.status });
        } catch (error) {
          if (ScmError.isInstance(error) && error.code !== 'UPSTREAM_UNAVAILABLE') return error;
        }
        return undefined;
      },
    }));

  return {
    async request(grant) {
      const form = new URLSearchParams();
      if (!basic) {
        form.set('client_id', clientId);
        form.set('client_secret', clientSecret);
      }
      const secrets = [clientSecret];
      for (const [name, value] of Object.entries(grant)) {
        if (value === undefined) continue;
        form.set(name, value);
        if (SECRET_FIELDS.has(name)) secrets.push(value);
      }
      const response = await http().request({
        method: 'POST',
        path: options.tokenPath,
        headers,
        body: form.toString(),
        secrets,
      });
      // A 200 with an error body (GitHub) is read here, not by the client: redacted here too.
      return toOAuthTokens(response.body, clock.now(), {
        provider,
        status: response.status,
        secrets,
      });
    },
    close: () => client?.close() ?? Promise.resolve(),
  };
}
