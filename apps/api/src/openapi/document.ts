import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { ERROR_CODES, SCM_ERROR_CODES, type ScmErrorCode } from '@scm/core';
import { z } from 'zod';
import {
  ErrorBodySchema,
  errorExample,
  OAuthErrorSchema,
  SECURITY_SCHEMES,
  type SecuritySchemeName,
} from './components.js';
import { ROUTE_GROUPS } from './groups/index.js';
import {
  errorCodesOf,
  openApiPath,
  pathParamNames,
  type RouteAuth,
  type RouteDoc,
} from './route-doc.js';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export const API_TITLE = 'SCM Gateway API';
export const API_VERSION = '1.0.0';

type SecurityRequirement = Partial<Record<SecuritySchemeName, string[]>>;

function securityOf(auth: RouteAuth): SecurityRequirement[] {
  const session: SecurityRequirement[] = [{ sessionToken: [] }, { sessionCookie: [] }];
  switch (auth.kind) {
    case 'public':
    case 'browser':
    case 'signature':
      return [];
    case 'accessToken':
      return [{ accessToken: [auth.scope] }];
    case 'session':
      return session;
    case 'sessionOrAdmin':
      return [...session, { adminApiKey: [] }];
    case 'admin':
      return [{ adminApiKey: [] }];
    case 'clientCredentials':
      return [{ clientCredentials: [] }, {}];
    case 'metricsToken':
      return [{ metricsToken: [] }];
  }
}

/** `get /v1/repositories/:provider/:repoId` → `getV1RepositoriesProviderRepoId`. */
export function operationIdOf(route: Pick<RouteDoc, 'method' | 'path'>): string {
  const words = route.path
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${route.method}${words.join('')}`;
}

const ERROR_STATUSES = [...new Set(SCM_ERROR_CODES.map((code) => ERROR_CODES[code].status))];

const OAUTH_ERRORS: Record<string, ResponseConfig> = {
  400: {
    description:
      'RFC 6749 §5.2: `invalid_request`, `invalid_grant`, `unsupported_grant_type`, `invalid_scope`, `unsupported_token_type` (a body too large is 413).',
    content: { 'application/json': { schema: OAuthErrorSchema } },
  },
  401: {
    description: 'RFC 6749 §5.2: `invalid_client`, with `WWW-Authenticate: Basic`.',
    headers: { 'www-authenticate': { schema: { type: 'string' } } },
    content: { 'application/json': { schema: OAuthErrorSchema } },
  },
  429: {
    description:
      '`temporarily_unavailable`: the client is throttled; `Retry-After` says when to retry.',
    headers: { 'retry-after': { schema: { type: 'integer' } } },
    content: { 'application/json': { schema: OAuthErrorSchema } },
  },
  500: {
    description: 'The canonical error body: `INTERNAL_ERROR`.',
    content: {
      'application/json': {
        schema: ErrorBodySchema,
        examples: { INTERNAL_ERROR: { $ref: '#/components/examples/INTERNAL_ERROR' } },
      },
    },
  },
};

function errorResponses(route: RouteDoc, errorBody: z.ZodType): Record<string, ResponseConfig> {
  if (route.errorForm === 'oauth') return OAUTH_ERRORS;
  const byStatus = new Map<number, ScmErrorCode[]>();
  for (const code of errorCodesOf(route)) {
    const status =
      code === 'INVALID_REQUEST' && route.invalidStatus !== undefined
        ? route.invalidStatus
        : ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  if (route.bodyLimitBytes !== undefined) byStatus.set(413, ['INVALID_REQUEST']);
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description:
            status === 413 && route.bodyLimitBytes !== undefined
              ? `The canonical error body: \`INVALID_REQUEST\`, the body is larger than ${route.bodyLimitBytes} bytes.`
              : `The canonical error body: ${codes.map((code) => `\`${code}\``).join(', ')}.`,
          content: {
            'application/json': {
              schema: errorBody,
              examples: Object.fromEntries(
                codes.map((code) => [code, { $ref: `#/components/examples/${code}` }]),
              ),
            },
          },
        } satisfies ResponseConfig,
      ]),
  );
}

