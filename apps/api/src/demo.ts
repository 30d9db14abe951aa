import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { findRepositoryOrThrow } from '@scm/testkit';
import { startBitbucketSimulator } from '@scm/testkit/bitbucket';
import { startGitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator } from '@scm/testkit/gitlab';
import { request } from 'undici';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase, resolveDatabaseUrl } from './db/database.js';
import { createJsonLogger } from './http/logger.js';

/**
 * `pnpm demo`: the gateway with the GitHub, GitLab and Bitbucket simulators on 127.0.0.1, a fresh
 * SQLite database, and a developer, an app and a connected customer already set up through the
 * gateway's own API. Prints curl commands that work as printed. Nothing leaves this machine.
 */
async function main(): Promise<void> {
  const [github, gitlab, bitbucket] = await Promise.all([startGitHubSimulator({ seed: 1 }), startGitLabSimulator({ seed: 1 }), startBitbucketSimulator({ seed: 1 })]);
  const dataDir = mkdtempSync(join(tmpdir(), 'scm-gateway-demo-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', HOST: '127.0.0.1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  config.providerHosts = [
    { provider: 'github', host: 'github.com', apiBaseUrl: github.baseUrl, webBaseUrl: github.webUrl, clientId: github.oauth.clientId, clientSecret: github.oauth.clientSecret, isDefault: true },
    { provider: 'gitlab', host: 'gitlab.com', apiBaseUrl: gitlab.baseUrl, webBaseUrl: gitlab.baseUrl, clientId: gitlab.tokens.clientId, clientSecret: gitlab.tokens.clientSecret, isDefault: true },
    { provider: 'bitbucket', host: 'bitbucket.org', apiBaseUrl: bitbucket.apiBaseUrl, webBaseUrl: bitbucket.webBaseUrl, clientId: bitbucket.oauth.clientId, clientSecret: bitbucket.oauth.clientSecret, isDefault: true },
  ];
  const { provider, url } = resolveDatabaseUrl(undefined, dataDir);
  const db = await openDatabase({ url, provider });
  const adminApiKey = `sggadm_${randomBytes(24).toString('base64url')}`;
  const gateway = await createApp({ config, db, logger: createJsonLogger(config.logLevel), masterKey: randomBytes(32), adminApiKey });
  const server = createServer(gateway.app);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const base = config.publicUrl;

  const api = async <T>(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const response = await request(`${base}${path}`, { method: method as 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path} → ${response.statusCode}: ${text}`);
    return JSON.parse(text) as T;
  };

  // The seed's quickstart, done by the demo through the public API.
  const signup = await api<{ session: { token: string }; tenant: { id: string } }>('POST', '/app/signup', { name: 'Demo Developer', email: 'dev@demo.test', password: 'demo-password-123', company: 'Demo Co' });
  const session = signup.session.token;
  const created = await api<{ data?: { clientId: string; clientSecret: string }; clientId?: string; clientSecret?: string }>(
    'POST',
    '/v1/developer/apps',
    { name: 'Demo Git Insights', description: 'The demo app', allowedRedirectUris: [`${base}/demo/callback`], defaultPermissions: ['read:profile', 'read:repositories', 'read:branches', 'read:commits', 'read:pull-requests', 'read:diffs', 'read:tags', 'read:checks', 'read:file-tree'] },
    { authorization: `Bearer ${session}` },
  );
  const appInfo = created.data ?? (created as { clientId: string; clientSecret: string });
  const admin = { 'x-admin-api-key': adminApiKey };
  const connection = await api<{ data: { id: string } }>('POST', '/v1/connections/manual', { provider: 'github', accessToken: github.token, tenantId: signup.tenant.id, customerRef: 'demo-customer' }, admin);
  const repo = findRepositoryOrThrow(github.dataset, github.expected.repository);
  const grant = await api<{ data?: { id: string }; id?: string }>(
    'POST',
    '/v1/platform/grants',
    { tenantId: signup.tenant.id, clientId: appInfo.clientId, connectionIds: [connection.data.id], permissions: ['read:profile', 'read:repositories', 'read:branches', 'read:commits', 'read:pull-requests', 'read:diffs'], repositories: [{ connectionId: connection.data.id, repositoryId: String(repo.id), fullName: repo.fullName }] },
    admin,
  );
  const issued = await api<{ accessToken: string }>('POST', '/v1/platform/tokens', { clientId: appInfo.clientId, clientSecret: appInfo.clientSecret, grantId: grant.data?.id ?? grant.id });
  const token = issued.accessToken;
  const envCommit = repo.commits.find((commit) => commit.files.some((file) => /(^|\/)\.env$/.test(file.path)));
  const auth = `-H 'Authorization: Bearer ${token}'`;
  const authorize = `${base}/oauth/authorize?response_type=code&client_id=${appInfo.clientId}&redirect_uri=${encodeURIComponent(`${base}/demo/callback`)}&scope=read:repositories%20read:commits&state=demo-state&customer_ref=browser-customer`;

  process.stdout.write(`
SCM Gateway demo on ${base} (SQLite in ${dataDir}; GitHub, GitLab and Bitbucket simulators on 127.0.0.1)

  developer session:  ${session}
  app client_id:      ${appInfo.clientId}
  app client_secret:  ${appInfo.clientSecret}
  admin key:          ${adminApiKey}
  access token:       ${token}   (customer "demo-customer", repository ${repo.fullName})

Try:
  curl -s ${base}/health
  curl -s ${base}/v1/platform/capabilities
  curl -s ${auth} ${base}/v1/platform/client/me
  curl -s ${auth} '${base}/v1/repositories?provider=github&limit=25'
  curl -s ${auth} '${base}/v1/repositories/github/${repo.id}/branches?limit=2'
  curl -s ${auth} '${base}/v1/repositories/github/${repo.id}/commits?limit=5'
  curl -s ${auth} '${base}/v1/repositories/github/${repo.id}/commits/${envCommit?.sha ?? repo.commits[0]?.sha ?? ''}/diff'
  curl -s ${auth} '${base}/v1/repositories/github/${repo.id}/pull-requests?state=all'
  curl -s -H 'Authorization: Bearer ${session}' ${base}/v1/developer/apps
  curl -s -H 'x-admin-api-key: ${adminApiKey}' ${base}/v1/platform/tokens

The hosted consent flow, in a browser (the simulators approve at once; the final redirect to
/demo/callback shows the code in the address bar):
  ${authorize}

Ctrl-C stops everything.
`);

  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    void gateway
      .close()
      .then(() => db.close())
      .then(() => Promise.all([github.stop(), gitlab.stop(), bitbucket.stop()]))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
