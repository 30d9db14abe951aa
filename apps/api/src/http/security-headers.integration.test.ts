import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { bearer, signUpDeveloper } from '../test-support/flows.js';
import { call, CookieJar, type CallResult } from '../test-support/http.js';

const REDIRECT_URIS = [
  'https://acme.example.com/oauth/callback',
  'https://acme.example.com/other',
  'http://localhost:8080/cb',
];
const APP_ORIGINS = 'https://acme.example.com http://localhost:8080';

/** The CSP as directive → value. */
function csp(response: CallResult): Record<string, string> {
  const header = response.headers['content-security-policy'];
  expect(typeof header, 'a Content-Security-Policy header').toBe('string');
  return Object.fromEntries(
    (header as string).split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

/** What every response carries, whatever it is. */
function expectBaseline(response: CallResult): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['x-powered-by']).toBeUndefined();
  const policy = csp(response);
  expect(policy['default-src']).toBe("'none'");
  expect(policy['base-uri']).toBe("'none'");
  // Scripts and styles only from the gateway's own /assets files: nothing inline, no other origin.
  expect(policy['script-src']).toBe("'self'");
  expect(policy['style-src']).toBe("'self'");
}

/** Nothing may frame it: frame-ancestors 'none' and X-Frame-Options DENY for older browsers. */
function expectUnframeable(response: CallResult): void {
  expectBaseline(response);
  expect(csp(response)['frame-ancestors']).toBe("'none'");
  expect(response.headers['x-frame-options']).toBe('DENY');
}

/**
 * A page of the gateway: no inline script, style or handler; its one stylesheet is /assets/app.css
 * (by its content hash), and any script is a file under /assets.
 */
function expectPage(response: CallResult): void {
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.text).not.toMatch(/<style|\son[a-z]+=|javascript:|\sstyle=/i);
  expect(response.text).not.toMatch(
    /<script(?![^>]*\ssrc="\/assets\/[a-z-]+\.js(?:\?v=[0-9a-f]{16})?")/i,
  );
  expect(response.text).toMatch(
    /<link rel="stylesheet" href="\/assets\/app\.css\?v=[0-9a-f]{16}">/,
  );
}

describe('security headers', () => {
  let gw: TestGateway;
  let clientId: string;
  let session: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    session = (await signUpDeveloper(gw)).token;
    const created = await call('POST', `${gw.url}/v1/developer/apps`, {
      ...bearer(session),
      json: {
        name: 'Framed App',
        allowedRedirectUris: REDIRECT_URIS,
        defaultPermissions: ['read:repositories'],
      },
    });
    expect(created.status, created.text).toBe(201);
    clientId = created.json<{ clientId: string }>().clientId;
  });
  afterAll(async () => {
    await gw.close();
  });

  const authorizeUrl = (id: string) =>
    `${gw.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: id, redirect_uri: REDIRECT_URIS[0] as string, customer_ref: 'framing-customer' }).toString()}`;

  it("lets the consent page be framed by the origins of the app's redirect URIs only", async () => {
    const page = await call('GET', authorizeUrl(clientId));
    expect(page.status, page.text).toBe(200);
    expectBaseline(page);
    expectPage(page);
    const policy = csp(page);
    expect(policy['frame-ancestors']).toBe(APP_ORIGINS);
    // The approval redirects to the app: form-action must allow it (Chromium checks redirects).
    expect(policy['form-action']).toBe(`'self' ${APP_ORIGINS}`);
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('lets the access management page be framed by the same origins', async () => {
    const page = await call(
      'GET',
      `${gw.url}/app/company/apps/${clientId}?customer_ref=framing-customer`,
      { jar: new CookieJar() },
    );
    expect(page.status, page.text).toBe(200);
    expectBaseline(page);
    expectPage(page);
    expect(csp(page)['frame-ancestors']).toBe(APP_ORIGINS);
    expect(csp(page)['form-action']).toBe("'self'");
    expect(page.headers['x-frame-options']).toBeUndefined();
  });

  it('lets nothing frame these pages for an unknown or deleted app', async () => {
    const unknownConsent = await call('GET', authorizeUrl('client_unknown'));
    expect(unknownConsent.status).toBe(401);
    expectUnframeable(unknownConsent);
    const unknownCompany = await call(
      'GET',
      `${gw.url}/app/company/apps/client_unknown?customer_ref=x`,
    );
    expect(unknownCompany.status).toBe(404);
    expectUnframeable(unknownCompany);

    const other = await call('POST', `${gw.url}/v1/developer/apps`, {
      ...bearer(session),
      json: {
        name: 'Deleted App',
        allowedRedirectUris: ['https://deleted.example.com/cb'],
        defaultPermissions: ['read:repositories'],
      },
    });
    const otherId = other.json<{ clientId: string }>().clientId;
    expect(csp(await call('GET', `${gw.url}/app/company/apps/${otherId}`))['frame-ancestors']).toBe(
      'https://deleted.example.com',
    );
    expect(
      (await call('DELETE', `${gw.url}/v1/developer/apps/${otherId}`, bearer(session))).status,
    ).toBe(200);
    expectUnframeable(await call('GET', `${gw.url}/app/company/apps/${otherId}`));
    // The form posts of the pages are not framable either.
    expectUnframeable(
      await call('POST', `${gw.url}/app/company/apps/${clientId}/update`, { form: { form: 'x' } }),
    );
  });

  it('lets nothing frame the dashboard, the sign-in pages or the landing page', async () => {
    const jar = new CookieJar();
    const loginPage = await call('GET', `${gw.url}/app/login`, { jar });
    expectUnframeable(loginPage);
    expectPage(loginPage);
    expect(csp(loginPage)['form-action']).toBe("'self'");
    const landing = await call('GET', `${gw.url}/`);
    expectUnframeable(landing);
    expectPage(landing);
    expect(landing.headers['cross-origin-opener-policy']).toBe('same-origin');
    const dashboard = await call('GET', `${gw.url}/app/dashboard`, {
      headers: { cookie: `sgg_session=${session}` },
    });
    expect(dashboard.status).toBe(200);
    expectUnframeable(dashboard);
    expectPage(dashboard);
  });

  it('sends the same headers on JSON, and CORS keeps working', async () => {
    const preflight = await call('OPTIONS', `${gw.url}/v1/repositories`, {
      headers: {
        origin: 'https://spa.example.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');

    const json = await call('GET', `${gw.url}/v1/platform/capabilities`, {
      headers: { origin: 'https://spa.example.com' },
    });
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers['access-control-allow-origin']).toBe('*');
    expect(json.headers['access-control-expose-headers']).toContain('retry-after');
    expectUnframeable(json);

    const error = await call('GET', `${gw.url}/v1/me`, {
      headers: { origin: 'https://spa.example.com' },
    });
    expect(error.status).toBe(401);
    expect(error.headers['access-control-allow-origin']).toBe('*');
    expectUnframeable(error);
    // HSTS only where it means something (https).
    expect(json.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('security headers behind https', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { PUBLIC_URL: 'https://gateway.example.com' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('adds HSTS and upgrade-insecure-requests', async () => {
    const response = await call('GET', `${gw.url}/health`);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(csp(response)).toHaveProperty('upgrade-insecure-requests', '');
  });
});
