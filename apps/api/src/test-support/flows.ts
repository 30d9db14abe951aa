import { expect } from 'vitest';
import type { TestGateway } from './gateway.js';
import { call, CookieJar } from './http.js';

export const REDIRECT_URI = 'https://acme.example.com/oauth/callback';

/**
 * A developer account through the JSON signup, then the JSON login (signup signs nobody in: it
 * answers the same for a taken email); returns the bearer session token.
 */
export async function signUpDeveloper(
  gw: TestGateway,
  email = `dev-${Math.random().toString(36).slice(2)}@example.com`,
): Promise<{ token: string; tenantId: string }> {
  const password = 'correct horse battery';
  const response = await call('POST', `${gw.url}/app/signup`, {
    json: { name: 'Dev', email, password, company: `Acme ${email}` },
  });
  expect(response.status, response.text).toBe(202);
  const login = await call('POST', `${gw.url}/app/login`, { json: { email, password } });
  expect(login.status, login.text).toBe(200);
  const body = login.json<{ session: { token: string }; tenant: { id: string } }>();
  return { token: body.session.token, tenantId: body.tenant.id };
}

export async function createDeveloperApp(
  gw: TestGateway,
  sessionToken: string,
  defaultPermissions: string[],
): Promise<{ clientId: string; clientSecret: string }> {
  const response = await call('POST', `${gw.url}/v1/developer/apps`, {
    headers: { authorization: `Bearer ${sessionToken}` },
    json: {
      name: 'Acme Git Insights',
      description: 'Read-only Git analytics integration',
      allowedRedirectUris: [REDIRECT_URI],
      defaultPermissions,
    },
  });
  expect(response.status, response.text).toBe(201);
  const app = response.json<{ clientId: string; clientSecret: string }>();
  expect(app.clientId).toMatch(/^client_/);
  expect(app.clientSecret).toMatch(/^sggcs_/);
  return { clientId: app.clientId, clientSecret: app.clientSecret };
}

export interface ConsentOptions {
  clientId: string;
  scopes: string[];
  customerRef: string;
  provider: string;
  /** Which repositories (by full name) the customer ticks. */
  pick: (fullName: string) => boolean;
  state?: string;
  extraQuery?: Record<string, string>;
  jar?: CookieJar;
}

/**
 * The customer's side of the hosted flow, as a browser without JavaScript does it: open the
 * authorize link, connect the provider account (simulator OAuth), tick repositories, approve.
 * Returns the code and state the app's redirect URI receives.
 */
