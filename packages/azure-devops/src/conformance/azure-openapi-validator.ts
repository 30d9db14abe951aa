import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { DESCRIPTION_FILES, readDescription, type Area, type Json } from './azure-descriptions.js';
import { CREATED_STATUS_DRIFT, KNOWN_DRIFT, type Drift } from './azure-openapi-drift.js';

/**
 * The lenient mode the other adapters' conformance tests use: `additionalProperties: false`
 * dropped (real answers carry more, `_links` above all), `null` allowed everywhere (Azure sends
 * undeclared nulls such as `threadContext`), examples and Microsoft's `x-ms-*` hints dropped.
 */
export function lenient(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lenient);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'example' || key === 'x-ms-examples' || key.startsWith('x-ms-')) continue;
    out[key] = lenient(value);
  }
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...(out.enum as unknown[]), null];
  return out;
}

/** Azure's serialized exception, the body of every error (see RESPONSE_SHAPE_DRIFT.errors). */
const WRAPPED_EXCEPTION = {
  type: 'object',
  required: ['$id', 'innerException', 'message', 'typeName', 'typeKey', 'errorCode', 'eventId'],
  properties: {
    $id: { type: 'string' },
    innerException: { type: ['object', 'null'] },
    message: { type: 'string' },
    typeName: { type: 'string' },
    typeKey: { type: 'string' },
    errorCode: { type: 'integer' },
    eventId: { type: 'integer' },
  },
};

export interface MatchedOperation {
  area: Area;
  /** The description's path template. */
  template: string;
  method: string;
  operationId: string;
}

export interface AzureValidator {
  /** The described operation a request path (without the query) matches, or undefined. */
  match(method: string, path: string): MatchedOperation | undefined;
  /** Why a response body does not fit the operation's response schema; empty when it does. */
  check(
    operation: MatchedOperation,
    status: number,
    body: unknown,
    query: URLSearchParams,
  ): string[];
  /** Whether the description has a JSON schema for the operation's status. */
  hasSchema(operation: MatchedOperation, status: number): boolean;
  /** Why a body does not fit a definition of a description (`git`, `GitPush`); empty when it does. */
  checkDefinition(area: Area, name: string, body: unknown): string[];
}

interface Template {
  operation: MatchedOperation;
  regexes: RegExp[];
  literals: number;
  schemas: Readonly<Record<string, Json | undefined>>;
}

const escape = (segment: string): string => segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function regexOf(segments: readonly string[]): RegExp {
  const body = segments
    .map((segment) => (segment.startsWith('{') ? '[^/]+' : escape(segment)))
    .join('/');
  // Azure's routes ignore case (`pullrequests` and `pullRequests` are one route).
  return new RegExp(`^/${body}/?$`, 'i');
}

