// Issue 19, item 7: every documented route of a listening gateway, fed random path parameters,
// query strings, headers and bodies (fast-check): control characters percent-encoded, broken
// percent-encoding, path traversal, huge and deeply nested values, wrong types and content types,
// and real credentials beside junk ones. Whatever comes in, the gateway answers without a server
// fault (no 500, no INTERNAL_ERROR, no bodiless 5xx), and every JSON error is the canonical body
// (RFC 6749's on the OAuth endpoints). Raw control characters in the request line are refused by
// Node's HTTP parser before any route sees them (client-errors.ts answers those, tested in
// http/client-errors.integration.test.ts), so they are sent percent-encoded here.
// FUZZ_RUNS sets how many requests (default 400); a failure prints fast-check's seed and path.
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import fc from 'fast-check';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { buildOpenApiDocument } from '../openapi/document.js';
import { createDeveloperApp, grantAndIssueToken, signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const OAUTH_ERROR_PATHS = new Set(['/oauth/token', '/oauth/introspect', '/oauth/revoke']);

interface Operation {
  method: string;
  /** With `{name}` placeholders. */
  path: string;
  params: string[];
  query: string[];
}

function operations(): Operation[] {
  const document = buildOpenApiDocument();
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {}))
    for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
      const parameters =
        (operation as { parameters?: { name: string; in: string }[] }).parameters ?? [];
      found.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? ''),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  return found;
}

/** Text that is hostile as a path segment or query value, already safe for the request line. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AF',
    '%00',
    '%0A%0D',
    '%2e%2e',
    '..%2F..%2Fetc%2Fpasswd',
    '%252F',
    'octo%2Fhello',
    '-1',
    '0',
    '1e309',
    'NaN',
    '[]',
    '%7B%7D',
    'null',
    'true',
    '9007199254740993',
    '%F0%9F%92%A9',
  ),
  fc.integer({ min: 1000, max: 9000 }).map((size) => 'a'.repeat(size)),
);

function deep(depth: number, open: string, close: string): string {
  return `${open.repeat(depth)}${close.repeat(depth)}`;
}

const body = fc.oneof(
  fc
    .jsonValue({ maxDepth: 6 })
    .map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
  fc.constantFrom(
    { type: 'application/json', text: '{' },
    { type: 'application/json', text: deep(5000, '[', ']') },
    { type: 'application/json', text: `{"a":${deep(3000, '{"a":', '}')}null}` },
    { type: 'application/json', text: JSON.stringify({ name: 'x'.repeat(300_000) }) },
    {
      type: 'application/json',
      text: '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}',
    },
    { type: 'application/x-www-form-urlencoded', text: 'a=%zz&b[c]=1&&=&grant_type=%00' },
    { type: 'text/plain', text: '\u0000\u0001 not json' },
    { type: 'application/json', text: '"\\ud800"' },
  ),
  fc.record({
    type: fc.constant('application/json'),
    text: fc
      .dictionary(
        fc.constantFrom(
          'name',
          'email',
          'password',
          'provider',
          'events',
          'url',
          'scm_type',
          'token',
          'query',
          'grant_type',
          'role',
          'limit',
        ),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 50 }),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(fc.string(), { maxLength: 3 }),
        ),
      )
      .map((value) => JSON.stringify(value)),
  }),
);

describe('fuzzed routes on a listening gateway', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let credentials: string[];
  const client = new Agent({ connections: 4, headersTimeout: 30_000, bodyTimeout: 30_000 });

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 31 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim, { oauth: false })] });
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'read:branches',
    ]);
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
      json: { provider: 'github', accessToken: sim.token, tenantId: developer.tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    const token = await grantAndIssueToken(gw, {
      tenantId: developer.tenantId,
      app,
      connectionIds: [manual.json<{ id: string }>().id],
      permissions: ['read:repositories', 'read:branches'],
    });
    credentials = [`Bearer ${token}`, `Bearer ${developer.token}`, `Bearer ${sim.token}`];
  });

  afterAll(async () => {
    await client.close();
    await gw.close();
    await sim.stop();
  });

  it('answers every request without a server fault, in the canonical error body', async () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(100);
    const origin = new URL(gw.url).origin;
    const statuses = new Map<number, number>();
    const input = fc.record({
      operation: fc.constantFrom(...all),
      segments: fc.array(hostileText, { minLength: 6, maxLength: 6 }),
      query: fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('limit', 'cursor', 'provider', 'state', 'query', 'ref', 'page'),
            hostileText,
          ),
          hostileText,
        ),
        { maxLength: 5 },
      ),
      authorization: fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(
          'Bearer',
          'Bearer sggat_forged0123456789',
          'Basic %%%',
          'Bearer  a b',
          'bearer sggst_x',
        ),
      ),
      body: fc.option(body, { nil: undefined }),
      accept: fc.constantFrom('application/json', 'text/html', '*/*', undefined),
    });

    await fc.assert(
      fc.asyncProperty(input, async (sample) => {
        const { operation } = sample;
        let index = 0;
        const path = operation.path.replace(/\{[^}]+\}/g, () => sample.segments[index++] ?? 'x');
        const search = sample.query
          .map(([key, value]) => `${encodeURIComponent(key)}=${value}`)
          .join('&');
        const headers: Record<string, string> = {};
        const auth =
          typeof sample.authorization === 'number'
            ? credentials[sample.authorization]
            : sample.authorization;
        if (auth !== undefined) headers.authorization = auth;
        if (sample.accept !== undefined) headers.accept = sample.accept;
        const withBody = sample.body !== undefined && operation.method !== 'GET';
        if (withBody) headers['content-type'] = sample.body?.type ?? 'application/json';
        const response = await request(`${origin}${path}${search === '' ? '' : `?${search}`}`, {
          method: operation.method as 'GET',
          headers,
          ...(withBody ? { body: sample.body?.text ?? '' } : {}),
          dispatcher: client,
        });
        const text = await response.body.text();
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        const where = `${operation.method} ${path} → ${response.statusCode}: ${text.slice(0, 300)}`;
        const type = String(response.headers['content-type'] ?? '');
        expect(response.statusCode, where).not.toBe(500);
        // A browser asking for HTML on a page route gets the error page (src/http/error-page.ts).
        if (response.statusCode >= 500)
          expect(type, where).toMatch(sample.accept === 'text/html' ? /json|text\/html/ : /json/);
        if (type.includes('text/html') && response.statusCode >= 400)
          expect(text, where).not.toContain('INTERNAL_ERROR');
        if (response.statusCode < 400 || !type.includes('json')) return;
        const parsed = JSON.parse(text) as { error?: unknown; error_description?: unknown };
        if (OAUTH_ERROR_PATHS.has(operation.path) && typeof parsed.error === 'string') {
          expect(typeof parsed.error_description, where).toBe('string');
          return;
        }
        const error = parsed.error as { code?: unknown; message?: unknown } | undefined;
        expect(typeof error?.code, where).toBe('string');
        expect(typeof error?.message, where).toBe('string');
        expect(error?.code, where).not.toBe('INTERNAL_ERROR');
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The requests reached the routes, not only the authentication in front of them.
    const reached = [...statuses].filter(([status]) => status !== 401 && status !== 403);
    expect(reached.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThan(RUNS / 4);
    process.stdout.write(`fuzz statuses: ${JSON.stringify([...statuses].sort())}\n`);
  }, 600_000);
});
