import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startDemo, type Demo } from './start-demo.js';

/** Reads a printed `curl -s [-X METHOD] [-H 'Name: value']… [-d 'body'] URL` line back into a request. */
function parseCurl(command: string): {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | null;
} {
  const words = [...command.matchAll(/'([^']*)'|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
  expect(words.slice(0, 2)).toEqual(['curl', '-s']);
  const headers: Record<string, string> = {};
  let url = '';
  let method: 'GET' | 'POST' = 'GET';
  let body: string | null = null;
  for (let index = 2; index < words.length; index++) {
    const word = words[index] ?? '';
    if (word === '-H') {
      const header = words[++index] ?? '';
      const colon = header.indexOf(':');
      headers[header.slice(0, colon).toLowerCase()] = header.slice(colon + 1).trim();
    } else if (word === '-X') method = words[++index] === 'POST' ? 'POST' : 'GET';
    else if (word === '-d') body = words[++index] ?? '';
    else url = word;
  }
  return { url, method, headers, body };
}

// `pnpm demo` prints curl commands that must work exactly as printed.
describe('pnpm demo', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await demo.stop();
  });

  it('prints commands that each answer 200 (201 for a created integration) with JSON, and the diff is firewalled', async () => {
    expect(demo.commands.length).toBeGreaterThanOrEqual(10);
    for (const command of demo.commands) {
      expect(demo.text).toContain(command);
      const { url, method, headers, body: sent } = parseCurl(command);
      expect(url.startsWith(demo.url)).toBe(true);
      const response = await request(url, { method, headers, body: sent });
      const body = await response.body.text();
      expect(response.statusCode, `${command}\n${body}`).toBe(
        method === 'POST' ? (url.endsWith('gitlab/start') ? 201 : 200) : 200,
      );
      const parsed = JSON.parse(body) as { files?: { path: string; blocked?: boolean }[] };
      if (url.includes('/commits/') && url.endsWith('/diff')) {
        expect(
          parsed.files?.some((file) => file.path.endsWith('.env') && file.blocked === true),
        ).toBe(true);
      }
    }
  });

  it('runs the hosted consent flow to the demo app callback', async () => {
    const authorize =
      /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)/.exec(demo.text)?.[1] ?? '';
    const page = await request(authorize);
    expect(page.statusCode).toBe(200);
    let cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
    const html = await page.body.text();
    const connect =
      /href="(\/v1\/auth\/github\/start\?[^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const start = await request(`${demo.url}${connect}`, { headers: { cookie } });
    await start.body.dump();
    // The start binds the sign-in to this browser with a cookie the callback checks.
    const binding = cookieNamed(start.headers['set-cookie'], 'sgg_oauth_');
    expect(binding).toMatch(/^sgg_oauth_[^=]+=.+/);
    const upstream = await request(String(start.headers.location));
    await upstream.body.dump();
    const back = await request(String(upstream.headers.location), {
      headers: { cookie: `${cookie}; ${binding}` },
    });
    await back.body.dump();
    // The callback re-issues the consent session with the account this browser just signed into.
    cookie = cookieNamed(back.headers['set-cookie'], 'sgg_company=');
    expect(cookie).toMatch(/^sgg_company=/);
    const consent = await (
      await request(`${demo.url}${String(back.headers.location)}`, { headers: { cookie } })
    ).body.text();
    const repository = /name="repository" value="([^"]+)"/.exec(consent)?.[1] ?? '';
    const requestField =
      /name="request" value="([^"]+)"/.exec(consent)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const approved = await request(`${demo.url}/oauth/authorize/approve`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['request', requestField],
        ['scope', 'read:repositories'],
        ['repository', repository],
      ]).toString(),
    });
    await approved.body.dump();
    expect(approved.statusCode).toBe(303);
    const callback = await request(String(approved.headers.location));
    const shown = await callback.body.text();
    expect(callback.statusCode, shown).toBe(200);
    expect(shown).toMatch(/sggat_[A-Za-z0-9_-]{20,}/);
  });

  it('prints the /testapp sandbox, and the demo app takes its callback as a redirect URI', async () => {
    const sandbox = /(http:\/\/127\.0\.0\.1:\d+\/testapp)\s/.exec(demo.text)?.[1] ?? '';
    expect(sandbox).toBe(`${demo.url}/testapp`);
    const page = await request(sandbox);
    const html = await page.body.text();
    expect(page.statusCode, html).toBe(200);
    const cookie = cookieNamed(page.headers['set-cookie'], 'sgg_testapp=');
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const clientId = /app client_id:\s+(\S+)/.exec(demo.text)?.[1] ?? '';
    const clientSecret = /app client_secret:\s+(\S+)/.exec(demo.text)?.[1] ?? '';
    const saved = await request(`${sandbox}/config`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrf,
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    await saved.body.dump();
    expect(saved.statusCode).toBe(303);
    const authorize = String(saved.headers.location);
    expect(new URL(authorize, demo.url).searchParams.get('redirect_uri')).toBe(
      `${demo.url}/testapp/callback`,
    );
    // The consent page, not a refusal: the redirect URI is one the demo app registered.
    const consent = await request(`${demo.url}${authorize}`);
    const text = await consent.body.text();
    expect(consent.statusCode, text).toBe(200);
    expect(text).toContain('Demo Git Insights wants to read your repositories');

    // The whole flow, as a browser: connect the simulated GitHub, approve, back to the sandbox.
    let company = cookieNamed(consent.headers['set-cookie'], 'sgg_company=');
    const connect =
      /href="(\/v1\/auth\/github\/start\?[^"]+)"/.exec(text)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const start = await request(`${demo.url}${connect}`, { headers: { cookie: company } });
    await start.body.dump();
    const binding = cookieNamed(start.headers['set-cookie'], 'sgg_oauth_');
    const upstream = await request(String(start.headers.location));
    await upstream.body.dump();
    const back = await request(String(upstream.headers.location), {
      headers: { cookie: `${company}; ${binding}` },
    });
    await back.body.dump();
    company = cookieNamed(back.headers['set-cookie'], 'sgg_company=');
    const form = await (
      await request(`${demo.url}${String(back.headers.location)}`, { headers: { cookie: company } })
    ).body.text();
    const approved = await request(`${demo.url}/oauth/authorize/approve`, {
      method: 'POST',
      headers: { cookie: company, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        [
          'request',
          /name="request" value="([^"]+)"/.exec(form)?.[1]?.replaceAll('&amp;', '&') ?? '',
        ],
        ['scope', 'read:repositories'],
        ['scope', 'read:commits'],
        ['repository', /name="repository" value="([^"]+)"/.exec(form)?.[1] ?? ''],
      ]).toString(),
    });
    await approved.body.dump();
    expect(approved.statusCode).toBe(303);
    const callback = String(approved.headers.location);
    expect(callback.startsWith(`${demo.url}/testapp/callback?code=`)).toBe(true);
    const pending = cookieNamed(saved.headers['set-cookie'], 'sgg_testapp=');
    const exchanged = await request(callback, { headers: { cookie: pending } });
    await exchanged.body.dump();
    expect(exchanged.statusCode).toBe(303);
    const sealed = cookieNamed(exchanged.headers['set-cookie'], 'sgg_testapp=');
    const suite = await request(`${sandbox}/live/endpoint-suite`, {
      headers: { cookie: sealed, accept: 'application/json' },
    });
    const report = (await suite.body.json()) as { calls: { label: string; status: number }[] };
    expect(suite.statusCode).toBe(200);
    // Every endpoint called; those of the approved scopes answer, the others are refused by scope.
    const status = (label: string) => report.calls.find((call) => call.label === label)?.status;
    expect(status('repositories.get')).toBe(200);
    expect(status('repositories.commits')).toBe(200);
    expect(status('repositories.branches')).toBe(403);
  });
});

/** The `name=value` of the first Set-Cookie line whose name starts with `prefix`. */
function cookieNamed(setCookie: string | string[] | undefined, prefix: string): string {
  const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return lines.find((line) => line.startsWith(prefix))?.split(';')[0] ?? '';
}
