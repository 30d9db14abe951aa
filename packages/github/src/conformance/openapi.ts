import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { readPackageJson } from './octokit-data.js';

// GitHub's official REST description (`@octokit/openapi`, OpenAPI 3.0.3) as response validators.
// Only the responses a test checks are compiled, with the component schemas they reach.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  operationId: string;
  responses: Record<string, JsonObject>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, JsonObject> };
}

export interface MatchedOperation {
  operationId: string;
  method: string;
  /** The path template as GitHub documents it (`/repos/{owner}/{repo}`). */
  template: string;
}

export interface ResponseCheck {
  /** False when the operation does not document this status at all. */
  documented: boolean;
  /** The media types the operation documents for the status. */
  mediaTypes: string[];
  /** Schema violations of a JSON body, as `instancePath keyword message`. */
  errors: string[];
}

const SCHEMA_REF = '#/components/schemas/';
const ROOT_ID = 'github-openapi';

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * OpenAPI 3.0 → JSON Schema for Ajv: `nullable: true` becomes a `null` type (added to `type` and
 * `enum` when a type is given, else `anyOf [schema, {type: null}]`), and component refs point
 * into the one registered document.
 */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)) {
      out.$ref = `${ROOT_ID}${value}`;
      continue;
    }
    // `properties` maps names to schemas: a property may itself be called `nullable` or `example`.
    out[key] =
      key === 'properties' && isObject(value)
        ? Object.fromEntries(
            Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
          )
        : toJsonSchema(value);
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function templatePattern(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) =>
      segment.startsWith('{') && segment.endsWith('}')
        ? '[^/]+'
        : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

export interface GitHubOpenApi {
  /** The operation for a request; literal segments win over parameters, as GitHub routes. */
  match(method: string, path: string): MatchedOperation | undefined;
  /** Validates one response of an operation against its documented schema. */
  check(
    operation: MatchedOperation,
    status: number,
    contentType: string,
    body: unknown,
  ): ResponseCheck;
}

/** Ajv for GitHub's descriptions: lenient about OpenAPI's extra keywords, strict about formats. */
function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  // ajv-formats is CommonJS; under Node's ESM interop its plugin is the `default` property.
  ajvFormats.default(ajv);
  // Formats GitHub uses that JSON Schema does not define; their values are checked by `type` only.
  for (const format of [
    'uri-template',
    'repo.nwo',
    'ssh-key',
    'ssh-key fingerprint',
    'int32',
    'int64',
  ])
    ajv.addFormat(format, true);
  return ajv;
}

/**
 * Every component schema is registered (a cheap conversion); Ajv compiles only those a validated
 * body reaches.
 */
function registerComponents(ajv: Ajv, components: Record<string, JsonObject>): void {
  const schemas = Object.fromEntries(
    Object.entries(components).map(([name, schema]) => [name, toJsonSchema(schema)]),
  );
  ajv.addSchema({ $id: ROOT_ID, components: { schemas } });
}

/** Which of GitHub's descriptions: github.com, or a GitHub Enterprise Server release. */
export type GitHubDescription = 'api.github.com' | 'ghes-3.19';

export function loadGitHubOpenApi(
  description: GitHubDescription = 'api.github.com',
): GitHubOpenApi {
  const doc = readPackageJson(
    '@octokit/openapi',
    `generated/${description}.json`,
  ) as OpenApiDocument;
  const routes = Object.keys(doc.paths)
    .map((template) => ({
      template,
      pattern: templatePattern(template),
      params: (template.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params);

  const ajv = createAjv();
  // Every component schema is registered (a cheap conversion); Ajv compiles only those a
  // validated response reaches.
  registerComponents(ajv, doc.components.schemas);
  const validators = new Map<string, ValidateFunction>();

  function response(operation: Operation, status: number): JsonObject | undefined {
    const entry = operation.responses[String(status)] ?? operation.responses.default;
    if (entry === undefined) return undefined;
    const ref = entry.$ref;
    if (typeof ref === 'string') return doc.components.responses[ref.split('/').pop() ?? ''];
    return entry;
  }

  return {
    match(method, path) {
      const lower = method.toLowerCase();
      for (const route of routes) {
        const operation = doc.paths[route.template]?.[lower];
        if (operation !== undefined && route.pattern.test(path))
          return { operationId: operation.operationId, method: lower, template: route.template };
      }
      return undefined;
    },

    check(matched, status, contentType, body) {
      const operation = doc.paths[matched.template]?.[matched.method];
      if (operation === undefined) throw new Error(`no operation ${matched.operationId}`);
      const documented = response(operation, status);
      if (documented === undefined) return { documented: false, mediaTypes: [], errors: [] };
      const content = isObject(documented.content) ? documented.content : {};
      const mediaTypes = Object.keys(content);
      const json = content['application/json'];
      if (!contentType.includes('json') || !isObject(json) || json.schema === undefined)
        return { documented: true, mediaTypes, errors: [] };
      const key = `${matched.operationId} ${String(status)}`;
      let validate = validators.get(key);
      if (validate === undefined) {
        validate = ajv.compile({ allOf: [toJsonSchema(json.schema)] });
        validators.set(key, validate);
      }
      const ok = validate(body);
      const errors = ok ? [] : (validate.errors ?? []).map(describeError);
      return { documented: true, mediaTypes, errors };
    },
  };
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.keyword} ${error.message ?? ''}`.trim();
}

export interface GitHubWebhookSchemas {
  /**
   * Validates a delivery's payload against the request body GitHub documents for its event and
   * action; `documented` is false when the description has no such webhook.
   */
  check(event: string, payload: unknown): { documented: boolean; errors: string[] };
}

/** GitHub's webhook payload schemas (`@octokit/openapi-webhooks`), keyed `<event>-<action>`. */
export function loadGitHubWebhookSchemas(): GitHubWebhookSchemas {
  const doc = readPackageJson('@octokit/openapi-webhooks', 'generated/api.github.com.json') as {
    webhooks: Record<string, { post: { requestBody?: JsonObject } }>;
    components: { schemas: Record<string, JsonObject> };
  };
  const ajv = createAjv();
  registerComponents(ajv, doc.components.schemas);
  const validators = new Map<string, ValidateFunction>();
  const kebab = (value: string): string => value.replace(/_/g, '-');
  return {
    check(event, payload) {
      const action =
        isObject(payload as Json) && typeof (payload as JsonObject).action === 'string'
          ? ((payload as JsonObject).action as string)
          : null;
      const key = action === null ? kebab(event) : `${kebab(event)}-${kebab(action)}`;
      const body = doc.webhooks[key]?.post.requestBody;
      const content = isObject(body?.content) ? body.content['application/json'] : undefined;
      if (!isObject(content) || content.schema === undefined)
        return { documented: false, errors: [] };
      let validate = validators.get(key);
      if (validate === undefined) {
        validate = ajv.compile({ allOf: [toJsonSchema(content.schema)] });
        validators.set(key, validate);
      }
      const ok = validate(payload);
      return { documented: true, errors: ok ? [] : (validate.errors ?? []).map(describeError) };
    },
  };
}
