import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';
import { z } from 'zod';
import { safeEqual } from '../../crypto/tokens.js';
import { gatewayError } from '../../http/errors.js';
import type { GatewayServices } from '../../services.js';
import type { TestappSession } from './session.js';

// The sandbox is an OAuth client of THIS gateway, over HTTP like any app: its only target is the
// gateway's own public URL (config.publicUrl), never a URL from the request, so it cannot be used
// to reach anything else (no SSRF).

const CALL_TIMEOUT_MS = 30_000;

/** Where the sandbox's authorization requests come back. */
export function testappRedirectUri(services: GatewayServices): string {
  return `${services.config.publicUrl}/testapp/callback`;
}

/** One HTTP answer of the gateway: status, time, parsed JSON (or null). Never thrown on 4xx/5xx. */
export interface GatewayAnswer {
  status: number;
  ms: number;
  body: unknown;
}

/** A call to the gateway's own API at `config.publicUrl` (`path` is a path of this gateway). */
export async function callGateway(
  services: GatewayServices,
  input: {
    method: 'GET' | 'POST' | 'DELETE';
    path: string;
    headers?: Record<string, string>;
    json?: unknown;
    form?: Record<string, string>;
  },
): Promise<GatewayAnswer> {
  if (!input.path.startsWith('/') || input.path.startsWith('//'))
    throw new Error('callGateway takes a path of this gateway');
  const headers: Record<string, string> = { accept: 'application/json', ...input.headers };
  let body: string | null = null;
  if (input.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input.json);
  } else if (input.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(input.form).toString();
  }
  const started = performance.now();
  try {
    const response = await request(`${services.config.publicUrl}${input.path}`, {
      method: input.method,
      headers,
      body,
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await response.body.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    return {
      status: response.statusCode,
      ms: Math.round(performance.now() - started),
      body: parsed,
    };
  } catch (error) {
    throw gatewayError(
      'UPSTREAM_UNAVAILABLE',
      `The sandbox could not reach this gateway at its public URL (${services.config.publicUrl}): ${error instanceof Error ? error.message : 'unknown error'}. Set PUBLIC_URL to an address this server can reach.`,
    );
  }
}

function basicAuth(config: NonNullable<TestappSession['config']>): Record<string, string> {
  const encode = (value: string): string => encodeURIComponent(value);
  const pair = `${encode(config.clientId)}:${encode(config.clientSecret)}`;
  return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

/**
 * A new authorization request for the configured app: a fresh `state` and PKCE verifier (kept in
 * the sealed cookie) and the `/oauth/authorize` URL (a path of this gateway) to send the browser to.
 */
export function beginAuthorization(
  services: GatewayServices,
  config: NonNullable<TestappSession['config']>,
): { pending: NonNullable<TestappSession['pending']>; location: string } {
  const state = randomBytes(24).toString('base64url');
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: testappRedirectUri(services),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  if (config.customerRef !== null) query.set('customer_ref', config.customerRef);
  return { pending: { state, verifier }, location: `/oauth/authorize?${query.toString()}` };
}

const TokenAnswer = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  expires_in: z.number(),
  scope: z.string(),
});

const OAuthErrorAnswer = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

function tokenOf(services: GatewayServices, body: unknown): NonNullable<TestappSession['token']> {
  const parsed = TokenAnswer.parse(body);
  return {
    accessToken: parsed.access_token,
    refreshToken: parsed.refresh_token ?? null,
    expiresAt: new Date(services.now() + parsed.expires_in * 1000).toISOString(),
    scope: parsed.scope,
  };
}

function tokenRefusal(answer: GatewayAnswer): Error {
  const oauth = OAuthErrorAnswer.safeParse(answer.body);
  const reason = oauth.success
    ? `${oauth.data.error}${oauth.data.error_description === undefined ? '' : `: ${oauth.data.error_description}`}`
    : `HTTP ${answer.status}`;
  return gatewayError(
    'INVALID_REQUEST',
    `POST /oauth/token refused the sandbox's request (${reason}).`,
  );
}

/**
 * The callback's checks, then the code exchange: the `state` must be the one this browser's
 * session sent (else nothing is exchanged), and `iss` (RFC 9207), when present, this gateway.
 */
export async function completeAuthorization(
  services: GatewayServices,
  session: TestappSession,
  query: { code?: string | undefined; state?: string | undefined; iss?: string | undefined },
): Promise<NonNullable<TestappSession['token']>> {
  const { config, pending } = session;
  if (config === null || pending === null)
    throw gatewayError(
      'INVALID_REQUEST',
      'No authorization is in progress in this browser: start it from /testapp.',
    );
  if (query.state === undefined || !safeEqual(query.state, pending.state))
    throw gatewayError(
      'INVALID_REQUEST',
      'The callback state does not match the one this sandbox sent: the response was not for this browser, so its code was not used.',
    );
  if (query.iss !== undefined && query.iss !== services.config.publicUrl)
    throw gatewayError('INVALID_REQUEST', 'The callback came from another issuer (iss).');
  if (query.code === undefined)
    throw gatewayError('INVALID_REQUEST', 'The callback carries no code.');
  const answer = await callGateway(services, {
    method: 'POST',
    path: '/oauth/token',
    headers: basicAuth(config),
    form: {
      grant_type: 'authorization_code',
      code: query.code,
      redirect_uri: testappRedirectUri(services),
      code_verifier: pending.verifier,
    },
  });
  if (answer.status !== 200) throw tokenRefusal(answer);
  return tokenOf(services, answer.body);
}

/** A fresh access token from the refresh token (rotated), or null when it cannot be refreshed. */
export async function refreshAccess(
  services: GatewayServices,
  session: TestappSession,
): Promise<TestappSession['token']> {
  if (session.config === null || session.token?.refreshToken == null) return null;
  const answer = await callGateway(services, {
    method: 'POST',
    path: '/oauth/token',
    headers: basicAuth(session.config),
    form: { grant_type: 'refresh_token', refresh_token: session.token.refreshToken },
  });
  return answer.status === 200 ? tokenOf(services, answer.body) : null;
}

/** Revokes the session's tokens at `POST /oauth/revoke` (RFC 7009); the caller forgets them. */
export async function revokeTokens(
  services: GatewayServices,
  session: TestappSession,
): Promise<void> {
  if (session.config === null || session.token === null) return;
  const tokens = [session.token.refreshToken, session.token.accessToken].filter(
    (token): token is string => token !== null,
  );
  for (const token of tokens)
    await callGateway(services, {
      method: 'POST',
      path: '/oauth/revoke',
      headers: basicAuth(session.config),
      form: { token },
    });
}
