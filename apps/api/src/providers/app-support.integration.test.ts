import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScmError, silentLogger } from '@scm/core';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubAppSupport } from './app-support.js';

// A GitHub Enterprise Server a tenant registered answers what it likes: here, one installation per
// page and a next page forever.
describe('githubAppSupport.listInstallations', () => {
  let server: Server;
  let origin = '';
  let requests = 0;
  const dispatcher = new Agent();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests += 1;
      const page = Number(new URL(req.url ?? '/', origin).searchParams.get('page') ?? '1');
      res.setHeader('content-type', 'application/json');
      res.setHeader(
        'link',
        `<${origin}/api/v3/app/installations?per_page=100&page=${String(page + 1)}>; rel="next"`,
      );
      res.end(
        JSON.stringify([
          {
            id: page,
            account: { login: `org-${String(page)}`, id: page, type: 'Organization' },
            repository_selection: 'all',
            target_type: 'Organization',
            app_id: 1,
            app_slug: 'gateway',
            html_url: `${origin}/organizations/org-${String(page)}/settings/installations/${String(page)}`,
            permissions: { contents: 'read' },
            events: ['push'],
            created_at: '2026-01-01T00:00:00Z',
            updated_at: '2026-01-01T00:00:00Z',
          },
        ]),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    server.close();
    await dispatcher.close();
  });

  it('stops after 100 pages of a host whose pages never end, with a clear error', async () => {
    const listed = githubAppSupport.listInstallations({
      location: { host: '127.0.0.1', apiBaseUrl: `${origin}/api/v3`, webBaseUrl: origin },
      transport: { dispatcher, timeoutMs: 5000, retry: { maxRetries: 0 }, logger: silentLogger },
      appId: '1',
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    });
    const error = await listed.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(ScmError.isInstance(error) && error.code).toBe('UNSUPPORTED_ENDPOINT');
    expect((error as Error).message).toMatch(/more than 10000 installations/);
    expect(requests).toBe(100);
  });
});
