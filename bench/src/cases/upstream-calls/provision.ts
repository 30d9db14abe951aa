import { request } from 'undici';
import { SCOPE_NAMES } from '../../../../apps/api/src/scopes.js';

async function post<T>(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await request(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300)
    throw new Error(`POST ${path} → ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * Through the gateway's public API: a developer and an app with every read scope, one manual
 * connection per provider (admin key), an admin grant of all of them, and a platform token.
 */
export async function provisionAllProviders(
  base: string,
  adminApiKey: string,
  connections: { provider: string; token: string }[],
): Promise<string> {
  await post(base, '/app/signup', {
    name: 'Bench Developer',
    email: 'upstream-calls@bench.test',
    password: 'bench-password-123',
    company: 'Bench Co',
  });
  const login = await post<{ session: { token: string }; tenant: { id: string } }>(
    base,
    '/app/login',
    { email: 'upstream-calls@bench.test', password: 'bench-password-123' },
  );
  const app = await post<{ clientId: string; clientSecret: string }>(
    base,
    '/v1/developer/apps',
    {
      name: 'Bench app',
      description: 'upstream-calls bench',
      allowedRedirectUris: ['https://bench.example.com/callback'],
      defaultPermissions: [...SCOPE_NAMES],
    },
    { authorization: `Bearer ${login.session.token}` },
  );
  const admin = { 'x-admin-api-key': adminApiKey };
  const ids: string[] = [];
  for (const connection of connections) {
    const created = await post<{ id: string }>(
      base,
      '/v1/connections/manual',
      {
        provider: connection.provider,
        accessToken: connection.token,
        tenantId: login.tenant.id,
        customerRef: 'bench-customer',
      },
      admin,
    );
    ids.push(created.id);
  }
  const grant = await post<{ id: string }>(
    base,
    '/v1/platform/grants',
    {
      tenantId: login.tenant.id,
      clientId: app.clientId,
      connectionIds: ids,
      permissions: [...SCOPE_NAMES],
    },
    admin,
  );
  const token = await post<{ accessToken: string }>(base, '/v1/platform/tokens', {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    grantId: grant.id,
  });
  return token.accessToken;
}
