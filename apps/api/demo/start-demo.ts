import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { findRepositoryOrThrow } from '@scm/testkit';
import { startAzureSimulator } from '@scm/testkit/azure';
import { startBitbucketSimulator } from '@scm/testkit/bitbucket';
import { startGitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator } from '@scm/testkit/gitlab';
import { request } from 'undici';
import { createApp } from '../src/app.js';
import type { GatewayConfig } from '../src/config.js';
import { loadAdminKey, loadMasterKey } from '../src/crypto/key-files.js';
import { openDatabase, resolveDatabaseUrl } from '../src/db/database.js';
import { escapeHtml, htmlPage } from '../src/http/html.js';
import { answerClientErrors } from '../src/http/client-errors.js';
import { createJsonLogger } from '../src/http/logger.js';
import { listen } from '../src/http/listen.js';
import {
  bitbucketSimulatorHost,
  githubSimulatorHost,
  gitlabSimulatorHost,
} from './simulator-hosts.js';
import { demoCommands, demoText, type DemoValues } from './instructions.js';
import { azureSimulatorHost } from './simulators.js';

export interface Demo {
  url: string;
  /** The seeded platform access token and the repository it may read (GitHub simulator). */
  accessToken: string;
  repository: { id: string; fullName: string };
  /** The GitHub simulator's API and a token it accepts, for side-by-side measurements. */
  github: { apiBaseUrl: string; token: string };
  /** The curl commands printed for the reader, each runnable as printed. */
  commands: string[];
  /** The whole text `pnpm demo` prints. */
  text: string;
  stop(): Promise<void>;
}

const DEMO_PERMISSIONS = [
  'read:profile',
  'read:repositories',
  'read:branches',
  'read:commits',
  'read:pull-requests',
  'read:diffs',
  'read:tags',
  'read:checks',
  'read:file-tree',
];

/**
 * The gateway with the GitHub, GitLab and Bitbucket simulators on 127.0.0.1, a fresh SQLite
 * database, and a developer, an app and a connected customer set up through the gateway's own API.
 * Nothing leaves this machine.
 */
export interface DemoOptions {
  /** Requests per hour the GitHub simulator allows (GitHub's 5000 by default; benchmarks need more). */
  githubRateLimit?: number;
  /**
   * Keep the demo's SQLite database and keys in this folder, across runs (`DATA_DIR`). Default: a
   * fresh temporary folder, removed when the demo stops.
   */
  dataDir?: string;
}

/**
 * What `pnpm demo` takes from its environment beyond the gateway's settings (PORT and HOST come
 * through loadConfig): DATA_DIR, when set, is where the demo keeps its data.
 */
export function demoOptionsFromEnv(env: NodeJS.ProcessEnv): DemoOptions {
  const dataDir = env.DATA_DIR?.trim();
  return dataDir ? { dataDir: resolve(dataDir) } : {};
}