export async function consent(
  gw: TestGateway,
  options: ConsentOptions,
): Promise<{
  code: string;
  state: string | null;
  jar: CookieJar;
  page: string;
  /** The whole redirect to the app (code, state, iss), for an OAuth library to validate. */
  callback: URL;
}> {
  const jar = options.jar ?? new CookieJar();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: REDIRECT_URI,
    scope: options.scopes.join(' '),
    state: options.state ?? 'SECURE_STATE_123',
    customer_ref: options.customerRef,
    ...options.extraQuery,
  });
  const authorizePath = `/oauth/authorize?${query.toString()}`;
  let page = await call('GET', `${gw.url}${authorizePath}`, { jar });
  expect(page.status, page.text).toBe(200);

  if (!new RegExp(`name="repository"`).test(page.text)) {
    const connect = new RegExp(`href="(/v1/auth/${options.provider}/start\\?[^"]+)"`).exec(
      page.text,
    )?.[1];
    expect(connect, 'consent page offers to connect the provider').toBeDefined();
    const start = await call('GET', `${gw.url}${(connect as string).replaceAll('&amp;', '&')}`, {
      jar,
    });
    expect(start.status, start.text).toBe(302);
    const upstream = await call('GET', start.location as string);
    expect(upstream.status, upstream.text).toBe(302);
    const callback = await call('GET', upstream.location as string, { jar });
    expect(callback.status, callback.text).toBe(303);
    expect(callback.location).toBe(authorizePath);
    page = await call('GET', `${gw.url}${callback.location as string}`, { jar });
    expect(page.status).toBe(200);
  }

  const options$ = [
    ...page.text.matchAll(
      /<input type="checkbox" name="repository" value="([^"]+)"[^>]*> ([^<\n]+)/g,
    ),
  ].map((match) => ({
    value: (match[1] as string).replaceAll('&amp;', '&'),
    fullName: (match[2] as string).trim().replaceAll('&amp;', '&'),
  }));
  const picked = options$
    .filter((option) => options.pick(option.fullName))
    .map((option) => option.value);
  expect(picked.length, 'the consent page lists the repositories to pick').toBeGreaterThan(0);
  const request = /name="request" value="([^"]+)"/.exec(page.text)?.[1] as string;
  const approve = await call('POST', `${gw.url}/oauth/authorize/approve`, {
    jar,
    form: { request: request.replaceAll('&amp;', '&'), scope: options.scopes, repository: picked },
  });
  expect(approve.status, approve.text).toBe(303);
  const target = new URL(approve.location as string);
  expect(`${target.origin}${target.pathname}`).toBe(REDIRECT_URI);
  return {
    code: target.searchParams.get('code') as string,
    state: target.searchParams.get('state'),
    jar,
    page: page.text,
    callback: target,
  };
}

export async function exchangeCode(
  gw: TestGateway,
  app: { clientId: string; clientSecret: string },
  code: string,
  extra: Record<string, string> = {},
) {
  return call('POST', `${gw.url}/oauth/token`, {
    json: {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code,
      redirect_uri: REDIRECT_URI,
      ...extra,
    },
  });
}

export function bearer(token: string): { headers: Record<string, string> } {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** A new user invited into the owner's tenant with `role` and signed up through the link. */
export async function joinTenant(
  gw: TestGateway,
  ownerToken: string,
  role: 'owner' | 'admin' | 'member',
): Promise<{ token: string; userId: string }> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
  const invited = await call('POST', `${gw.url}/v1/tenant/invitations`, {
    headers: { authorization: `Bearer ${ownerToken}` },
    json: { email, role },
  });
  expect(invited.status, invited.text).toBe(201);
  const joined = await call('POST', `${gw.url}/v1/tenant/invitations/accept`, {
    json: {
      token: invited.json<{ token: string }>().token,
      name: `New ${role}`,
      password: 'correct horse battery',
    },
  });
  expect(joined.status, joined.text).toBe(201);
  const body = joined.json<{ session: { token: string }; user: { id: string } }>();
  return { token: body.session.token, userId: body.user.id };
}

/**
 * An admin grant of `connectionIds` to a developer app (`POST /v1/platform/grants`), then a platform
 * token for it (`POST /v1/platform/tokens`): the quickest way to read through the unified API.
 */
export async function grantAndIssueToken(
  gw: TestGateway,
  input: {
    tenantId: string;
    app: { clientId: string; clientSecret: string };
    connectionIds: string[];
    permissions: string[];
  },
): Promise<string> {
  const admin = { 'x-admin-api-key': gw.adminApiKey };
  const grant = await call('POST', `${gw.url}/v1/platform/grants`, {
    headers: admin,
    json: {
      tenantId: input.tenantId,
      clientId: input.app.clientId,
      connectionIds: input.connectionIds,
      permissions: input.permissions,
    },
  });
  expect(grant.status, grant.text).toBe(201);
  const issued = await call('POST', `${gw.url}/v1/platform/tokens`, {
    json: {
      clientId: input.app.clientId,
      clientSecret: input.app.clientSecret,
      grantId: grant.json<{ id: string }>().id,
    },
  });
  expect(issued.status, issued.text).toBe(201);
  return issued.json<{ accessToken: string }>().accessToken;
}
