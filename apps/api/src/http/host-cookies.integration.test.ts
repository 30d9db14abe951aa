// A gateway on https names its cookies `__Host-…`, which a browser takes only from this host (Secure,
// Path=/, no Domain). A page on a sibling subdomain can plant a cookie for the parent domain under
// the bare name; the gateway must not read it (post-stop review of 2026-12-07: a planted session
// passed as an integration flow's starter, a planted binding cookie as the starter's browser).
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabSimulatorHost } from '../../demo/simulator-hosts.js';
import { createDeveloperApp, REDIRECT_URI, signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call, CookieJar, type CallResult } from '../test-support/http.js';

const PUBLIC_URL = 'https://scm.example.com';

const setCookies = (response: CallResult): string[] =>
  ([] as string[]).concat(response.headers['set-cookie'] ?? []);

/** The cookie line named `name` (prefix included), checked for what `__Host-` requires. */
function hostCookie(response: CallResult, name: string): string {
  const line = setCookies(response).find((candidate) => candidate.startsWith(`__Host-${name}`));
  expect(line, `${name} in ${JSON.stringify(setCookies(response))}`).toBeDefined();
  expect(line).toMatch(/; Path=\/(;|$)/);
  expect(line).toMatch(/; Secure(;|$)/);
  expect(line).toMatch(/; HttpOnly(;|$)/);
  expect(line).not.toMatch(/Domain=/i);
  return line as string;
}

const valueOf = (line: string): string => line.slice(line.indexOf('=') + 1, line.indexOf(';'));

