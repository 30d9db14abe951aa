import type { OpenApiDocument } from '../../openapi/document.js';
import { openApiPath, type RouteAuth, type RouteDoc } from '../../openapi/route-doc.js';
import { PROVIDER_IDS } from '../../providers/catalogue.js';

// Example requests and responses for the docs, built from the OpenAPI document (so they cannot
// drift from the routes): a recorded example where the document has one (the unified reads,
// recorded from the demo gateway), else a sample generated from the answer's JSON schema.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `$ref` → the component schema (the document's refs are one level deep). */
function resolve(document: OpenApiDocument, schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop() ?? '';
  const target: unknown = (document.components?.schemas as Json | undefined)?.[name];
  return isObject(target) ? target : {};
}

const STRING_SAMPLES: Record<string, string> = {
  'date-time': '2024-01-04T08:07:31Z',
  uri: 'https://example.com',
  url: 'https://example.com',
  email: 'dev@example.com',
};

/** A value of `schema`: the first enum value, one item per array, every property of an object. */
export function sampleOf(document: OpenApiDocument, raw: unknown, depth = 0): unknown {
  if (!isObject(raw) || depth > 6) return null;
  const schema = resolve(document, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variants: unknown = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (Array.isArray(variants)) {
    const first: unknown = variants.find((v) => !(isObject(v) && v.type === 'null'));
    return sampleOf(document, first, depth + 1);
  }
  const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const found =
    types.find((t) => t !== 'null') ?? (schema.properties === undefined ? null : 'object');
  const type = typeof found === 'string' ? found : '';
  switch (type) {
    case 'object': {
      const properties = isObject(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [
          key,
          sampleOf(document, value, depth + 1),
        ]),
      );
    }
    case 'array':
      return [sampleOf(document, schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      return typeof schema.format === 'string'
        ? (STRING_SAMPLES[schema.format] ?? 'string')
        : 'string';
    default:
      return null;
  }
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }>;
}

function operationOf(document: OpenApiDocument, route: RouteDoc): Operation | undefined {
  const item = (document.paths as Record<string, Record<string, unknown>> | undefined)?.[
    openApiPath(route.path)
  ];
  const operation = item?.[route.method];
  return isObject(operation) ? operation : undefined;
}

/** Shell variables for the path parameters the docs use everywhere. */
const PATH_VALUES: Record<string, string> = {
  provider: PROVIDER_IDS[0],
  repoId: '$REPO_ID',
  commitId: '$COMMIT_SHA',
  pullRequestId: '1',
  clientId: '$CLIENT_ID',
};

export function pathWithValues(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const known = PATH_VALUES[name];
    if (known !== undefined) return known;
    return `$${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
  });
}

/** The credential a route needs, as curl options. */
export function authOptions(auth: RouteAuth): string[] {
  switch (auth.kind) {
    case 'accessToken':
      return ['-H "Authorization: Bearer $ACCESS_TOKEN"'];
    case 'session':
    case 'sessionOrAdmin':
      return ['-H "Authorization: Bearer $SESSION_TOKEN"'];
    case 'admin':
      return ['-H "x-admin-api-key: $ADMIN_KEY"'];
    case 'clientCredentials':
      return ['-u "$CLIENT_ID:$CLIENT_SECRET"'];
    case 'metricsToken':
      return ['-H "Authorization: Bearer $METRICS_TOKEN"'];
    case 'public':
    case 'browser':
    case 'signature':
      return [];
  }
}

export interface RouteExample {
  request: string;
  /** The answer's status and body; null when the route answers a page or a redirect. */
  response: { status: number; body: unknown; recorded: boolean } | null;
}

/** A curl command for `route` on `baseUrl`, and its first success answer. */
export function exampleOf(
  document: OpenApiDocument,
  baseUrl: string,
  route: RouteDoc,
): RouteExample {
  const operation = operationOf(document, route);
  const required = (operation?.parameters ?? []).filter(
    (parameter) => parameter.in === 'query' && parameter.required === true,
  );
  const query = required
    .map((parameter) => `${parameter.name}=${String(sampleOf(document, parameter.schema))}`)
    .join('&');
  const url = `${baseUrl}${pathWithValues(route.path)}${query === '' ? '' : `?${query}`}`;
  const parts = [`curl -s${route.method === 'get' ? '' : ` -X ${route.method.toUpperCase()}`}`];
  parts.push(`"${url}"`, ...authOptions(route.auth));
  const bodySchema =
    operation?.requestBody?.content?.['application/json']?.schema ??
    operation?.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
  if (bodySchema !== undefined) {
    parts.push(
      "-H 'content-type: application/json'",
      `-d '${JSON.stringify(sampleOf(document, bodySchema))}'`,
    );
  }
  const success = Object.entries(operation?.responses ?? {}).find(
    ([status, answer]) =>
      status.startsWith('2') && answer.content?.['application/json'] !== undefined,
  );
  const content = success?.[1].content?.['application/json'];
  return {
    request: parts.join(' ').length <= 100 ? parts.join(' ') : parts.join(' \\\n  '),
    response:
      success === undefined || content === undefined
        ? null
        : {
            status: Number(success[0]),
            body: content.example ?? sampleOf(document, content.schema),
            recorded: content.example !== undefined,
          },
  };
}

/** The route a group's example shows: a recorded answer first, then a JSON GET, then any JSON. */
export function representativeRoute(
  document: OpenApiDocument,
  routes: readonly RouteDoc[],
): RouteDoc | undefined {
  const json = (route: RouteDoc) => route.responses.some((answer) => answer.kind === 'json');
  const recorded = routes.find((route) =>
    route.responses.some((answer) => answer.kind === 'json' && answer.example !== undefined),
  );
  return (
    recorded ??
    routes.find((route) => route.method === 'get' && json(route) && !route.path.includes(':')) ??
    routes.find((route) => route.method === 'get' && json(route)) ??
    routes.find(json) ??
    routes[0]
  );
}
