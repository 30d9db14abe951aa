import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { createDeveloperApp, REDIRECT_URI, signUpDeveloper } from '../test-support/flows.js';
import { call, CookieJar, type CallResult } from '../test-support/http.js';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    source: string;
    retry_after_seconds: number | null;
    request_id: string;
  };
}

const PASSWORD = 'correct horse battery staple';
const WINDOW_S = 15 * 60;

/** The canonical RATE_LIMITED body, with Retry-After equal to its retry_after_seconds. */
function expectRateLimited(response: CallResult, retryAfter: number, message: RegExp): void {
  expect(response.status, response.text).toBe(429);
  const { error } = response.json<ErrorBody>();
  expect(error.code).toBe('RATE_LIMITED');
  expect(error.source).toBe('gitflare');
  expect(error.message).toMatch(message);
  expect(error.retry_after_seconds).toBe(retryAfter);
  expect(error.request_id).toBe(response.headers['x-request-id']);
  expect(response.headers['retry-after']).toBe(String(retryAfter));
}

/** The same 429 in the RFC 6749 §5.2 form, which /oauth/token answers (the canonical code beside). */
function expectOAuthRateLimited(response: CallResult, retryAfter: number, message: RegExp): void {
  expect(response.status, response.text).toBe(429);
  const body = response.json<Record<string, unknown>>();
  expect(body.error).toBe('temporarily_unavailable');
  expect(body.error_code).toBe('RATE_LIMITED');
  expect(String(body.error_description)).toMatch(message);
  expect(body.retry_after_seconds).toBe(retryAfter);
  expect(body.request_id).toBe(response.headers['x-request-id']);
  expect(response.headers['retry-after']).toBe(String(retryAfter));
}

async function signUp(gw: TestGateway, email: string): Promise<void> {
  const response = await call('POST', `${gw.url}/app/signup`, {
    json: { name: 'Dev', email, password: PASSWORD },
  });
  expect(response.status, response.text).toBe(202);
}

const login = (gw: TestGateway, email: string, password: string): Promise<CallResult> =>
  call('POST', `${gw.url}/app/login`, { json: { email, password } });

/**
 * Two gateway processes on one database with one movable clock: the throttles' counters live in
 * the database (RateLimitHit), so a limit reached through one is reached for the other.
 */
async function startPair(
  env: Record<string, string>,
): Promise<{ a: TestGateway; b: TestGateway; clock: { now: number } }> {
  const clock = { now: Date.now() };
  const a = await startTestGateway({ env, now: () => clock.now });
  const b = await startTestGateway({ env, now: () => clock.now, database: a.database });
  return { a, b, clock };
}

describe('sign-in throttles (shared by two gateway processes)', () => {
  let a: TestGateway;
  let b: TestGateway;
  let clock: { now: number };

  beforeAll(async () => {
    ({ a, b, clock } = await startPair({ RATE_LIMITS: 'login_account=5/15m,login_ip=1000/15m' }));
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('refuses an account after 5 wrong passwords, the right one too, until the window ends', async () => {
    await signUp(a, 'flooded@example.com');
    await signUp(a, 'bystander@example.com');
    const wrong = [];
    for (const gw of [a, a, b, a, b])
      wrong.push((await login(gw, 'flooded@example.com', 'wrong password!')).status);
    expect(wrong).toEqual([401, 401, 401, 401, 401]);

    expectRateLimited(
      await login(a, 'flooded@example.com', 'wrong password!'),
      WINDOW_S,
      /sign-ins for this account/,
    );
    // The right password is refused too (on the other process, with the email spelled otherwise).
    expectRateLimited(
      await login(b, ' Flooded@Example.com ', PASSWORD),
      WINDOW_S,
      /sign-ins for this account/,
    );
    // Other accounts are not affected.
    expect((await login(a, 'bystander@example.com', PASSWORD)).status).toBe(200);

    clock.now += (WINDOW_S - 1) * 1000;
    expectRateLimited(await login(a, 'flooded@example.com', PASSWORD), 1, /this account/);
    clock.now += 1000;
    const after = await login(b, 'flooded@example.com', PASSWORD);
    expect(after.status, after.text).toBe(200);
  });

  it('does not count successful sign-ins', async () => {
    await signUp(a, 'regular@example.com');
    for (let attempt = 0; attempt < 6; attempt++)
      expect((await login(attempt % 2 === 0 ? a : b, 'regular@example.com', PASSWORD)).status).toBe(
        200,
      );
  });

  it('answers the login form with the form again, 429 and Retry-After', async () => {
    await signUp(a, 'form-flood@example.com');
    const jar = new CookieJar();
    const page = await call('GET', `${a.url}/app/login`, { jar });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] as string;
    const post = (password: string) =>
      call('POST', `${a.url}/app/login`, {
        jar,
        form: { email: 'form-flood@example.com', password, csrf },
      });
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await post('wrong password!')).status).toBe(401);
    const limited = await post(PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^text\/html/);
    expect(limited.headers['retry-after']).toBe(String(WINDOW_S));
    expect(limited.text).toContain('Too many failed sign-ins for this account');
    expect(limited.text).toContain('name="csrf"');
    expect(jar.get('sgg_session')).toBeUndefined();
  });
});

