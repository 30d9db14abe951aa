// The state-changing POST routes a cookie session reaches with no JSON body (security audit,
// 2026-12-07): a page of another origin — a sibling subdomain is same-site, so the SameSite=Lax
// session cookie goes along — must not make them act; the gateway's own pages and clients that
// are not browsers (no Origin, or a bearer token) still can.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';

const ROUTES = [
  '/api/integrations/github/disconnect',
  '/api/integrations/github/scan-org',
  '/api/integrations/github/scan-cache/invalidate',
  '/v1/scm_integrations/scmi_missing/import_keys',
  '/v1/integrations/int_missing/installations',
  '/v1/integrations/int_missing/webhook-secret',
];

describe('cookie-authenticated POST routes without a JSON body refuse other origins', () => {
  let gw: TestGateway;
  let session: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    session = (await signUpDeveloper(gw)).token;
  });
  afterAll(async () => {
    await gw.close();
  });

  const post = (path: string, headers: Record<string, string>) =>
    call('POST', `${gw.url}${path}`, { headers });
  // (The Scalingo-shaped /v1/scm_integrations routes answer a refused request 422.)
  const refusal = (response: Awaited<ReturnType<typeof post>>): string | undefined =>
    [400, 422].includes(response.status)
      ? response.json<{ error: { code: string; message: string } }>().error.message
      : undefined;

  it.each(ROUTES)('%s', async (path) => {
    const cookie = `${SESSION_COOKIE}=${session}`;
    const foreign = await post(path, { cookie, origin: 'https://app.sibling.example' });
    expect([400, 422], foreign.text).toContain(foreign.status);
    expect(foreign.json<{ error: { code: string } }>().error.code).toBe('INVALID_REQUEST');
    expect(refusal(foreign)).toContain('A page of another origin');
    const opaque = await post(path, { cookie, origin: 'null' });
    expect(refusal(opaque)).toContain('A page of another origin');

    // The gateway's own pages, a client with no Origin, a bearer token: past the check (their
    // answers are the route's own: the ids here do not exist, nothing is connected).
    const own = new URL(gw.gateway.services.config.publicUrl).origin;
    for (const headers of [
      { cookie, origin: own },
      { cookie },
      { authorization: `Bearer ${session}`, origin: 'https://app.sibling.example' },
    ]) {
      const answer = await post(path, headers);
      expect(
        refusal(answer) ?? '',
        `${path} ${JSON.stringify(Object.keys(headers))}`,
      ).not.toContain('A page of another origin');
    }
  });
});