export async function startDemo(config: GatewayConfig, options: DemoOptions = {}): Promise<Demo> {
  const [github, gitlab, bitbucket, azure] = await Promise.all([
    startGitHubSimulator({
      seed: 1,
      ...(options.githubRateLimit === undefined
        ? {}
        : { rateLimit: { core: options.githubRateLimit } }),
    }),
    startGitLabSimulator({ seed: 1 }),
    startBitbucketSimulator({ seed: 1 }),
    startAzureSimulator({ seed: 1 }),
  ]);
  const stopSimulators = () =>
    Promise.all([github.stop(), gitlab.stop(), bitbucket.stop(), azure.stop()]);
  const keepData = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'scm-gateway-demo-'));
  if (keepData) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const server = createServer();
  answerClientErrors(server);
  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    await stopSimulators();
    throw error;
  }
  const base = `http://${config.host}:${(server.address() as AddressInfo).port}`;
  // The simulated Entra app accepts one redirect URI, as a registered app does: the gateway's.
  azure.oauth.redirectUri = `${base}/v1/auth/azure/callback`;
  const demoConfig: GatewayConfig = {
    ...config,
    dataDir,
    databaseUrl: undefined,
    publicUrl: base,
    // Tenants may name the simulators' loopback hosts (a GHES or self-managed GitLab by URL).
    privateHosts: ['127.0.0.1'],
    providerHosts: [
      githubSimulatorHost(github),
      gitlabSimulatorHost(gitlab),
      bitbucketSimulatorHost(bitbucket),
      azureSimulatorHost(azure),
    ],
  };
  const { provider, url } = resolveDatabaseUrl(undefined, dataDir);
  const db = await openDatabase({ url, provider });
  // A kept folder keeps its keys too (the stored provider tokens stay readable on the next run).
  const adminApiKey = keepData
    ? loadAdminKey(config.adminApiKey, dataDir).value
    : `sggadm_${randomBytes(24).toString('base64url')}`;
  const gateway = await createApp({
    config: demoConfig,
    db,
    logger: createJsonLogger(config.logLevel),
    masterKey: keepData ? loadMasterKey(config.encryptionKey, dataDir).value : randomBytes(32),
    adminApiKey,
  });

  const api = async <T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const response = await request(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300)
      throw new Error(`${method} ${path} → ${response.statusCode}: ${text}`);
    return JSON.parse(text) as T;
  };
  let app = { clientId: '', clientSecret: '' };
  const redirectUri = `${base}/demo/callback`;

  // The app's own callback, as a developer's server would have it: exchanges the code and shows the token.
  const demoCallback = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const params = new URL(req.url ?? '/', base).searchParams;
    const code = params.get('code');
    const reply = (status: number, body: string): void => {
      res
        .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
        .end(htmlPage('Demo app callback', body));
    };
    if (code === null) {
      reply(400, `<h1>No code</h1><p>error=${escapeHtml(params.get('error') ?? 'none')}</p>`);
      return;
    }
    const exchanged = await request(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code,
        redirect_uri: redirectUri,
      }),
    });
    const token = (await exchanged.body.json()) as { accessToken?: string; permissions?: string[] };
    reply(
      exchanged.statusCode,
      `<h1>The demo app received a code and exchanged it</h1><p>state: <code>${escapeHtml(params.get('state') ?? '')}</code></p>
<p>access token: <code>${escapeHtml(token.accessToken ?? 'exchange failed')}</code></p><p>permissions: ${escapeHtml((token.permissions ?? []).join(' '))}</p>
<p><code>curl -s -H 'Authorization: Bearer ${escapeHtml(token.accessToken ?? '')}' '${escapeHtml(base)}/v1/repositories?provider=github'</code></p>`,
    );
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/demo/callback') === true)
      void demoCallback(req, res).catch(() => res.writeHead(500).end());
    else gateway.handle(req, res);
  });

  const stop = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    await gateway.close();
    await db.close();
    await stopSimulators();
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // The seed's quickstart, done by the demo through the public API.
    // Signup signs nobody in (it answers the same for a taken email): sign in next.
    await api('POST', '/app/signup', {
      name: 'Demo Developer',
      email: 'dev@demo.test',
      password: 'demo-password-123',
      company: 'Demo Co',
    });
    const signup = await api<{ session: { token: string }; tenant: { id: string } }>(
      'POST',
      '/app/login',
      { email: 'dev@demo.test', password: 'demo-password-123' },
    );
    const session = signup.session.token;
    const created = await api<{ clientId: string; clientSecret: string }>(
      'POST',
      '/v1/developer/apps',
      {
        name: 'Demo Git Insights',
        description: 'The demo app',
        // The app's own callback, and the /testapp sandbox's: paste the app's id and secret there.
        allowedRedirectUris: [redirectUri, `${base}/testapp/callback`],
        defaultPermissions: DEMO_PERMISSIONS,
      },
      { authorization: `Bearer ${session}` },
    );
    app = { clientId: created.clientId, clientSecret: created.clientSecret };
    const admin = { 'x-admin-api-key': adminApiKey };
    const connection = await api<{ id: string }>(
      'POST',
      '/v1/connections/manual',
      {
        provider: 'github',
        accessToken: github.token,
        tenantId: signup.tenant.id,
        customerRef: 'demo-customer',
      },
      admin,
    );
    const repo = findRepositoryOrThrow(github.dataset, github.expected.repository);
    const grant = await api<{ id: string }>(
      'POST',
      '/v1/platform/grants',
      {
        tenantId: signup.tenant.id,
        clientId: app.clientId,
        connectionIds: [connection.id],
        permissions: DEMO_PERMISSIONS,
        repositories: [
          { connectionId: connection.id, repositoryId: String(repo.id), fullName: repo.fullName },
        ],
      },
      admin,
    );
    const token = (
      await api<{ accessToken: string }>('POST', '/v1/platform/tokens', {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        grantId: grant.id,
      })
    ).accessToken;
    const envCommit =
      repo.commits.find((commit) => commit.files.some((file) => /(^|\/)\.env$/.test(file.path))) ??
      repo.commits[0];
    const values: DemoValues = {
      base,
      dataDir,
      session,
      app,
      adminApiKey,
      token,
      repository: { id: String(repo.id), fullName: repo.fullName },
      envCommitSha: envCommit?.sha ?? '',
      pullRequestNumber: repo.pullRequests[0]?.number ?? 1,
      gitlab: {
        url: gitlab.baseUrl,
        token: gitlab.issuePersonalAccessToken({ scopes: ['api', 'read_repository'] }),
      },
      authorizeUrl: `${base}/oauth/authorize?response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&scope=read:repositories%20read:commits&state=demo-state&customer_ref=browser-customer`,
    };
    const commands = demoCommands(values);
    const text = demoText(values, commands);
    return {
      url: base,
      accessToken: token,
      repository: { id: String(repo.id), fullName: repo.fullName },
      github: { apiBaseUrl: github.baseUrl, token: github.token },
      commands,
      text,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
