import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import { bearer, createDeveloperApp, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';

interface TreePage {
  data: { path: string; type: string }[];
  page_info: { next_cursor: string | null };
}

// Security review #12, finding 13 (a): the file tree listed paths the firewall blocks in diffs.
describe('file tree behind the firewall', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let token: string;
  const admin = (): Record<string, string> => ({ 'x-admin-api-key': gw.adminApiKey });

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 17 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim, { oauth: false })] });
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:file-tree']);
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: admin(),
      json: { provider: 'github', accessToken: sim.token, tenantId: developer.tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    const grant = await call('POST', `${gw.url}/v1/platform/grants`, {
      headers: admin(),
      json: {
        tenantId: developer.tenantId,
        clientId: app.clientId,
        connectionIds: [manual.json<{ id: string }>().id],
        permissions: ['read:file-tree'],
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const issued = await call('POST', `${gw.url}/v1/platform/tokens`, {
      json: {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        grantId: grant.json<{ id: string }>().id,
      },
    });
    expect(issued.status, issued.text).toBe(201);
    token = issued.json<{ accessToken: string }>().accessToken;
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  const treePaths = async (query = 'recursive=true&limit=100'): Promise<string[]> => {
    const paths: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await call(
        'GET',
        `${gw.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}/file-tree?${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        bearer(token),
      );
      expect(response.status, response.text).toBe(200);
      const page = response.json<TreePage>();
      paths.push(...page.data.map((entry) => entry.path));
      cursor = page.page_info.next_cursor;
    } while (cursor !== null);
    return paths;
  };

  it('leaves out .env, *.pem and every other blocked path', async () => {
    const paths = await treePaths();
    expect(paths).toContain('README.md');
    expect(paths).toContain('deploy/certs');
    expect(paths.some((path) => path === '.env' || path.endsWith('/.env'))).toBe(false);
    expect(paths.some((path) => path.toLowerCase().endsWith('.pem'))).toBe(false);
    // One directory level at a time, too.
    const certs = await treePaths('path=deploy%2Fcerts');
    expect(certs.some((path) => path.endsWith('server.pem'))).toBe(false);
  });

  it('follows the firewall settings: a blocked directory disappears, a disabled firewall hides nothing', async () => {
    const set = async (body: object): Promise<void> => {
      const response = await call('POST', `${gw.url}/v1/security/firewall/config`, {
        headers: admin(),
        json: body,
      });
      expect(response.status, response.text).toBe(200);
    };
    try {
      await set({ blockedFilePatterns: ['.env', '*.pem', 'docs/**'] });
      const blockedDocs = await treePaths();
      expect(blockedDocs.some((path) => path === 'docs' || path.startsWith('docs/'))).toBe(false);
      expect(blockedDocs).toContain('README.md');
      await set({ enabled: false });
      const open = await treePaths();
      expect(open).toContain('.env');
      expect(open).toContain('deploy/certs/server.pem');
      expect(open.some((path) => path.startsWith('docs/'))).toBe(true);
    } finally {
      await set({ enabled: true, blockedFilePatterns: ['.env', '.env.*', '*.pem', '*.key'] });
    }
  });
});
