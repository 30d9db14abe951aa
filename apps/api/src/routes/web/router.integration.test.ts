import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../crypto/tokens.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { bearer } from '../../test-support/flows.js';
import { call, CookieJar, type CallResult } from '../../test-support/http.js';
import { escapeHtml, html, raw } from './html.js';

interface ErrorBody {
  error: { code: string; message: string; request_id: string; source: string };
}

const PASSWORD = 'correct horse battery staple';

function csrfOf(page: CallResult): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page.text);
  expect(match, 'the page carries a CSRF field').not.toBeNull();
  return (match as RegExpExecArray)[1] as string;
}

function setCookieLines(response: CallResult): string[] {
  const value = response.headers['set-cookie'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const APP_FORM = {
  name: 'Form App',
  description: 'Made in the dashboard',
  allowedRedirectUris: 'https://acme.example.com/oauth/callback\nhttps://acme.example.com/other',
  defaultPermissions: ['read:repositories', 'read:profile'],
};

describe('web pages', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  /** The signup form, then the login form, as a browser posts them (each with its CSRF token). */
  const signUpInBrowser = async (
    email: string,
  ): Promise<{ jar: CookieJar; response: CallResult; signup: CallResult }> => {
    const jar = new CookieJar();
    const signupPage = await call('GET', `${gw.url}/app/signup`, { jar });
    const signup = await call('POST', `${gw.url}/app/signup`, {
      jar,
      form: {
        name: 'Web Dev',
        email,
        password: PASSWORD,
        company: 'Web Co',
        csrf: csrfOf(signupPage),
      },
    });
    const loginPage = await call('GET', `${gw.url}/app/login`, { jar });
    const response = await call('POST', `${gw.url}/app/login`, {
      jar,
      form: { email, password: PASSWORD, csrf: csrfOf(loginPage) },
    });
    return { jar, response, signup };
  };

  it('escapes every interpolation unless it is html', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    const name = '<script>alert(1)</script>';
    expect(html`<p>${name}</p>`.value).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html`<ul>${[1, '<b>'].map((item) => html`<li>${item}</li>`)}</ul>`.value).toBe(
      '<ul><li>1</li><li>&lt;b&gt;</li></ul>',
    );
    expect(html`${raw('<hr>')}${null}${undefined}${false}`.value).toBe('<hr>');
  });

  it('serves the landing page and the docs', async () => {
    const landing = await call('GET', `${gw.url}/`);
    expect(landing.status).toBe(200);
    expect(landing.headers['content-type']).toMatch(/^text\/html/);
    expect(landing.headers['content-security-policy']).toContain("default-src 'none'");
    expect(landing.text).toContain('href="/app/signup"');
    expect(landing.text).toContain('href="/app/login"');
    expect(landing.text).toContain('href="/docs"');
    expect(landing.text).not.toContain('href="/app/dashboard"');
    expect(landing.text).toContain('href="/docs/quickstart"');
    const docs = await call('GET', `${gw.url}/docs/routes`);
    expect(docs.status).toBe(200);
    for (const route of [
      'POST /v1/developer/apps',
      'GET /v1/account/usage/logs',
      'POST /v1/platform/tokens/introspect',
      'POST /oauth/token',
    ]) {
      expect(docs.text).toContain(route);
    }
  });

  it('signs up in the browser, then creates an app from the dashboard with a CSRF token', async () => {
    const { jar, response, signup } = await signUpInBrowser('web-dev@example.com');
    // Signup signs nobody in (it answers the same for a taken email): the login form is next.
    expect(signup.status, signup.text).toBe(303);
    expect(signup.location).toBe('/app/login?notice=signed-up');
    expect(setCookieLines(signup).some((line) => line.startsWith('sgg_session='))).toBe(false);
    expect(response.status, response.text).toBe(303);
    expect(response.location).toBe('/app/dashboard');
    const cookie = setCookieLines(response).find((line) => line.startsWith('sgg_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    expect(jar.get('sgg_session')).toMatch(/^sggst_/);

    const user = await gw.gateway.services.prisma.user.findUniqueOrThrow({
      where: { email: 'web-dev@example.com' },
      include: { memberships: { include: { tenant: true } } },
    });
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain(PASSWORD);
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]?.role).toBe('owner');
    expect(user.memberships[0]?.tenant).toMatchObject({ name: 'Web Co', slug: 'web-co' });
    const tenantId = user.memberships[0]?.tenantId as string;

    const landing = await call('GET', `${gw.url}/`, { jar });
    expect(landing.text).toContain('href="/app/dashboard"');

    const dashboard = await call('GET', `${gw.url}/app/dashboard`, { jar });
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('web-dev@example.com');
    expect(dashboard.text).toContain('action="/app/developer/apps"');
    const csrf = csrfOf(dashboard);

    const prisma = gw.gateway.services.prisma;
    const countApps = () => prisma.oAuthClient.count({ where: { tenantId } });
    const noCsrf = await call('POST', `${gw.url}/app/developer/apps`, { jar, form: APP_FORM });
    expect(noCsrf.status).toBe(400);
    expect(noCsrf.text).toContain('INVALID_REQUEST');
    const forged = await call('POST', `${gw.url}/app/developer/apps`, {
      jar,
      form: { ...APP_FORM, csrf: `${csrf.slice(0, -2)}xx` },
    });
    expect(forged.status).toBe(400);
    expect(await countApps()).toBe(0);

    const created = await call('POST', `${gw.url}/app/developer/apps`, {
      jar,
      form: { ...APP_FORM, csrf },
    });
    expect(created.status, created.text).toBe(201);
    const secret = /id="client-secret">([^<]+)</.exec(created.text)?.[1];
    const clientId = /id="client-id">([^<]+)</.exec(created.text)?.[1];
    expect(secret).toMatch(/^sggcs_/);
    const row = await prisma.oAuthClient.findUniqueOrThrow({ where: { id: clientId as string } });
    expect(row.tenantId).toBe(tenantId);
    expect(row.secretHash).toBe(hashSecret(secret as string));
    expect(JSON.parse(row.redirectUris)).toEqual([
      'https://acme.example.com/oauth/callback',
      'https://acme.example.com/other',
    ]);
    expect(JSON.parse(row.defaultPermissions)).toEqual(['read:profile', 'read:repositories']);

    // Shown once: the next dashboard lists the app but not its secret.
    const again = await call('GET', `${gw.url}/app/dashboard`, { jar });
    expect(again.text).toContain(clientId);
    expect(again.text).not.toContain(secret);

    const invalid = await call('POST', `${gw.url}/app/developer/apps`, {
      jar,
      form: { ...APP_FORM, allowedRedirectUris: 'not a url', csrf },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('class="error"');
    expect(invalid.text).toContain('value="Form App"');
    expect(await countApps()).toBe(1);

    const updated = await call(
      'POST',
      `${gw.url}/app/developer/apps/${clientId as string}/update`,
      {
        jar,
        form: {
          name: 'Renamed <b>App</b>',
          description: '',
          allowedRedirectUris: 'https://acme.example.com/only',
          defaultPermissions: 'read:commits',
          csrf,
        },
      },
    );
    expect(updated.status, updated.text).toBe(303);
    expect(updated.location).toBe(`/app/dashboard/apps/${clientId as string}?notice=updated`);
    const afterUpdate = await prisma.oAuthClient.findUniqueOrThrow({
      where: { id: clientId as string },
    });
    expect(afterUpdate.name).toBe('Renamed <b>App</b>');
    expect(afterUpdate.description).toBeNull();
    expect(JSON.parse(afterUpdate.defaultPermissions)).toEqual(['read:commits']);
    const renamed = await call('GET', `${gw.url}/app/dashboard?notice=updated`, { jar });
    expect(renamed.text).toContain('Renamed &lt;b&gt;App&lt;/b&gt;');
    expect(renamed.text).not.toContain('<b>App</b>');
    expect(renamed.text).toContain('App updated.');

    const deleteNoCsrf = await call(
      'POST',
      `${gw.url}/app/developer/apps/${clientId as string}/delete`,
      { jar, form: {} },
    );
    expect(deleteNoCsrf.status).toBe(400);
    expect(
      (await prisma.oAuthClient.findUniqueOrThrow({ where: { id: clientId as string } })).deletedAt,
    ).toBeNull();
    // One click deletes nothing: the app's name must be typed on the confirmation page.
    const oneClick = await call(
      'POST',
      `${gw.url}/app/developer/apps/${clientId as string}/delete`,
      { jar, form: { csrf } },
    );
    expect(oneClick.status).toBe(400);
    expect(oneClick.text).toContain('nothing was deleted');
    expect(
      (await prisma.oAuthClient.findUniqueOrThrow({ where: { id: clientId as string } })).deletedAt,
    ).toBeNull();
    const deleted = await call(
      'POST',
      `${gw.url}/app/developer/apps/${clientId as string}/delete`,
      { jar, form: { csrf, confirm: 'Renamed <b>App</b>' } },
    );
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe('/app/dashboard?notice=deleted');
    expect(
      (await prisma.oAuthClient.findUniqueOrThrow({ where: { id: clientId as string } })).deletedAt,
    ).not.toBeNull();
  });

  it("refuses another session's CSRF token and another tenant's app", async () => {
    const a = await signUpInBrowser('csrf-a@example.com');
    const b = await signUpInBrowser('csrf-b@example.com');
    const csrfA = csrfOf(await call('GET', `${gw.url}/app/dashboard`, { jar: a.jar }));
    const csrfB = csrfOf(await call('GET', `${gw.url}/app/dashboard`, { jar: b.jar }));
    const crossed = await call('POST', `${gw.url}/app/developer/apps`, {
      jar: b.jar,
      form: { ...APP_FORM, csrf: csrfA },
    });
    expect(crossed.status).toBe(400);
    expect(crossed.text).toContain('INVALID_REQUEST');

    const created = await call('POST', `${gw.url}/app/developer/apps`, {
      jar: a.jar,
      form: { ...APP_FORM, csrf: csrfA },
    });
    const clientId = /id="client-id">([^<]+)</.exec(created.text)?.[1] as string;
    const hijack = await call('POST', `${gw.url}/app/developer/apps/${clientId}/delete`, {
      jar: b.jar,
      form: { csrf: csrfB, confirm: APP_FORM.name },
    });
    expect(hijack.status).toBe(404);
    expect(hijack.text).toContain('No such app.');
    expect(
      (await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({ where: { id: clientId } }))
        .deletedAt,
    ).toBeNull();
  });

  it('sends browsers without a session to the login form', async () => {
    const dashboard = await call('GET', `${gw.url}/app/dashboard`);
    expect(dashboard.status).toBe(303);
    expect(dashboard.location).toBe('/app/login');
    const post = await call('POST', `${gw.url}/app/developer/apps`, { form: APP_FORM });
    expect(post.status).toBe(303);
    expect(post.location).toBe('/app/login');
  });

  it('signs up and logs in with JSON for a bearer session token', async () => {
    const signup = await call('POST', `${gw.url}/app/developer/signup`, {
      json: {
        name: 'Json Dev',
        email: 'Json.Dev@Example.com',
        password: PASSWORD,
        company: 'Json Co',
      },
    });
    expect(signup.status, signup.text).toBe(202);
    expect(setCookieLines(signup)).toEqual([]);
    expect(signup.json<{ status: string; email: string }>()).toMatchObject({
      status: 'accepted',
      email: 'json.dev@example.com',
    });
    expect(signup.text).not.toContain('sggst_');
    const user = await gw.gateway.services.prisma.user.findUniqueOrThrow({
      where: { email: 'json.dev@example.com' },
      include: { memberships: { include: { tenant: true } } },
    });
    expect(user.memberships[0]?.tenant.name).toBe('Json Co');

    // A taken email: the same answer, and the account is left as it was.
    const duplicate = await call('POST', `${gw.url}/app/signup`, {
      json: { name: 'Again', email: 'json.dev@example.com', password: 'another long password' },
    });
    expect(duplicate.status).toBe(202);
    expect(duplicate.json()).toEqual(signup.json());
    expect(
      (
        await gw.gateway.services.prisma.user.findUniqueOrThrow({
          where: { email: 'json.dev@example.com' },
        })
      ).passwordHash,
    ).toBe(user.passwordHash);
    const short = await call('POST', `${gw.url}/app/signup`, {
      json: { name: 'Short', email: 'short@example.com', password: 'nine char' },
    });
    expect(short.status).toBe(400);
    expect(short.json<ErrorBody>().error.message).toContain('password');
    expect(
      await gw.gateway.services.prisma.user.findUnique({ where: { email: 'short@example.com' } }),
    ).toBeNull();

    // JSON login needs no CSRF token: it sets no cookie, and no other site can send it with ours.
    const login = await call('POST', `${gw.url}/app/login`, {
      json: { email: 'JSON.dev@example.com', password: PASSWORD },
    });
    expect(login.status, login.text).toBe(200);
    expect(setCookieLines(login)).toEqual([]);
    const loggedIn = login.json<{
      user: { id: string; email: string };
      session: { token: string; expiresAt: string };
      tenant: { id: string };
    }>();
    expect(loggedIn.user).toMatchObject({ id: user.id, email: 'json.dev@example.com' });
    expect(loggedIn.tenant.id).toBe(user.memberships[0]?.tenantId);
    expect(loggedIn.session.token).toMatch(/^sggst_/);
    expect(Date.parse(loggedIn.session.expiresAt)).toBeGreaterThan(Date.now());
    expect(login.text).not.toContain('passwordHash');
    const me = await call('GET', `${gw.url}/v1/account/me`, bearer(loggedIn.session.token));
    expect(me.json<{ user: { id: string } }>().user.id).toBe(user.id);
    expect(
      (
        await call('POST', `${gw.url}/app/login`, {
          json: { email: 'json.dev@example.com', password: 'another long password' },
        })
      ).status,
    ).toBe(401);
  });

  it('rejects a wrong password or an unknown email with one message', async () => {
    await signUpInBrowser('login-user@example.com');
    const wrongJson = await call('POST', `${gw.url}/app/login`, {
      json: { email: 'login-user@example.com', password: 'wrong password!' },
    });
    expect(wrongJson.status).toBe(401);
    const wrongError = wrongJson.json<ErrorBody>().error;
    expect(wrongError.code).toBe('INVALID_CREDENTIALS');
    expect(wrongError.request_id).toBe(wrongJson.headers['x-request-id']);
    const unknownJson = await call('POST', `${gw.url}/app/developer/login`, {
      json: { email: 'nobody@example.com', password: 'wrong password!' },
    });
    expect(unknownJson.status).toBe(401);
    expect(unknownJson.json<ErrorBody>().error.message).toBe(wrongError.message);

    const jar = new CookieJar();
    const form = await call('GET', `${gw.url}/app/login`, { jar });
    const wrongForm = await call('POST', `${gw.url}/app/login`, {
      jar,
      form: { email: 'login-user@example.com', password: 'wrong password!', csrf: csrfOf(form) },
    });
    expect(wrongForm.status).toBe(401);
    expect(wrongForm.headers['content-type']).toMatch(/^text\/html/);
    expect(wrongForm.text).toContain(escapeHtml(wrongError.message));
    expect(wrongForm.text).toContain('value="login-user@example.com"');
    expect(wrongForm.text).not.toContain('wrong password!');
    expect(jar.get('sgg_session')).toBeUndefined();

    const good = await call('POST', `${gw.url}/app/login`, {
      jar,
      form: { email: 'login-user@example.com', password: PASSWORD, csrf: csrfOf(wrongForm) },
    });
    expect(good.status).toBe(303);
    expect(good.location).toBe('/app/dashboard');
    expect(jar.get('sgg_session')).toMatch(/^sggst_/);
    expect((await call('GET', `${gw.url}/app/dashboard`, { jar })).status).toBe(200);
  });

  it('refuses a login or signup form without the CSRF token of this browser', async () => {
    await signUpInBrowser('csrf-login@example.com');
    const attacker = new CookieJar();
    const attackerToken = csrfOf(await call('GET', `${gw.url}/app/login`, { jar: attacker }));
    const victim = new CookieJar();
    const credentials = { email: 'csrf-login@example.com', password: PASSWORD };

    // No token (a cross-site form), another browser's token, and a token without its cookie.
    const noToken = await call('POST', `${gw.url}/app/login`, { jar: victim, form: credentials });
    const otherBrowser = await call('POST', `${gw.url}/app/login`, {
      jar: victim,
      form: { ...credentials, csrf: attackerToken },
    });
    const noCookie = await call('POST', `${gw.url}/app/login`, {
      form: { ...credentials, csrf: attackerToken },
    });
    for (const refused of [noToken, otherBrowser, noCookie]) {
      expect(refused.status, refused.text).toBe(400);
      expect(refused.text).toContain('did not come from this site');
      expect(setCookieLines(refused).some((line) => line.startsWith('sgg_session='))).toBe(false);
    }
    expect(victim.get('sgg_session')).toBeUndefined();
    // The browser that fetched the token signs in with it.
    const good = await call('POST', `${gw.url}/app/login`, {
      jar: attacker,
      form: { ...credentials, csrf: attackerToken },
    });
    expect(good.status).toBe(303);
    expect(attacker.get('sgg_session')).toMatch(/^sggst_/);

    const signup = await call('POST', `${gw.url}/app/signup`, {
      form: { name: 'Forged', email: 'forged@example.com', password: PASSWORD },
    });
    expect(signup.status).toBe(400);
    expect(
      await gw.gateway.services.prisma.user.findUnique({ where: { email: 'forged@example.com' } }),
    ).toBeNull();
  });

  it('logs out with a POST carrying the CSRF token; a GET only asks', async () => {
    const { jar } = await signUpInBrowser('logout@example.com');
    const token = jar.get('sgg_session') as string;
    const stillSignedIn = async () =>
      (
        await call('GET', `${gw.url}/v1/account/me`, {
          headers: { cookie: `sgg_session=${token}` },
        })
      ).status === 200;

    // The dashboard's "Sign out" is a form with the session's token, not a link.
    const dashboard = await call('GET', `${gw.url}/app/dashboard`, { jar });
    expect(dashboard.text).toMatch(
      /<form class="inline" method="post" action="\/app\/logout"><input type="hidden" name="csrf" value="[^"]+">/,
    );
    expect(dashboard.text).not.toContain('href="/app/logout"');

    const asked = await call('GET', `${gw.url}/app/logout`, { jar });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('action="/app/logout"');
    expect(setCookieLines(asked).some((line) => line.startsWith('sgg_session='))).toBe(false);
    expect(await stillSignedIn()).toBe(true);

    const forged = await call('POST', `${gw.url}/app/logout`, { jar, form: {} });
    expect(forged.status).toBe(400);
    expect(await stillSignedIn()).toBe(true);

    const logout = await call('POST', `${gw.url}/app/logout`, {
      jar,
      form: { csrf: csrfOf(asked) },
    });
    expect(logout.status).toBe(303);
    expect(logout.location).toBe('/');
    expect(setCookieLines(logout).find((line) => line.startsWith('sgg_session='))).toMatch(
      /^sgg_session=;/,
    );
    expect(jar.get('sgg_session')).toBeUndefined();
    const reuse = await call('GET', `${gw.url}/v1/account/me`, {
      headers: { cookie: `sgg_session=${token}` },
    });
    expect(reuse.status).toBe(401);
    expect(reuse.json<ErrorBody>().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('logs a bearer session out without a token (no ambient credential)', async () => {
    await signUpInBrowser('bearer-logout@example.com');
    const login = await call('POST', `${gw.url}/app/login`, {
      json: { email: 'bearer-logout@example.com', password: PASSWORD },
    });
    const token = login.json<{ session: { token: string } }>().session.token;
    expect((await call('POST', `${gw.url}/app/logout`, bearer(token))).status).toBe(303);
    expect((await call('GET', `${gw.url}/v1/account/me`, bearer(token))).status).toBe(401);
  });

  it.each([
    ['GET', '/app/customer/signup'],
    ['POST', '/app/customer/signup'],
    ['GET', '/app/customer/login'],
    ['POST', '/app/customer/login'],
  ])('%s %s is gone (410)', async (method, path) => {
    const response = await call(
      method,
      `${gw.url}${path}`,
      method === 'POST' ? { form: { email: 'c@example.com', password: PASSWORD } } : {},
    );
    expect(response.status).toBe(410);
    const error = response.json<ErrorBody>().error;
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toBe(
      'Customer accounts are deprecated; customers connect through the hosted consent flow.',
    );
    expect(error.request_id).toBe(response.headers['x-request-id']);
    expect(error.source).toBe('gitflare');
  });

  it('shows a browser the moved customer pages as an HTML page, not JSON', async () => {
    const response = await call('GET', `${gw.url}/app/customer/login`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(response.status).toBe(410);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('This page has moved');
    expect(response.text).toContain('customers connect through the hosted consent flow');
    expect(response.text).toContain(String(response.headers['x-request-id']));
  });

  it('renders the signup form again on a bad form post', async () => {
    const jar = new CookieJar();
    const csrf = csrfOf(await call('GET', `${gw.url}/app/signup`, { jar }));
    const response = await call('POST', `${gw.url}/app/signup`, {
      jar,
      form: { name: 'X', email: 'not-an-email', password: 'short', company: 'Co <i>', csrf },
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('class="error"');
    expect(response.text).toContain('value="Co &lt;i&gt;"');
    const form = await call('GET', `${gw.url}/app/developer/signup`);
    expect(form.status).toBe(200);
    for (const name of ['name', 'email', 'password', 'company', 'csrf'])
      expect(form.text).toContain(`name="${name}"`);
  });
});

describe('web pages behind https', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { PUBLIC_URL: 'https://gateway.example.com' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  // (src/http/host-cookies.integration.test.ts: the `__Host-` names, and planted bare ones.)
  it("marks the session cookie (and the forms' cookie) Secure", async () => {
    const jar = new CookieJar();
    const signupPage = await call('GET', `${gw.url}/app/signup`, { jar });
    expect(setCookieLines(signupPage).find((line) => line.startsWith('__Host-sgg_form='))).toMatch(
      /;\s*Secure/i,
    );
    const signup = await call('POST', `${gw.url}/app/signup`, {
      jar,
      form: {
        name: 'Sec',
        email: 'secure@example.com',
        password: PASSWORD,
        csrf: csrfOf(signupPage),
      },
    });
    expect(signup.status).toBe(303);
    const loginPage = await call('GET', `${gw.url}/app/login`, { jar });
    const response = await call('POST', `${gw.url}/app/login`, {
      jar,
      form: { email: 'secure@example.com', password: PASSWORD, csrf: csrfOf(loginPage) },
    });
    expect(response.status).toBe(303);
    const cookie = setCookieLines(response).find((line) => line.startsWith('__Host-sgg_session='));
    expect(cookie).toMatch(/;\s*Secure/i);
    const tenant = await gw.gateway.services.prisma.tenant.findFirstOrThrow({
      where: { memberships: { some: { user: { email: 'secure@example.com' } } } },
    });
    expect(tenant.name).toBe("Sec's workspace");
  });
});
