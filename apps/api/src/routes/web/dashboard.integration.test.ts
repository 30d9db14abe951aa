import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import { hashSecret } from '../../crypto/tokens.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  signUpDeveloper,
} from '../../test-support/flows.js';
import { call, type CallResult } from '../../test-support/http.js';

function csrfOf(page: CallResult): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page.text);
  expect(match, 'the page carries a CSRF field').not.toBeNull();
  return (match as RegExpExecArray)[1] as string;
}

/** The rows of a chart's data table: `label → [cells…]`. */
function tableOf(page: string, chartId: string): Map<string, string[]> {
  const figure = new RegExp(
    `<figure class="chart" id="chart-${chartId}">([\\s\\S]*?)</figure>`,
  ).exec(page)?.[1];
  expect(figure, `chart ${chartId} is on the page`).toBeDefined();
  const rows = new Map<string, string[]>();
  for (const row of (figure as string).matchAll(/<tr><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g)) {
    rows.set(
      row[1] as string,
      [...(row[2] as string).matchAll(/<td>([^<]*)<\/td>/g)].map((cell) => cell[1] as string),
    );
  }
  return rows;
}

// The dashboard against a real flow: a customer approves the app through the hosted consent page
// (GitHub simulator), the app reads through the unified API with its token, and the dashboard shows
// those very calls: per app, per endpoint, per status and per customer.
describe('developer dashboard', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let developer: { token: string; tenantId: string };
  let app: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 41 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
    developer = await signUpDeveloper(gw);
    app = await createDeveloperApp(gw, developer.token, ['read:repositories', 'read:commits']);
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  it('shows the usage, the customers and the connections the unified calls made', async () => {
    const { code } = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'read:commits'],
      customerRef: 'dash-customer-7',
      provider: 'github',
      pick: (name) => name === sim.expected.repository,
    });
    const exchanged = await exchangeCode(gw, app, code);
    expect(exchanged.status, exchanged.text).toBe(200);
    const token = exchanged.json<{ accessToken: string }>().accessToken;
    for (let i = 0; i < 3; i++) {
      const list = await call('GET', `${gw.url}/v1/repositories?provider=github`, bearer(token));
      expect(list.status, list.text).toBe(200);
    }
    const missing = await call(
      'GET',
      `${gw.url}/v1/repositories/github/${encodeURIComponent('nobody/nothing-here')}`,
      bearer(token),
    );
    expect(missing.status).toBeGreaterThanOrEqual(400);
    await gw.gateway.services.usage.flush();

    const overview = await call('GET', `${gw.url}/app/dashboard`, bearer(developer.token));
    expect(overview.status, overview.text).toBe(200);
    const row = new RegExp(
      `<tr><th scope="row"><a href="/app/dashboard/apps/${app.clientId}">Acme Git Insights</a>.*?</tr>`,
    ).exec(overview.text)?.[0];
    expect(row, 'the app has a row on the overview').toBeDefined();
    // 4 requests, 1 error, 1 active customer, no subscription.
    expect(row).toMatch(
      /<td>4 <span class="error">\(1 error\)<\/span><\/td><td>1<\/td><td><span class="muted">none<\/span><\/td>/,
    );
    expect(overview.text).toContain('1 member: 1 owner');

    const page = await call(
      'GET',
      `${gw.url}/app/dashboard/apps/${app.clientId}?range=24h`,
      bearer(developer.token),
    );
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('4 requests, 1 error,');
    expect(page.text).toContain('<option value="24h" selected>');
    // Over time: 24 hourly buckets, the calls in the last one (or the last two, had the hour
    // turned during the test).
    const series = [...tableOf(page.text, 'usage-time').values()];
    expect(series).toHaveLength(24);
    const sum = (index: number) => series.reduce((total, cells) => total + Number(cells[index]), 0);
    expect([sum(0), sum(1)]).toEqual([4, 1]);
    expect(series.slice(0, -2).every((cells) => cells[0] === '0')).toBe(true);
    expect(page.text).toMatch(
      /<rect class="bar" [^>]+><title>[^<]+: \d requests?, [01] errors?<\/title>/,
    );
    const endpoints = tableOf(page.text, 'usage-endpoints');
    expect(endpoints.get('repositories.list')).toEqual(['3', '0']);
    expect([...endpoints.values()].reduce((sum, cells) => sum + Number(cells[0]), 0)).toBe(4);
    const statuses = tableOf(page.text, 'usage-status');
    expect(statuses.get('HTTP 200')).toEqual(['3']);
    expect(statuses.get(`HTTP ${String(missing.status)}`)).toEqual(['1']);

    // The customer, its GitHub account, the repository it approved, the scopes, the last use.
    const customer = /<tr><th scope="row">dash-customer-7.*?<\/tr>/.exec(page.text)?.[0] ?? '';
    expect(customer).toContain('<td>active</td>');
    expect(customer).toContain(`github <code>${sim.dataset.viewer.login}</code>`);
    expect(customer).toContain(sim.expected.repository);
    expect(customer).toContain('read:repositories read:commits');
    expect(customer).toMatch(/<td>\d{4}-\d\d-\d\dT[^<]+Z<\/td>/);
    expect(customer).toContain(
      `href="/app/company/apps/${app.clientId}?customer_ref=dash-customer-7"`,
    );

    // A week's range counts the same calls; nothing before them.
    const week = await call(
      'GET',
      `${gw.url}/app/dashboard/apps/${app.clientId}?range=7d`,
      bearer(developer.token),
    );
    expect(tableOf(week.text, 'usage-time').size).toBe(28);
    expect(week.text).toContain('4 requests, 1 error,');
  });

  it('rotates the secret: the new one authenticates, the old one no longer does', async () => {
    const page = await call(
      'GET',
      `${gw.url}/app/dashboard/apps/${app.clientId}`,
      bearer(developer.token),
    );
    const csrf = csrfOf(page);
    const rotatePath = `${gw.url}/app/developer/apps/${app.clientId}/rotate-secret`;
    const stored = async () =>
      (
        await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({
          where: { id: app.clientId },
        })
      ).secretHash;
    const before = await stored();

    const noCsrf = await call('POST', rotatePath, {
      ...bearer(developer.token),
      form: { confirm: 'rotate' },
    });
    expect(noCsrf.status).toBe(400);
    expect(noCsrf.headers['content-type']).toMatch(/^text\/html/);
    const unconfirmed = await call('POST', rotatePath, {
      ...bearer(developer.token),
      form: { csrf },
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('to rotate the secret');
    expect(await stored()).toBe(before);

    const rotated = await call('POST', rotatePath, {
      ...bearer(developer.token),
      form: { csrf, confirm: 'rotate' },
    });
    expect(rotated.status, rotated.text).toBe(200);
    const secret = /id="client-secret">([^<]+)</.exec(rotated.text)?.[1] as string;
    expect(secret).toMatch(/^sggcs_/);
    expect(secret).not.toBe(app.clientSecret);
    expect(await stored()).toBe(hashSecret(secret));
    // The token endpoint authenticates the client before it looks at the code.
    const old = await exchangeCode(gw, app, 'sggac_not-a-code');
    expect(old.status).toBe(401);
    expect(old.json<{ error: string }>().error).toBe('invalid_client');
    const fresh = await exchangeCode(gw, { ...app, clientSecret: secret }, 'sggac_not-a-code');
    expect(fresh.json<{ error: string }>().error).toBe('invalid_grant');
    // Shown once.
    const again = await call(
      'GET',
      `${gw.url}/app/dashboard/apps/${app.clientId}`,
      bearer(developer.token),
    );
    expect(again.text).not.toContain(secret);
    app = { ...app, clientSecret: secret };
  });

  it('says which redirect URI is wrong and why, and keeps what was typed', async () => {
    const page = await call(
      'GET',
      `${gw.url}/app/dashboard/apps/${app.clientId}`,
      bearer(developer.token),
    );
    const typed = 'https://acme.example.com/ok\nnot a url\n\nftp://files.example.com/cb';
    const refused = await call('POST', `${gw.url}/app/developer/apps/${app.clientId}/update`, {
      ...bearer(developer.token),
      form: {
        csrf: csrfOf(page),
        name: 'Acme Git Insights',
        description: 'kept',
        allowedRedirectUris: typed,
        defaultPermissions: ['read:repositories'],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Redirect URIs, line 2: not a url must be an absolute URL.');
    expect(refused.text).toContain(
      'Redirect URIs, line 4: ftp://files.example.com/cb must use http or https.',
    );
    expect(refused.text).not.toContain('allowedRedirectUris.1');
    expect(refused.text).toContain(`>${typed}</textarea>`);
    expect(refused.text).toContain('value="kept"');
    const none = await call('POST', `${gw.url}/app/developer/apps`, {
      ...bearer(developer.token),
      form: { csrf: csrfOf(page), name: '', allowedRedirectUris: '' },
    });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Name: required.');
    expect(none.text).toContain('Redirect URIs: enter at least one, one per line.');
    expect(none.text).toContain('Default permissions: tick at least one.');
  });

  it('shows another tenant nothing: 404 pages, and no deletion', async () => {
    const other = await signUpDeveloper(gw);
    const otherPage = await call('GET', `${gw.url}/app/dashboard`, bearer(other.token));
    const csrf = csrfOf(otherPage);
    expect(otherPage.text).not.toContain(app.clientId);
    for (const path of [
      `/app/dashboard/apps/${app.clientId}`,
      `/app/developer/apps/${app.clientId}/delete`,
    ]) {
      const response = await call('GET', `${gw.url}${path}`, bearer(other.token));
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).not.toContain('Acme Git Insights');
      expect(response.text).not.toContain('dash-customer-7');
    }
    for (const action of ['delete', 'rotate-secret', 'update']) {
      const response = await call(
        'POST',
        `${gw.url}/app/developer/apps/${app.clientId}/${action}`,
        {
          ...bearer(other.token),
          form: {
            csrf,
            confirm: action === 'delete' ? 'Acme Git Insights' : 'rotate',
            name: 'Stolen',
            allowedRedirectUris: 'https://evil.example.com/cb',
            defaultPermissions: 'read:repositories',
          },
        },
      );
      expect(response.status, action).toBe(404);
    }
    const row = await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({
      where: { id: app.clientId },
    });
    expect(row.deletedAt).toBeNull();
    expect(row.name).toBe('Acme Git Insights');
    expect(row.secretHash).toBe(hashSecret(app.clientSecret));

    // Signed out: the login form, and not a word of the app.
    for (const path of [
      `/app/dashboard/apps/${app.clientId}`,
      `/app/developer/apps/${app.clientId}/delete`,
    ]) {
      const response = await call('GET', `${gw.url}${path}`);
      expect(response.status).toBe(303);
      expect(response.location).toBe('/app/login');
      expect(response.text).not.toContain('Acme');
    }
  });

  it('deletes only after the app name is typed on the confirmation page', async () => {
    const confirm = await call(
      'GET',
      `${gw.url}/app/developer/apps/${app.clientId}/delete`,
      bearer(developer.token),
    );
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('revokes 1 active customer approval and 1 live access token');
    const csrf = csrfOf(confirm);
    const path = `${gw.url}/app/developer/apps/${app.clientId}/delete`;
    const wrong = await call('POST', path, {
      ...bearer(developer.token),
      form: { csrf, confirm: 'Acme' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('That is not the app&#39;s name: nothing was deleted.');
    const prisma = gw.gateway.services.prisma;
    expect(
      (await prisma.oAuthClient.findUniqueOrThrow({ where: { id: app.clientId } })).deletedAt,
    ).toBeNull();
    const deleted = await call('POST', path, {
      ...bearer(developer.token),
      form: { csrf, confirm: ' Acme Git Insights ' },
    });
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe('/app/dashboard?notice=deleted');
    expect(
      (await prisma.oAuthClient.findUniqueOrThrow({ where: { id: app.clientId } })).deletedAt,
    ).not.toBeNull();
    const gone = await call(
      'GET',
      `${gw.url}/app/dashboard/apps/${app.clientId}`,
      bearer(developer.token),
    );
    expect(gone.status).toBe(404);
  });
});