function successResponses(route: RouteDoc): Record<string, ResponseConfig> {
  const requestId = { 'x-request-id': { schema: { type: 'string' as const } } };
  return Object.fromEntries(
    route.responses.map((response): [string, ResponseConfig] => {
      switch (response.kind) {
        case 'json':
          return [
            String(response.status),
            {
              description: response.description,
              headers: requestId,
              content: {
                'application/json': {
                  schema: response.schema,
                  ...(response.example === undefined ? {} : { example: response.example }),
                },
              },
            },
          ];
        case 'text':
          return [
            String(response.status),
            {
              description: response.description,
              headers: requestId,
              content: { [response.contentType]: { schema: { type: 'string' } } },
            },
          ];
        case 'html':
          return [
            String(response.status),
            {
              description: response.description,
              headers: requestId,
              content: { 'text/html': { schema: { type: 'string' } } },
            },
          ];
        case 'empty':
          return [
            String(response.status),
            { description: response.description, headers: requestId },
          ];
        case 'redirect':
          return [
            String(response.status),
            {
              description: response.description,
              headers: { ...requestId, location: { schema: { type: 'string' } } },
            },
          ];
      }
    }),
  );
}

function requestOf(route: RouteDoc): NonNullable<RouteConfig['request']> {
  const names = pathParamNames(route.path);
  const params =
    route.params ??
    (names.length === 0
      ? undefined
      : z.object(Object.fromEntries(names.map((name) => [name, z.string().min(1)]))));
  const body = route.body;
  const content: Record<string, { schema: z.ZodType }> = {};
  if (body !== undefined) {
    if (body.type !== 'form') content['application/json'] = { schema: body.schema };
    if (body.type !== 'json')
      content['application/x-www-form-urlencoded'] = { schema: body.schema };
  }
  return {
    ...(params === undefined ? {} : { params }),
    ...(route.query === undefined ? {} : { query: route.query }),
    ...(body === undefined ? {} : { body: { required: true, content } }),
  };
}

export interface DocumentOptions {
  /** The gateway's public URL (`PUBLIC_URL`); the committed document has none. */
  serverUrl?: string;
}

/** The OpenAPI 3.1 document of every route the gateway mounts (see route-doc.ts). */
export function buildOpenApiDocument(options: DocumentOptions = {}): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const errorBody = ErrorBodySchema;
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES))
    registry.registerComponent('securitySchemes', name, scheme);
  for (const code of SCM_ERROR_CODES) {
    const definition = ERROR_CODES[code];
    registry.registerComponent('examples', code, {
      summary: `${code} (${definition.status})`,
      ...(definition.suggestedAction === null
        ? {}
        : { description: `Suggested action: \`${definition.suggestedAction}\`.` }),
      value: errorExample(code),
    });
  }
  for (const group of ROUTE_GROUPS) {
    for (const route of group.routes) {
      registry.registerPath({
        method: route.method,
        path: openApiPath(route.path),
        operationId: operationIdOf(route),
        tags: [group.name],
        summary: route.summary,
        ...(route.description === undefined ? {} : { description: route.description }),
        ...(route.deprecated === true ? { deprecated: true } : {}),
        security: securityOf(route.auth),
        request: requestOf(route),
        responses: { ...successResponses(route), ...errorResponses(route, errorBody) },
      });
    }
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: API_TITLE,
      version: API_VERSION,
      description: `One normalized API over GitHub, GitLab and Bitbucket, with OAuth for developer apps. Every error is the canonical body \`{ "error": { code, message, … } }\` with the code's status (${ERROR_STATUSES.sort((a, b) => a - b).join(', ')}); every response carries \`x-request-id\`.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    security: [],
    tags: ROUTE_GROUPS.map((group) => ({
      name: group.name,
      description: `${group.description} Auth: ${group.audience}.`,
    })),
  });
  return document;
}