/** `drift`: the allow-list to apply (default all of `KNOWN_DRIFT`; a test leaves one out). */
export function createAzureValidator(options: { drift?: readonly Drift[] } = {}): AzureValidator {
  const drifts = options.drift ?? KNOWN_DRIFT;
  type Plugin = (instance: Ajv) => Ajv;
  const module = ajvFormats as unknown as Plugin & { default?: Plugin };
  const addFormats = module.default ?? module;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // .NET's integer widths, as Microsoft's generator writes them; `T` is an unbound generic
  // (see KNOWN_DRIFT, Change.item) and `decimal` a number sent as a number or a string.
  const integer = (bits: number) => (value: number) =>
    Number.isInteger(value) && Math.abs(value) <= 2 ** (bits - 1);
  ajv.addFormat('int16', { type: 'number', validate: integer(16) });
  ajv.addFormat('int32', { type: 'number', validate: integer(32) });
  ajv.addFormat('int64', { type: 'number', validate: integer(64) });
  ajv.addFormat('decimal', true);
  ajv.addFormat('T', true);
  const templates: Template[] = [];
  for (const area of Object.keys(DESCRIPTION_FILES) as Area[]) {
    const spec = lenient(readDescription(area)) as Json;
    const definitions = spec.definitions as Json;
    for (const drift of drifts) if (drift.where.startsWith(`${area}:`)) drift.apply(definitions);
    ajv.addSchema({ definitions }, `azure-${area}`);
    for (const [template, operations] of Object.entries(spec.paths as Record<string, Json>)) {
      const segments = template.split('/').filter((segment) => segment !== '');
      const regexes = [regexOf(segments)];
      // See RESPONSE_SHAPE_DRIFT.optionalProject.
      if (segments[1] === '{project}' && segments[3] === 'git')
        regexes.push(regexOf([segments[0] ?? '', ...segments.slice(2)]));
      for (const [method, operation] of Object.entries(operations)) {
        if (method === 'parameters') continue;
        const responses = ((operation as Json).responses ?? {}) as Record<string, Json>;
        templates.push({
          operation: {
            area,
            template,
            method: method.toUpperCase(),
            operationId: String((operation as Json).operationId),
          },
          regexes,
          literals: segments.filter((segment) => !segment.startsWith('{')).length,
          schemas: Object.fromEntries(
            Object.entries(responses).map(([status, response]) => [
              status,
              response.schema as Json | undefined,
            ]),
          ),
        });
      }
    }
  }

  const cache = new Map<string, ValidateFunction>();
  const compile = (area: Area, schema: Json): ValidateFunction => {
    const text = JSON.stringify(schema).replaceAll(
      '"#/definitions/',
      `"azure-${area}#/definitions/`,
    );
    const cached = cache.get(`${area} ${text}`);
    if (cached !== undefined) return cached;
    const compiled = ajv.compile(JSON.parse(text) as Json);
    cache.set(`${area} ${text}`, compiled);
    return compiled;
  };
  const errorsOf = (validate: ValidateFunction, body: unknown): string[] =>
    validate(body)
      ? []
      : (validate.errors ?? [])
          .slice(0, 5)
          .map((error) => `${error.instancePath} ${error.message ?? ''}`);
  const schemaOf = (operation: MatchedOperation, status: number): Json | undefined => {
    const schemas = templates.find(
      (candidate) =>
        candidate.operation.template === operation.template &&
        candidate.operation.method === operation.method &&
        candidate.operation.area === operation.area,
    )?.schemas;
    // See CREATED_STATUS_DRIFT.
    const described =
      (status === 201 || status === 202) && CREATED_STATUS_DRIFT.includes(operation.operationId)
        ? 200
        : status;
    return schemas?.[String(described)];
  };

  return {
    match(method, path) {
      const candidates = templates
        .filter(
          (candidate) =>
            candidate.operation.method === method.toUpperCase() &&
            candidate.regexes.some((regex) => regex.test(path)),
        )
        .sort((a, b) => b.literals - a.literals);
      return candidates[0]?.operation;
    },
    checkDefinition: (area, name, body) =>
      errorsOf(compile(area, { $ref: `#/definitions/${name}` }), body),
    hasSchema: (operation, status) => status >= 400 || schemaOf(operation, status) !== undefined,
    check(operation, status, body, query) {
      if (status >= 400) return errorsOf(ajv.compile(WRAPPED_EXCEPTION), body);
      let schema = schemaOf(operation, status);
      if (schema === undefined) return [`${operation.operationId} ${String(status)}: no schema`];
      // See RESPONSE_SHAPE_DRIFT.singleItem.
      if (operation.operationId === 'Items_List' && query.has('path'))
        schema = { $ref: '#/definitions/GitItem' };
      const type = schema.type;
      const isArray = type === 'array' || (Array.isArray(type) && type.includes('array'));
      if (!isArray) return errorsOf(compile(operation.area, schema), body);
      // See RESPONSE_SHAPE_DRIFT.collections.
      const wrapper = body as { count?: unknown; value?: unknown } | null;
      if (typeof wrapper !== 'object' || wrapper === null || !Array.isArray(wrapper.value))
        return ['a collection is not wrapped in { count, value }'];
      if (wrapper.count !== wrapper.value.length)
        return [
          `count ${String(wrapper.count)} is not the length of value (${String(wrapper.value.length)})`,
        ];
      return errorsOf(compile(operation.area, schema), wrapper.value);
    },
  };
}
