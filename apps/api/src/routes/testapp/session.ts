import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { cookieLine, readGatewayCookie } from '../../http/cookies.js';
import { gatewayError } from '../../http/errors.js';
import type { GatewayServices } from '../../services.js';

export const TESTAPP_COOKIE = 'sgg_testapp';
const TESTAPP_TTL_SECONDS = 8 * 3600;
const CSRF_TTL_SECONDS = 3600;

/**
 * The sandbox's whole state, kept in the browser only: sealed with the gateway's at-rest
 * encryption (AES-256-GCM, `services.secretBox`), so the browser can neither read the client
 * secret and tokens in it nor change them. Nothing of it is ever rendered back into a page.
 */
const TestappState = z.object({
  purpose: z.literal('testapp'),
  exp: z.number(),
  /** Random per browser: the CSRF tokens of the sandbox's forms are bound to it. */
  sid: z.string().min(16),
  config: z
    .object({
      clientId: z.string(),
      clientSecret: z.string(),
      customerRef: z.string().nullable(),
    })
    .nullable(),
  /** The authorization in flight: its `state` and PKCE verifier (RFC 7636). */
  pending: z.object({ state: z.string(), verifier: z.string() }).nullable(),
  token: z
    .object({
      accessToken: z.string(),
      refreshToken: z.string().nullable(),
      expiresAt: z.string(),
      scope: z.string(),
    })
    .nullable(),
});

export type TestappSession = Omit<z.infer<typeof TestappState>, 'purpose' | 'exp'>;

const testappLine = (services: GatewayServices, value: string, maxAgeSeconds: number): string =>
  cookieLine(services.config, {
    name: TESTAPP_COOKIE,
    value,
    path: '/testapp',
    maxAgeSeconds,
    sameSite: 'lax',
  });

export function newTestappSession(): TestappSession {
  return {
    sid: randomBytes(18).toString('base64url'),
    config: null,
    pending: null,
    token: null,
  };
}

/**
 * The browser's sandbox session: `null` without a cookie, `'invalid'` for a cookie this gateway
 * did not seal (tampered, another key, expired or malformed), which is never used.
 */
export function readTestappSession(
  services: GatewayServices,
  req: Request,
): TestappSession | null | 'invalid' {
  const sealed = readGatewayCookie(req, services.config, TESTAPP_COOKIE);
  if (sealed === undefined || sealed === '') return null;
  try {
    const parsed = TestappState.safeParse(JSON.parse(services.secretBox.decrypt(sealed)));
    if (!parsed.success || parsed.data.exp * 1000 < services.now()) return 'invalid';
    const { purpose: _purpose, exp: _exp, ...session } = parsed.data;
    return session;
  } catch {
    return 'invalid';
  }
}

/** The session of a request that needs one; a missing or unreadable cookie is AUTH_REQUIRED. */
export function requireTestappSession(services: GatewayServices, req: Request): TestappSession {
  const session = readTestappSession(services, req);
  if (session === 'invalid')
    throw gatewayError(
      'AUTH_REQUIRED',
      'The sandbox cookie could not be verified (altered, expired or sealed by another key): open /testapp and configure the app again.',
    );
  if (session === null)
    throw gatewayError('AUTH_REQUIRED', 'No sandbox session: open /testapp and configure an app.');
  return session;
}

export function writeTestappSession(
  services: GatewayServices,
  res: Response,
  session: TestappSession,
): void {
  const exp = Math.floor(services.now() / 1000) + TESTAPP_TTL_SECONDS;
  const sealed = services.secretBox.encrypt(
    JSON.stringify({ purpose: 'testapp', exp, ...session }),
  );
  res.append('set-cookie', testappLine(services, sealed, TESTAPP_TTL_SECONDS));
}

export function clearTestappSession(services: GatewayServices, res: Response): void {
  res.append('set-cookie', testappLine(services, '', 0));
}

/** The CSRF token of the sandbox's forms, bound to this browser's session. */
export function testappCsrf(services: GatewayServices, session: TestappSession): string {
  return services.signer.sign({ purpose: 'testapp-csrf', sid: session.sid }, CSRF_TTL_SECONDS);
}

export function checkTestappCsrf(
  services: GatewayServices,
  session: TestappSession,
  token: string | undefined,
): void {
  const value = services.signer.verify(token);
  if (value?.purpose !== 'testapp-csrf' || value.sid !== session.sid)
    throw gatewayError(
      'INVALID_REQUEST',
      'The form has expired or was not made by this sandbox page: reload /testapp and submit it again.',
    );
}
