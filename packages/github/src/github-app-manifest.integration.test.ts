import { ScmError } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubAppAuth } from './github-app-auth.js';
import { convertGitHubAppManifest, githubAppManifestFormAction } from './github-app-manifest.js';

async function errorOf(promise: Promise<unknown>): Promise<ScmError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ScmError.isInstance(error)) throw new Error(`expected an ScmError, got ${String(error)}`);
  return error;
}

describe('githubAppManifestFormAction', () => {
  it('points at the user’s or the organization’s new-app page with the state', () => {
    expect(githubAppManifestFormAction({ webBaseUrl: 'https://github.com/', state: 's 1' })).toBe(
      'https://github.com/settings/apps/new?state=s+1',
    );
    expect(
      githubAppManifestFormAction({
        webBaseUrl: 'https://ghe.example.com',
        state: 'x',
        organization: 'acme',
      }),
    ).toBe('https://ghe.example.com/organizations/acme/settings/apps/new?state=x');
    expect(() =>
      githubAppManifestFormAction({
        webBaseUrl: 'https://github.com',
        state: 'x',
        organization: '../x',
      }),
    ).toThrow(ScmError);
    expect(() =>
      githubAppManifestFormAction({ webBaseUrl: 'https://github.com', state: '' }),
    ).toThrow(ScmError);
  });
});

describe('convertGitHubAppManifest against the GitHub simulator', () => {
  let sim: GitHubSimulator;
  beforeAll(async () => {
    sim = await startGitHubSimulator();
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('exchanges a code for credentials that then authenticate as the app', async () => {
    const code = sim.issueManifestCode();
    const app = await convertGitHubAppManifest({ code, baseUrl: sim.baseUrl });
    expect(app).toMatchObject({
      appId: sim.app.id,
      slug: sim.app.slug,
      clientId: sim.app.clientId,
      clientSecret: sim.app.clientSecret,
      privateKey: sim.app.privateKey,
    });
    expect(app.webhookSecret).toEqual(expect.any(String));
    const conversion = sim.requests.filter({
      method: 'POST',
      path: `/app-manifests/${code}/conversions`,
    });
    expect(conversion).toHaveLength(1);
    expect(conversion[0]?.headers.authorization).toBeUndefined();

    const auth = createGitHubAppAuth({
      appId: app.appId,
      privateKey: app.privateKey,
      baseUrl: sim.baseUrl,
    });
    const installation = sim.app.installations[0];
    expect((await auth.installationToken(installation?.id ?? 0)).token).toMatch(/^ghs_/);
    await auth.close();

    // Codes are single use.
    const reused = await errorOf(convertGitHubAppManifest({ code, baseUrl: sim.baseUrl }));
    expect(reused.code).toBe('AUTH_EXPIRED');
  });

  it('keeps the code (it buys the app’s private key until spent) out of log lines and error details', async () => {
    const lines: unknown[] = [];
    const record = (message: string, fields?: Record<string, unknown>) =>
      lines.push(JSON.parse(JSON.stringify({ message, ...fields })));
    const logger = { debug: record, info: record, warn: record, error: record };
    const code = sim.issueManifestCode();
    await convertGitHubAppManifest({ code, baseUrl: sim.baseUrl, logger });
    const reused = await errorOf(convertGitHubAppManifest({ code, baseUrl: sim.baseUrl, logger }));
    expect(lines).toContainEqual(
      expect.objectContaining({ path: '/app-manifests/[REDACTED]/conversions' }),
    );
    expect(JSON.stringify([lines, reused.message, reused.details])).not.toContain(code);
  });

  it('works under GHES’s /api/v3 and refuses a malformed code without a request', async () => {
    const app = await convertGitHubAppManifest({
      code: sim.issueManifestCode(),
      baseUrl: sim.enterpriseBaseUrl,
    });
    expect(app.appId).toBe(sim.app.id);
    const before = sim.requests.entries.length;
    const refused = await errorOf(
      convertGitHubAppManifest({ code: '../../user', baseUrl: sim.baseUrl }),
    );
    expect(refused.code).toBe('INVALID_REQUEST');
    expect(sim.requests.entries.length).toBe(before);
  });
});