describe('cookies on an https gateway carry the __Host- prefix', () => {
  let gitlab: GitLabSimulator;
  let gw: TestGateway;
  let developer: { token: string; tenantId: string };

  beforeAll(async () => {
    gitlab = await startGitLabSimulator({ seed: 43 });
    gw = await startTestGateway({
      env: { PUBLIC_URL },
      providerHosts: [gitlabSimulatorHost(gitlab)],
    });
    developer = await signUpDeveloper(gw);
  });
  afterAll(async () => {
    await gw.close();
    await gitlab.stop();
  });

  /** What a TLS-terminating proxy in front of the gateway does with a link to its public URL. */
  const local = (url: string): string => url.replace(PUBLIC_URL, gw.url);

  it('the sign-in form and its session cookie; a bare sgg_session (planted) is not a session', async () => {
    const email = `host-${Math.random().toString(36).slice(2)}@example.com`;
    const jar = new CookieJar();
    await call('POST', `${gw.url}/app/signup`, {
      json: { name: 'Host', email, password: 'correct horse battery', company: 'Host Co' },
    });
    const loginPage = await call('GET', `${gw.url}/app/login`, { jar });
    hostCookie(loginPage, 'sgg_form=');
    const csrf = /name="csrf" value="([^"]+)"/.exec(loginPage.text)?.[1] ?? '';
    const login = await call('POST', `${gw.url}/app/login`, {
      jar,
      form: { email, password: 'correct horse battery', csrf },
    });
    expect(login.status, login.text).toBe(303);
    const session = valueOf(hostCookie(login, 'sgg_session='));

    const me = (cookie: string) => call('GET', `${gw.url}/v1/account/me`, { headers: { cookie } });
    expect((await me(`__Host-sgg_session=${session}`)).status).toBe(200);
    const planted = await me(`sgg_session=${session}`);
    expect(planted.status, planted.text).toBe(401);
    expect(planted.json<{ error: { code: string } }>().error.code).toBe('AUTH_REQUIRED');

    // Nor is a form token bound to a bare sgg_form cookie taken.
    const formId = valueOf(hostCookie(loginPage, 'sgg_form='));
    const forged = await call('POST', `${gw.url}/app/login`, {
      headers: { cookie: `sgg_form=${formId}` },
      form: { email, password: 'correct horse battery', csrf },
    });
    expect(forged.status, forged.text).toBe(400);
    expect(setCookies(forged).some((line) => line.includes('sgg_session='))).toBe(false);
  });

  it('a sign-in with a provider binds the browser by a __Host- cookie; the same value under the bare name is refused', async () => {
    const starter = new CookieJar();
    starter.store(`__Host-sgg_session=${developer.token}`);
    const start = await call('GET', `${gw.url}/v1/auth/gitlab/start?web=1`, { jar: starter });
    expect(start.status, start.text).toBe(302);
    const binding = hostCookie(start, 'sgg_oauth_');
    expect(binding).toMatch(/SameSite=None/);
    const name = binding.slice(0, binding.indexOf('='));
    const through = async (): Promise<string> => {
      const upstream = await call('GET', start.location ?? '');
      expect(upstream.status, upstream.text).toBe(302);
      return local(upstream.location ?? '');
    };
    const connections = () =>
      gw.gateway.services.prisma.connection.count({ where: { tenantId: developer.tenantId } });
    const before = await connections();

    // Someone who knows the value (it is theirs) plants it for the parent domain: refused.
    const planted = await call('GET', await through(), {
      headers: { cookie: `${name.replace('__Host-', '')}=${valueOf(binding)}` },
    });
    expect(planted.status, planted.text).toBe(400);
    expect(planted.text).toMatch(/started in another browser/);
    expect(await connections()).toBe(before);

    const finished = await call('GET', await through(), { jar: starter });
    expect(finished.status, finished.text).toBe(200);
    expect(await connections()).toBe(before + 1);
    expect(
      setCookies(finished).some((line) => line.startsWith(name) && /Max-Age=0/.test(line)),
    ).toBe(true);
  });

  it('signing out clears the __Host- session cookie', async () => {
    const jar = new CookieJar();
    jar.store(`__Host-sgg_session=${(await signUpDeveloper(gw)).token}`);
    const asked = await call('GET', `${gw.url}/app/logout`, { jar });
    const csrf = /name="csrf" value="([^"]+)"/.exec(asked.text)?.[1] ?? '';
    const out = await call('POST', `${gw.url}/app/logout`, { jar, form: { csrf } });
    expect(out.status, out.text).toBe(303);
    const cleared = setCookies(out).find((line) => line.startsWith('__Host-sgg_session=;'));
    expect(cleared, JSON.stringify(setCookies(out))).toMatch(/Path=\/;.*Secure/);
  });

  it('the consent page’s company session: a bare sgg_company (planted) is not read', async () => {
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'read:repositories',
      state: 'S',
      customer_ref: 'cust-host',
    });
    const page = await call('GET', `${gw.url}/oauth/authorize?${query.toString()}`);
    expect(page.status, page.text).toBe(200);
    const company = hostCookie(page, 'sgg_company=');
    const deny = (
      /href="(\/oauth\/authorize\/deny\?request=[^"]+)"/.exec(page.text)?.[1] ?? ''
    ).replaceAll('&amp;', '&');
    const planted = await call('GET', `${gw.url}${deny}`, {
      headers: { cookie: `sgg_company=${valueOf(company)}` },
    });
    expect(planted.status, planted.text).toBe(401);
    const own = await call('GET', `${gw.url}${deny}`, {
      headers: { cookie: `__Host-sgg_company=${valueOf(company)}` },
    });
    expect(own.status, own.text).toBe(303);
    expect(own.location).toMatch(/error=access_denied/);
  });

  it('an integration flow binds its browser by a __Host- cookie; the bare name is refused', async () => {
    const application = gitlab.createOAuthApplication({
      redirectUri: `${PUBLIC_URL}/v1/integrations/gitlab/callback`,
      scopes: ['api', 'read_repository'],
    });
    const started = await call('POST', `${gw.url}/v1/integrations/gitlab/start`, {
      headers: { authorization: `Bearer ${developer.token}` },
      json: {
        host_url: gitlab.baseUrl,
        application_id: application.applicationId,
        secret: application.secret,
      },
    });
    expect(started.status, started.text).toBe(200);
    const starter = new CookieJar();
    starter.store(`__Host-sgg_session=${developer.token}`);
    const opened = await call('GET', local(started.json<{ url: string }>().url), {
      jar: starter,
    });
    expect(opened.status, opened.text).toBe(302);
    const binding = hostCookie(opened, 'sgg_oauth_');
    const name = binding.slice(0, binding.indexOf('='));
    const through = async (): Promise<string> => {
      const upstream = await call('GET', opened.location ?? '');
      expect(upstream.status, upstream.text).toBe(302);
      return local(upstream.location ?? '');
    };
    const planted = await call('GET', await through(), {
      headers: { cookie: `${name.replace('__Host-', '')}=${valueOf(binding)}` },
    });
    expect(planted.status, planted.text).toBe(400);
    expect(planted.text).toMatch(/another browser/);
    const finished = await call('GET', await through(), { jar: starter });
    expect(finished.status, finished.text).toBe(200);
    const cleared = setCookies(finished).find((line) => line.startsWith(`${name}=;`));
    expect(cleared, JSON.stringify(setCookies(finished))).toMatch(/Path=\/;.*Max-Age=0/);
  });

  it('accepting an invitation with the __Host- session cookie joins as that user', async () => {
    const inviter = await signUpDeveloper(gw);
    const email = `invited-${Math.random().toString(36).slice(2)}@example.com`;
    const invitee = await signUpDeveloper(gw, email);
    const invited = await call('POST', `${gw.url}/v1/tenant/invitations`, {
      headers: { authorization: `Bearer ${inviter.token}` },
      json: { email, role: 'member' },
    });
    expect(invited.status, invited.text).toBe(201);
    const joined = await call('POST', `${gw.url}/v1/tenant/invitations/accept`, {
      headers: { cookie: `__Host-sgg_session=${invitee.token}` },
      json: { token: invited.json<{ token: string }>().token },
    });
    expect(joined.status, joined.text).toBe(201);
    expect(joined.json<{ tenant: { id: string } }>().tenant.id).toBe(inviter.tenantId);
  });
});
