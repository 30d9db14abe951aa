import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../demo/start-demo.js';
import { loadConfig } from '../config.js';
import { ErrorBodySchema } from './components.js';
import { DISCOVERY_GROUP, OAUTH_GROUP } from './groups/platform.js';
import { UNIFIED_GROUP } from './groups/unified.js';
import type { RouteDoc } from './route-doc.js';

/** What the demo's repository holds, to fill the path parameters of every unified read. */
interface Known {
  repoId: string;
  commitId: string;
  pullRequestId: string;
}

/** The required query of a route, when it has one. */
const REQUIRED_QUERY: Record<string, string> = {
  '/v1/repositories/:provider/:repoId/files/content': '?path=README.md',
};

function urlOf(route: RouteDoc, known: Known): string {
  const values: Record<string, string> = { provider: 'github', ...known };
  const path = route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name}`);
    return encodeURIComponent(value);
  });
  return `${path}${REQUIRED_QUERY[route.path] ?? ''}`;
}

// The answers the document describes are the answers the gateway sends: every discovery and
// unified read route, called on `pnpm demo`'s gateway (simulators on 127.0.0.1), parsed with the
// very zod schema the document was generated from (an error with the canonical body's).
describe('the documented answers against the demo gateway', () => {
  let demo: Demo;
  let known: Known;
  const get = async (path: string) => {
    const response = await fetch(`${demo.url}${path}`, {
      headers: { authorization: `Bearer ${demo.accessToken}` },
    });
    return { status: response.status, body: await response.json() };
  };
  beforeAll(async () => {
    demo = await startDemo(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    const repo = `/v1/repositories/github/${encodeURIComponent(demo.repository.id)}`;
    const commits = (await get(`${repo}/commits?limit=1`)).body as { data: { sha: string }[] };
    const pulls = (await get(`${repo}/pull-requests?state=all&limit=1`)).body as {
      data: { number: number }[];
    };
    known = {
      repoId: demo.repository.id,
      commitId: commits.data[0]?.sha ?? '',
      pullRequestId: String(pulls.data[0]?.number ?? ''),
    };
  });
  afterAll(async () => {
    await demo.stop();
  });

  it('answers every GET of the discovery and unified groups (and client/me) as documented', async () => {
    // /metrics is not served without METRICS_TOKEN (the demo sets none).
    const clientMe = OAUTH_GROUP.routes.filter((route) => route.path === '/v1/platform/client/me');
    const routes = [...DISCOVERY_GROUP.routes, ...clientMe, ...UNIFIED_GROUP.routes].filter(
      (route) => route.method === 'get' && route.path !== '/metrics',
    );
    expect(known.commitId).toMatch(/^[0-9a-f]{40}$/);
    const answered: string[] = [];
    for (const route of routes) {
      const { status, body } = await get(urlOf(route, known));
      const documented = route.responses.find((response) => response.status === status);
      const schema =
        status >= 400 ? ErrorBodySchema : documented?.kind === 'json' ? documented.schema : null;
      expect(schema, `${route.path} answered an undocumented ${status}`).not.toBeNull();
      const parsed = schema?.safeParse(body);
      expect(parsed?.error?.issues ?? [], `${route.path} → ${status}`).toEqual([]);
      answered.push(`${status} ${route.path}`);
    }
    // The demo's token holds most scopes: most reads succeed (contributors, releases and
    // deployments need scopes it lacks, and answer the documented INSUFFICIENT_SCOPE body).
    const ok = answered.filter((line) => line.startsWith('200 '));
    expect(ok.length, answered.join('\n')).toBeGreaterThanOrEqual(routes.length - 3);
  });
});
