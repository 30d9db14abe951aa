import { compileErrors, validate } from '@readme/openapi-parser';
import { ERROR_CODES, SCM_ERROR_CODES } from '@scm/core';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../providers/catalogue.js';
import { SCOPE_NAMES } from '../scopes.js';
import { UNIFIED_ENDPOINT_LIST, endpointParameters } from '../unified/endpoints.js';
import { buildOpenApiDocument, operationIdOf } from './document.js';
import { ROUTE_GROUPS } from './groups/index.js';
import { openApiPath } from './route-doc.js';

const document = buildOpenApiDocument({ serverUrl: 'https://gateway.example' });
type Operation = OpenAPIV3_1.OperationObject;
type Parameter = OpenAPIV3_1.ParameterObject;

function operation(method: string, path: string): Operation {
  const item = document.paths?.[openApiPath(path)] as Record<string, Operation> | undefined;
  const found = item?.[method.toLowerCase()];
  if (found === undefined) throw new Error(`${method} ${path} is not in the document`);
  return found;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://gateway.example' }]);
  });

  it('has one operation per route of the route table, each with a unique operationId', () => {
    const routes = ROUTE_GROUPS.flatMap((group) => group.routes);
    const ids = routes.map(operationIdOf);
    expect(new Set(ids).size).toBe(ids.length);
    for (const route of routes)
      expect(operation(route.method, route.path).operationId).toBeDefined();
    const operations = Object.values(document.paths ?? {}).flatMap((item) =>
      Object.keys(item as object),
    );
    expect(operations).toHaveLength(routes.length);
  });

  it('documents every unified endpoint from its table: summary, scope, every parameter', () => {
    expect(UNIFIED_ENDPOINT_LIST.length).toBeGreaterThan(10);
    for (const endpoint of UNIFIED_ENDPOINT_LIST) {
      const op = operation(endpoint.method, endpoint.path);
      expect(op.summary).toBe(endpoint.summary);
      expect(op.security).toEqual([{ accessToken: [endpoint.scope] }]);
      const names = ((op.parameters ?? []) as Parameter[]).map((p) => `${p.in}:${p.name}`).sort();
      expect(names).toEqual(
        endpointParameters(endpoint)
          .map((p) => `${p.in}:${p.name}`)
          .sort(),
      );
    }
  });

  it('types the provider path parameter with the catalogue’s providers', () => {
    const op = operation('GET', '/v1/repositories/:provider/:repoId/branches');
    const provider = (op.parameters as Parameter[]).find((p) => p.name === 'provider');
    expect((provider?.schema as { enum?: string[] }).enum).toEqual([...PROVIDER_IDS]);
  });

  it('has examples that fit their answer schemas', () => {
    const examples = ROUTE_GROUPS.flatMap((group) => group.routes).flatMap((route) =>
      route.responses.flatMap((response) =>
        response.kind === 'json' && response.example !== undefined
          ? [{ route, schema: response.schema, example: response.example }]
          : [],
      ),
    );
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const { route, schema, example } of examples)
      expect(schema.safeParse(example).error?.issues ?? [], route.path).toEqual([]);
    const op = operation('GET', '/v1/repositories/:provider/:repoId');
    const content = (op.responses?.['200'] as OpenAPIV3_1.ResponseObject).content;
    expect(content?.['application/json']?.example).toMatchObject({ fullName: 'ada-ritchie/api' });
  });

  it('answers a cursor collection with page_info.next_cursor', () => {
    const op = operation('GET', '/v1/repositories/:provider/:repoId/commits');
    const schema = (op.responses?.['200'] as OpenAPIV3_1.ResponseObject).content?.[
      'application/json'
    ]?.schema as OpenAPIV3_1.SchemaObject;
    expect(Object.keys(schema.properties ?? {})).toEqual(['data', 'page_info']);
    const pageInfo = document.components?.schemas?.PageInfo as OpenAPIV3_1.SchemaObject;
    expect(pageInfo.required).toEqual(['limit', 'has_next_page', 'next_cursor']);
  });

  it('describes every error code with its status, as the canonical body', () => {
    const examples = document.components?.examples ?? {};
    expect(Object.keys(examples).sort()).toEqual([...SCM_ERROR_CODES].sort());
    const codes = (document.components?.schemas?.ErrorCode as { enum: string[] }).enum;
    expect(codes).toEqual([...SCM_ERROR_CODES]);
    // Every code is answered by some route, under its own status.
    const answered = new Map<string, Set<string>>();
    for (const item of Object.values(document.paths ?? {}))
      for (const op of Object.values(item as Record<string, Operation>))
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const content = (response as OpenAPIV3_1.ResponseObject).content?.['application/json'];
          for (const code of Object.keys(content?.examples ?? {}))
            answered.set(code, (answered.get(code) ?? new Set()).add(status));
        }
    for (const code of SCM_ERROR_CODES) {
      const statuses = [...(answered.get(code) ?? [])];
      expect(statuses, code).toContain(String(ERROR_CODES[code].status));
    }
    // The Scalingo routes answer invalid input with 422, as their router does.
    const create = operation('POST', '/v1/scm_integrations');
    expect(Object.keys(create.responses ?? {})).toContain('422');
    // A webhook delivery over 25 MB is INVALID_REQUEST with 413 (routes/webhooks); other routes'
    // oversized bodies are a plain 400.
    const tooLarge = operation('POST', '/v1/webhooks/:provider').responses?.['413'] as
      OpenAPIV3_1.ResponseObject | undefined;
    expect(Object.keys(tooLarge?.content?.['application/json']?.examples ?? {})).toEqual([
      'INVALID_REQUEST',
    ]);
    expect(tooLarge?.description).toContain(String(25 * 1024 * 1024));
    expect(Object.keys(create.responses ?? {})).not.toContain('413');
  });

  it('answers the OAuth JSON endpoints’ errors in the RFC 6749 form, as they send them', () => {
    for (const path of ['/oauth/token', '/oauth/revoke', '/oauth/introspect']) {
      const responses = operation('POST', path).responses ?? {};
      expect(Object.keys(responses), path).toEqual(expect.arrayContaining(['400', '401', '429']));
      const unauthorized = responses['401'] as OpenAPIV3_1.ResponseObject;
      expect(unauthorized.headers).toHaveProperty('www-authenticate');
      expect(unauthorized.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/OAuthError',
      });
    }
    const oauthError = document.components?.schemas?.OAuthError as OpenAPIV3_1.SchemaObject;
    expect(oauthError.required).toEqual(['error', 'error_description', 'error_code', 'request_id']);
    // Every other route keeps the canonical body.
    const me = operation('GET', '/v1/me').responses?.['401'] as OpenAPIV3_1.ResponseObject;
    expect(me.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ErrorBody',
    });
  });

  it('names the security schemes: access tokens with every scope, sessions, admin key, client credentials', () => {
    const schemes = document.components?.securitySchemes ?? {};
    expect(Object.keys(schemes).sort()).toEqual(
      [
        'accessToken',
        'adminApiKey',
        'clientCredentials',
        'metricsToken',
        'sessionCookie',
        'sessionToken',
      ].sort(),
    );
    const oauth = schemes.accessToken as OpenAPIV3_1.OAuth2SecurityScheme;
    expect(Object.keys(oauth.flows.authorizationCode?.scopes ?? {})).toEqual([...SCOPE_NAMES]);
    expect(operation('POST', '/oauth/token').security).toEqual([{ clientCredentials: [] }, {}]);
    expect(operation('GET', '/v1/developer/apps').security).toEqual([
      { sessionToken: [] },
      { sessionCookie: [] },
    ]);
    expect(operation('GET', '/v1/platform/tenants').security).toEqual([{ adminApiKey: [] }]);
    expect(operation('GET', '/health').security).toEqual([]);
  });
});