describe('sign-in throttle per client address', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    const frozen = Date.now();
    gw = await startTestGateway({
      env: { RATE_LIMITS: 'login_account=1000/15m,login_ip=4/15m' },
      now: () => frozen,
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('refuses an address after 4 failures, whichever the accounts', async () => {
    await signUp(gw, 'owner@example.com');
    for (let attempt = 0; attempt < 4; attempt++)
      expect((await login(gw, `nobody-${attempt}@example.com`, 'wrong password!')).status).toBe(
        401,
      );
    expectRateLimited(
      await login(gw, 'someone-else@example.com', 'wrong password!'),
      WINDOW_S,
      /from this address/,
    );
    expectRateLimited(
      await login(gw, 'owner@example.com', PASSWORD),
      WINDOW_S,
      /from this address/,
    );
  });
});

describe('admin key throttle (shared by two gateway processes)', () => {
  let a: TestGateway;
  let b: TestGateway;
  let clock: { now: number };

  beforeAll(async () => {
    ({ a, b, clock } = await startPair({ RATE_LIMITS: 'admin_key_ip=5/15m' }));
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('refuses an address after 5 wrong keys, the right key too, until the window ends', async () => {
    const tenants = (gw: TestGateway, key: string) =>
      call('GET', `${gw.url}/v1/platform/tenants`, { headers: { 'x-admin-api-key': key } });
    expect((await tenants(a, a.adminApiKey)).status).toBe(200);
    const wrong = [];
    for (const gw of [a, b, a, b, a])
      wrong.push((await tenants(gw, `sggadm_guess_${wrong.length}`)).status);
    expect(wrong).toEqual([401, 401, 401, 401, 401]);

    expectRateLimited(await tenants(b, 'sggadm_guess_6'), WINDOW_S, /wrong admin key/);
    // The right key cannot be told from a wrong one while the address is over the limit.
    expectRateLimited(await tenants(a, a.adminApiKey), WINDOW_S, /wrong admin key/);
    expectRateLimited(
      await call('GET', `${b.url}/v1/connections`, {
        headers: { 'x-admin-api-key': b.adminApiKey },
      }),
      WINDOW_S,
      /wrong admin key/,
    );
    // Requests without the header are not affected.
    expect((await call('GET', `${a.url}/v1/platform/capabilities`)).status).toBe(200);

    clock.now += WINDOW_S * 1000;
    expect((await tenants(a, a.adminApiKey)).status).toBe(200);
    expect((await tenants(b, 'sggadm_guess_7')).status).toBe(401);
  });
});

describe('token endpoint throttle', () => {
  let gw: TestGateway;
  let clock: { now: number };

  beforeAll(async () => {
    clock = { now: Date.now() };
    gw = await startTestGateway({ env: { RATE_LIMITS: 'token=3/1m' }, now: () => clock.now });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('limits POST /oauth/token and POST /v1/platform/tokens per client_id and address', async () => {
    const oauthToken = (clientId: string) =>
      call('POST', `${gw.url}/oauth/token`, {
        json: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' },
      });
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await oauthToken('client_guessed')).status).toBe(401);
    expectOAuthRateLimited(
      await oauthToken('client_guessed'),
      60,
      /token requests for this client/,
    );
    // The same client through HTTP Basic, a form body, or the platform endpoint: the same counter.
    const basic = Buffer.from('client_guessed:wrong').toString('base64');
    expectOAuthRateLimited(
      await call('POST', `${gw.url}/oauth/token`, {
        headers: { authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials' },
      }),
      60,
      /this client/,
    );
    expectOAuthRateLimited(
      await call('POST', `${gw.url}/oauth/token`, {
        form: {
          grant_type: 'client_credentials',
          client_id: 'client_guessed',
          client_secret: 'wrong',
        },
      }),
      60,
      /this client/,
    );
    expectRateLimited(
      await call('POST', `${gw.url}/v1/platform/tokens`, {
        json: { clientId: 'client_guessed', clientSecret: 'wrong' },
      }),
      60,
      /this client/,
    );
    // Introspection and revocation check the same secret: the same counter.
    for (const path of ['/oauth/introspect', '/oauth/revoke'])
      expectOAuthRateLimited(
        await call('POST', `${gw.url}${path}`, {
          form: { token: 'sggat_x', client_id: 'client_guessed', client_secret: 'wrong' },
        }),
        60,
        /this client/,
      );
    // A field the route does not read names no other counter: `clientId` beside HTTP Basic (the
    // OAuth endpoints read Basic), `client_id` on the platform endpoint (it reads `clientId`).
    expectOAuthRateLimited(
      await call('POST', `${gw.url}/oauth/token`, {
        headers: { authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials', clientId: 'client_fresh_1' },
      }),
      60,
      /this client/,
    );
    expectRateLimited(
      await call('POST', `${gw.url}/v1/platform/tokens`, {
        json: { client_id: 'client_fresh_2', clientId: 'client_guessed', clientSecret: 'wrong' },
      }),
      60,
      /this client/,
    );
    // Another client is another counter.
    expect((await oauthToken('client_other')).status).toBe(401);

    clock.now += 60_000;
    expect((await oauthToken('client_guessed')).status).toBe(401);
  });
});

describe('token endpoint failures per address', () => {
  let gw: TestGateway;
  let clock: { now: number };

  beforeAll(async () => {
    clock = { now: Date.now() };
    gw = await startTestGateway({
      env: { RATE_LIMITS: 'token=1000/1m,token_ip=4/15m' },
      now: () => clock.now,
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('holds an address that names a new client_id on every guess, writes no counter then, and never holds a real client', async () => {
    const guess = (index: number) =>
      call('POST', `${gw.url}/oauth/token`, {
        json: {
          grant_type: 'client_credentials',
          client_id: `client_random_${String(index)}`,
          client_secret: 'wrong',
        },
      });
    for (let index = 0; index < 4; index++) expect((await guess(index)).status).toBe(401);
    const counters = async () =>
      gw.gateway.services.prisma.rateLimitHit.count({ where: { key: { startsWith: 'token:' } } });
    const before = await counters();
    expectOAuthRateLimited(await guess(4), 15 * 60, /unknown clients from this address/);
    expectRateLimited(
      await call('POST', `${gw.url}/v1/platform/tokens`, {
        json: { clientId: 'client_random_5', clientSecret: 'wrong' },
      }),
      15 * 60,
      /from this address/,
    );
    // Held before the per-client throttle: no new per-client counter for the new names.
    expect(await counters()).toBe(before);
    // A client that exists is never held here (behind a proxy every app shares the address): a
    // wrong secret is its own throttle's, the right one gets its token.
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const real = (secret: string) =>
      call('POST', `${gw.url}/oauth/token`, {
        json: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: secret },
      });
    expect((await real('wrong')).status).toBe(401);
    const issued = await real(app.clientSecret);
    expect(issued.status, issued.text).toBe(200);

    clock.now += 15 * 60_000;
    expect((await guess(6)).status).toBe(401);
  });
});

describe('provider connection starts with only the consent page’s cookie', () => {
  let github: GitHubSimulator;
  let gw: TestGateway;

  beforeAll(async () => {
    github = await startGitHubSimulator({ seed: 44 });
    gw = await startTestGateway({
      env: { RATE_LIMITS: 'auth_start_ip=3/15m' },
      providerHosts: [githubSimulatorHost(github)],
    });
  });
  afterAll(async () => {
    await gw.close();
    await github.stop();
  });

  it('holds an address after 3 starts, storing no state then; a developer’s own start is not held', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    // Anyone can open an app's authorize link and get the company cookie with the page.
    const jar = new CookieJar();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'read:repositories',
      state: 'x',
      customer_ref: 'acme',
    });
    const page = await call('GET', `${gw.url}/oauth/authorize?${query.toString()}`, { jar });
    expect(page.status, page.text).toBe(200);
    const connect = /href="(\/v1\/auth\/github\/start\?[^"]+)"/.exec(page.text)?.[1];
    expect(connect).toBeDefined();
    const start = () =>
      call('GET', `${gw.url}${(connect ?? '').replaceAll('&amp;', '&')}`, { jar });
    const states = () => gw.gateway.services.prisma.oAuthState.count();
    for (let index = 0; index < 3; index++) expect((await start()).status).toBe(302);
    const before = await states();
    expectRateLimited(await start(), WINDOW_S, /connections started from this address/);
    expect(await states()).toBe(before);
    // A developer's own start (signed in) is not what the limit counts.
    const own = await call('GET', `${gw.url}/v1/auth/github/start?web=1`, {
      headers: { authorization: `Bearer ${developer.token}` },
    });
    expect(own.status, own.text).toBe(302);
    expect(await states()).toBe(before + 1);
  });
});

describe('signup', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    const frozen = Date.now();
    gw = await startTestGateway({ env: { RATE_LIMITS: 'signup_ip=8/15m' }, now: () => frozen });
  });
  afterAll(async () => {
    await gw.close();
  });

  /** Header names and values that do not vary per request. */
  const stableHeaders = (response: CallResult) =>
    Object.fromEntries(
      Object.entries(response.headers).filter(
        ([name]) => !['date', 'x-request-id', 'set-cookie'].includes(name),
      ),
    );
  const cookieNames = (response: CallResult) => {
    const lines = response.headers['set-cookie'];
    return (lines === undefined ? [] : Array.isArray(lines) ? lines : [lines]).map(
      (line) => line.split('=')[0],
    );
  };

  it('answers a taken email exactly as a new one, with the same hashing work (JSON and form)', async () => {
    const { passwords, prisma } = gw.gateway.services;
    const hash = passwords.hash.bind(passwords);
    let hashes = 0;
    passwords.hash = (password) => {
      hashes++;
      return hash(password);
    };
    const signupJson = (password: string) =>
      call('POST', `${gw.url}/app/signup`, {
        json: { name: 'Dev', email: 'taken@example.com', password },
      });

    const fresh = await signupJson(PASSWORD);
    expect(hashes).toBe(1);
    const taken = await signupJson('an attacker password');
    expect(hashes).toBe(2);
    expect([fresh.status, taken.status]).toEqual([202, 202]);
    expect(taken.text).toBe(fresh.text);
    expect(stableHeaders(taken)).toEqual(stableHeaders(fresh));
    expect(fresh.json()).toEqual({
      status: 'accepted',
      email: 'taken@example.com',
      message: expect.stringContaining('sign in') as unknown,
    });

    const signupForm = async (email: string, password: string) => {
      const jar = new CookieJar();
      const page = await call('GET', `${gw.url}/app/signup`, { jar });
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] as string;
      return call('POST', `${gw.url}/app/signup`, {
        jar,
        form: { name: 'Dev', email, password, csrf },
      });
    };
    const freshForm = await signupForm('form-new@example.com', PASSWORD);
    const takenForm = await signupForm('taken@example.com', 'an attacker password');
    expect(hashes).toBe(4);
    for (const response of [freshForm, takenForm]) {
      expect(response.status).toBe(303);
      expect(response.location).toBe('/app/login?notice=signed-up');
      expect(cookieNames(response)).toEqual([]);
    }
    expect(stableHeaders(takenForm)).toEqual(stableHeaders(freshForm));
    expect(takenForm.text).toBe(freshForm.text);

    // The existing account is untouched: its password still works, the attacker's does not.
    expect(await prisma.user.count({ where: { email: 'taken@example.com' } })).toBe(1);
    expect((await login(gw, 'taken@example.com', PASSWORD)).status).toBe(200);
    expect((await login(gw, 'taken@example.com', 'an attacker password')).status).toBe(401);
  });

  it('limits signups per client address', async () => {
    // 4 signups so far in this file; 4 more are allowed, the 9th is not.
    for (let index = 0; index < 4; index++) {
      expect(
        (
          await call('POST', `${gw.url}/app/signup`, {
            json: { name: 'Dev', email: `many-${index}@example.com`, password: PASSWORD },
          })
        ).status,
      ).toBe(202);
    }
    expectRateLimited(
      await call('POST', `${gw.url}/app/signup`, {
        json: { name: 'Dev', email: 'one-more@example.com', password: PASSWORD },
      }),
      WINDOW_S,
      /signups from this address/,
    );
    expect(
      await gw.gateway.services.prisma.user.findUnique({
        where: { email: 'one-more@example.com' },
      }),
    ).toBeNull();
  });
});

describe('password hashing bound', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      env: { PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '0' },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('refuses at once what would wait for scrypt beyond the queue, instead of piling up', async () => {
    await signUp(gw, 'busy@example.com');
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => login(gw, 'busy@example.com', 'wrong password!')),
    );
    const statuses = burst.map((response) => response.status);
    expect(statuses).toContain(401);
    expect(statuses).toContain(429);
    for (const response of burst.filter((candidate) => candidate.status === 429))
      expectRateLimited(response, 1, /busy checking passwords/);
    expect((await login(gw, 'busy@example.com', PASSWORD)).status).toBe(200);
  });
});
