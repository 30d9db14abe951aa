import { findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call, CookieJar } from '../../test-support/http.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  signUpDeveloper,
} from '../../test-support/flows.js';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';

const field = (page: string, name: string): string =>
  (new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1] ?? '').replaceAll('&amp;', '&');
const boxes = (page: string): { value: string; label: string; checked: boolean }[] =>
  [
    ...page.matchAll(
      /<input type="checkbox" name="repository" value="([^"]+)"( checked)?> ([^<\n]+)/g,
    ),
  ].map((match) => ({
    value: (match[1] ?? '').replaceAll('&amp;', '&'),
    checked: match[2] !== undefined,
    label: (match[3] ?? '').trim(),
  }));

// The customer's access page for one app: see, change and revoke what the app may read.
describe('hosted access management (/app/company/apps/:clientId)', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 17 });
    gw = await startTestGateway({
      providerHosts: [githubSimulatorHost(sim)],
    });
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  it('changes the approved repositories and permissions, disconnects an account, and revokes the app', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'read:branches',
      'read:commits',
    ]);
    const first = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
    const { code, jar } = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'read:branches'],
      customerRef: 'managed',
      provider: 'github',
      pick: (name) => name === first.fullName,
    });
    const token = (await exchangeCode(gw, app, code)).json<{ accessToken: string }>().accessToken;
    const pageUrl = `${gw.url}/app/company/apps/${app.clientId}?customer_ref=managed`;

    const page = await call('GET', pageUrl, { jar });
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('Acme Git Insights: has access');
    const options = boxes(page.text);
    expect(options.filter((option) => option.checked).map((option) => option.label)).toEqual([
      first.fullName,
    ]);
    const second = options.find((option) => option.label !== first.fullName);
    expect(second).toBeDefined();

    // Share the other repository instead, and add read:commits.
    const updated = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/update`, {
      jar,
      form: {
        form: field(page.text, 'form'),
        scope: ['read:repositories', 'read:branches', 'read:commits'],
        repository: second?.value ?? '',
      },
    });
    expect(updated.status, updated.text).toBe(303);
    const secondRepo = findRepositoryOrThrow(sim.dataset, second?.label ?? '');
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${first.id}`, bearer(token))).json<{
        error: { code: string };
      }>().error.code,
    ).toBe('REPOSITORY_NOT_APPROVED');
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${secondRepo.id}`, bearer(token)))
        .status,
    ).toBe(200);
    const authorization = await gw.gateway.services.prisma.authorization.findFirstOrThrow({
      where: { clientId: app.clientId },
    });
    expect(JSON.parse(authorization.permissions)).toEqual([
      'read:repositories',
      'read:branches',
      'read:commits',
    ]);

    // A browser that only knows the customer_ref can neither see nor change anything.
    const stranger = new CookieJar();
    const strangerPage = await call('GET', pageUrl, { jar: stranger });
    expect(strangerPage.status).toBe(200);
    expect(boxes(strangerPage.text)).toEqual([]);
    const forged = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/revoke`, {
      jar: stranger,
      form: { form: field(strangerPage.text, 'form') },
    });
    expect(forged.status).toBe(401);
    const wrongForm = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/revoke`, {
      jar,
      form: { form: field(strangerPage.text, 'form') },
    });
    expect(wrongForm.status).toBe(401);
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${secondRepo.id}`, bearer(token)))
        .status,
    ).toBe(200);

    // The page shows what is shared, by name.
    const again = await call('GET', pageUrl, { jar });
    expect(again.text).toMatch(
      new RegExp(`<table data-shared>[\\s\\S]*${secondRepo.fullName}[\\s\\S]*</table>`),
    );
    // "Revoke all access" is a confirmation step: the page's own form token alone (one click, or
    // a forged post) revokes nothing.
    const oneClick = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/revoke`, {
      jar,
      form: { form: field(again.text, 'form') },
    });
    expect(oneClick.status).toBe(400);
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${secondRepo.id}`, bearer(token)))
        .status,
    ).toBe(200);
    expect(again.text).toContain(`href="/app/company/apps/${app.clientId}/revoke"`);
    const confirmation = await call('GET', `${gw.url}/app/company/apps/${app.clientId}/revoke`, {
      jar,
    });
    expect(confirmation.status, confirmation.text).toBe(200);
    expect(confirmation.text).toContain(secondRepo.fullName);
    // A stranger's browser gets no confirmation page for this customer.
    expect(
      (await call('GET', `${gw.url}/app/company/apps/${app.clientId}/revoke`, { jar: stranger }))
        .status,
    ).toBe(401);
    // Revoke: the app's token stops working at once.
    const revoked = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/revoke`, {
      jar,
      form: {
        form: field(confirmation.text, 'form'),
        confirm: field(confirmation.text, 'confirm'),
      },
    });
    expect(revoked.status).toBe(303);
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${secondRepo.id}`, bearer(token)))
        .status,
    ).toBe(401);
    expect((await call('GET', pageUrl, { jar })).text).toContain('Acme Git Insights: no access');

    // Disconnect: the account and its sealed tokens are gone, and the page no longer lists it.
    const connectionId = (second?.value ?? '').split(':')[0] ?? '';
    const disconnected = await call(
      'POST',
      `${gw.url}/app/company/apps/${app.clientId}/connections/${connectionId}/disconnect`,
      { jar, form: { form: field(again.text, 'form') } },
    );
    expect(disconnected.status, disconnected.text).toBe(303);
    expect(
      await gw.gateway.services.prisma.connection.findUnique({ where: { id: connectionId } }),
    ).toBeNull();
    expect(boxes((await call('GET', pageUrl, { jar })).text)).toEqual([]);
  });

  it('answers RESOURCE_NOT_FOUND for an unknown app', async () => {
    const response = await call('GET', `${gw.url}/app/company/apps/client_nope?customer_ref=x`);
    expect(response.status).toBe(404);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('RESOURCE_NOT_FOUND');
  });
});
