import { SCM_ERROR_CODES } from '@scm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { UNIFIED_ENDPOINT_LIST } from '../unified/endpoints.js';
import { buildOpenApiDocument, type OpenApiDocument } from './document.js';
import { ROUTE_GROUPS } from './groups/index.js';
import { openApiPath } from './route-doc.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
}

/** Every `METHOD path` the app mounts, from Express 5's router stack (nested routers included). */
function mountedRoutes(stack: readonly Layer[]): Set<string> {
  const routes = new Set<string>();
  for (const layer of stack) {
    if (layer.route !== undefined) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const method of Object.keys(layer.route.methods))
        for (const path of paths) routes.add(`${method.toUpperCase()} ${path}`);
    } else if (layer.handle?.stack !== undefined) {
      // Every router is mounted at the root; a prefix would need its path joined here.
      if (layer.slash !== true) throw new Error('a router is mounted under a path prefix');
      for (const route of mountedRoutes(layer.handle.stack)) routes.add(route);
    }
  }
  return routes;
}

function documentedRoutes(document: OpenApiDocument): Set<string> {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {}))
    for (const method of Object.keys(item))
      routes.add(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
  return routes;
}

describe('the OpenAPI document against the mounted app', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    // With METRICS_TOKEN, so that /metrics (served only then) is mounted and checked too.
    gateway = await startTestGateway({ env: { METRICS_TOKEN: 'metrics-token-of-the-route-test' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('documents every mounted route, and mounts every documented route', () => {
    const app = gateway.gateway.app as unknown as { router: { stack: Layer[] } };
    const mounted = mountedRoutes(app.router.stack);
    const documented = documentedRoutes(buildOpenApiDocument());
    expect(mounted.size).toBeGreaterThan(100);
    expect([...mounted].filter((route) => !documented.has(route)).sort()).toEqual([]);
    expect([...documented].filter((route) => !mounted.has(route)).sort()).toEqual([]);
  });

  it('serves the document at /openapi.json with this deployment as its server', async () => {
    const response = await fetch(`${gateway.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const served = (await response.json()) as OpenApiDocument;
    expect(served).toEqual(
      JSON.parse(JSON.stringify(buildOpenApiDocument({ serverUrl: gateway.config.publicUrl }))),
    );
    expect(served.servers).toEqual([{ url: gateway.config.publicUrl }]);
  });

  it('renders the reference at /docs/api from the document, under the pages’ strict CSP', async () => {
    const response = await fetch(`${gateway.url}/docs/api`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    const page = await response.text();
    // Nothing loaded from elsewhere (no CDN): no script, no stylesheet link, no outside src/href.
    // (The stylesheet is the gateway's own /assets/app.css.)
    expect(page).not.toMatch(/<script|(?:src|href)="https?:\/\/(?!127\.0\.0\.1)/i);
    expect(page).toMatch(/<link rel="stylesheet" href="\/assets\/app\.css\?v=[0-9a-f]{16}">/);
    const document = buildOpenApiDocument();
    for (const [path, item] of Object.entries(document.paths ?? {}))
      for (const method of Object.keys(item))
        expect(page).toContain(`<code>${method.toUpperCase()} ${path}</code>`);
    for (const code of SCM_ERROR_CODES) expect(page).toContain(`<td><code>${code}</code></td>`);
    expect(page).toMatch(/<td><code>INVALID_CURSOR<\/code><\/td><td>400<\/td>/);
    // A unified collection shows its item's fields and the paging envelope.
    expect(page).toContain('<code>next_cursor: string | null</code>');
    // Examples render as text, escaped.
    expect(page).toContain(
      '<details><summary>Example</summary><pre><code>{\n  &quot;provider&quot;: &quot;github&quot;',
    );
  });

  it('lists every route of the table on /docs/routes, and links the reference', async () => {
    const page = await (await fetch(`${gateway.url}/docs/routes`)).text();
    expect(page).toContain('href="/docs/api"');
    expect(page).toContain('href="/openapi.json"');
    for (const group of ROUTE_GROUPS)
      for (const route of group.routes)
        expect(page).toContain(`<code>${route.method.toUpperCase()} ${route.path}</code>`);
    for (const endpoint of UNIFIED_ENDPOINT_LIST)
      expect(page).toContain(`${endpoint.method} ${endpoint.path}`);
    expect(openApiPath('/v1/repositories/:provider/:repoId')).toBe(
      '/v1/repositories/{provider}/{repoId}',
    );
  });
});
