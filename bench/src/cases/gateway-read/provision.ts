import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { freePort, startGateway, type Child } from './processes.js';

const PERMISSIONS = ['read:repositories', 'read:branches', 'read:commits'];

async function api<T>(
  base: string,
  method: 'POST',
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await request(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300)
    throw new Error(`${method} ${path} → ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * The quickstart through the gateway's public API, as a developer and an operator do it: a
 * developer account and app, a manual GitHub connection (admin key), a grant of one repository,
 * and a platform token for it.
 */
export async function provisionToken(
  base: string,
  adminApiKey: string,
  github: { token: string; repository: { id: string; fullName: string } },
): Promise<string> {
  await api(base, 'POST', '/app/signup', {
    name: 'Bench Developer',
    email: 'bench@bench.test',
    password: 'bench-password-123',
    company: 'Bench Co',
  });
  const login = await api<{ session: { token: string }; tenant: { id: string } }>(
    base,
    'POST',
    '/app/login',
    { email: 'bench@bench.test', password: 'bench-password-123' },
  );
  const app = await api<{ clientId: string; clientSecret: string }>(
    base,
    'POST',
    '/v1/developer/apps',
    {
      name: 'Bench app',
      description: 'gateway-read bench',
      allowedRedirectUris: ['https://bench.example.com/callback'],
      defaultPermissions: PERMISSIONS,
    },
    { authorization: `Bearer ${login.session.token}` },
  );
  const admin = { 'x-admin-api-key': adminApiKey };
  const connection = await api<{ id: string }>(
    base,
    'POST',
    '/v1/connections/manual',
    {
      provider: 'github',
      accessToken: github.token,
      tenantId: login.tenant.id,
      customerRef: 'bench-customer',
    },
    admin,
  );
  const grant = await api<{ id: string }>(
    base,
    'POST',
    '/v1/platform/grants',
    {
      tenantId: login.tenant.id,
      clientId: app.clientId,
      connectionIds: [connection.id],
      permissions: PERMISSIONS,
      repositories: [
        {
          connectionId: connection.id,
          repositoryId: github.repository.id,
          fullName: github.repository.fullName,
        },
      ],
    },
    admin,
  );
  const token = await api<{ accessToken: string }>(base, 'POST', '/v1/platform/tokens', {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    grantId: grant.id,
  });
  return token.accessToken;
}

/** What upstream.ts reports once it listens: the replaying GitHub front and its fixture. */
export interface ReplayingUpstream {
  apiBaseUrl: string;
  webBaseUrl: string;
  token: string;
  repository: { id: string; fullName: string };
}

/**
 * A built gateway (`mainJs`) started as `pnpm start` starts it on a fresh SQLite `dataDir`, with
 * GitHub at the replaying upstream, and a platform token for the fixture's repository
 * (`provisionToken`). Stopped again if the provisioning fails.
 */
export async function startProvisionedGateway(
  mainJs: string,
  dataDir: string,
  upstream: ReplayingUpstream,
): Promise<{ child: Child; url: string; token: string }> {
  const adminApiKey = `sggadm_${randomBytes(24).toString('base64url')}`;
  const port = await freePort();
  const child = await startGateway(mainJs, port, {
    DATA_DIR: dataDir,
    SGG_ADMIN_API_KEY: adminApiKey,
    SGG_PRIVATE_HOSTS: '127.0.0.1',
    SGG_PROVIDER_HOSTS: JSON.stringify([
      {
        provider: 'github',
        host: 'github.com',
        apiBaseUrl: upstream.apiBaseUrl,
        webBaseUrl: upstream.webBaseUrl,
        isDefault: true,
      },
    ]),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    return { child, url, token: await provisionToken(url, adminApiKey, upstream) };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
