import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { corpusJson } from './corpora.js';

type Json = Record<string, unknown>;

/**
 * Known drift between Atlassian's description and what Bitbucket really sends, each with its
 * evidence. Anything not listed here must validate.
 */
export const KNOWN_DRIFT: readonly { where: string; why: string; apply(schemas: Json): void }[] = [
  {
    where: 'commit_file.attributes',
    why: 'Described as one string; recorded responses (corpora/bitbucket/api/*src*format_meta.json) carry a list such as [].',
    apply: (schemas) => {
      const properties = propertiesOf(schemas, 'commit_file');
      properties.attributes = {
        anyOf: [properties.attributes, { type: 'array', items: { type: 'string' } }],
      };
    },
  },
  {
    where: 'repository.links.clone[].href',
    why: 'Described as a URI; the recorded repositories (corpora/bitbucket/api/2.0-repositories-*.json) give the ssh clone link in scp form, git@bitbucket.org:owner/repo.git.',
    apply: (schemas) => {
      const links = propertiesOf(schemas, 'repository').links as Json;
      const clone = (links.properties as Json).clone as Json;
      const href = ((clone.items as Json).properties as Json).href as Json;
      delete href.format;
    },
  },
];

/** The `properties` of a component schema (`allOf: [base, { properties }]` or plain). */
function propertiesOf(schemas: Json, name: string): Json {
  const schema = schemas[name] as Json;
  const parts = (schema.allOf as Json[] | undefined) ?? [schema];
  const withProperties = parts.find((part) => part.properties !== undefined);
  if (withProperties === undefined) throw new Error(`${name} has no properties`);
  return withProperties.properties as Json;
}

/**
 * The lenient mode of fixtures/SOURCES.md: `additionalProperties: false` dropped (real
 * `links` carry more), `null` allowed everywhere (real responses send undeclared nulls), and the
 * `discriminator` hints dropped (Ajv needs them with `oneOf`, which this document does not use).
 */
export function lenient(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lenient);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'discriminator' || key === 'nullable' || key === 'example' || key === 'examples')
      continue;
    out[key] = lenient(value);
  }
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...(out.enum as unknown[]), null];
  return out;
}

function applyDrift(spec: Json): void {
  const schemas = (spec.components as Json).schemas as Json;
  for (const drift of KNOWN_DRIFT) drift.apply(schemas);
}

export interface OpenApiValidator {
  /** The response schema for an operation and status: the documented one, or Bitbucket's error body for an error status. */
  validator(method: string, template: string, status: number): ValidateFunction | undefined;
  /** The spec's path template for a concrete API path (relative to `/2.0`), or undefined. */
  match(method: string, path: string): string | undefined;
}

export function createOpenApiValidator(): OpenApiValidator {
  const spec = lenient(corpusJson('openapi/cloud-swagger.v3.json')) as Json;
  applyDrift(spec);
  // ajv-formats ships CommonJS with `exports.default`.
  type Plugin = (instance: Ajv) => Ajv;
  const module = ajvFormats as unknown as Plugin & { default?: Plugin };
  const addFormats = module.default ?? module;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ components: spec.components }, 'bitbucket');
  const paths = spec.paths as Record<string, Record<string, Json>>;
  const templates = Object.keys(paths).map((template) => ({
    template,
    literal: template.split('/').filter((segment) => !segment.startsWith('{')).length,
    regex: new RegExp(
      `^${template
        .split('/')
        .map((segment) =>
          segment === '{path}' || segment === '{spec}'
            ? '.*'
            : segment.startsWith('{')
              ? '[^/]+'
              : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')}/?$`,
    ),
  }));
  const cache = new Map<string, ValidateFunction | undefined>();
  return {
    match(method, path) {
      const candidates = templates
        .filter(
          ({ template, regex }) =>
            paths[template]?.[method.toLowerCase()] !== undefined && regex.test(path),
        )
        .sort((a, b) => b.literal - a.literal);
      return candidates[0]?.template;
    },
    validator(method, template, status) {
      const key = `${method} ${template} ${String(status)}`;
      if (cache.has(key)) return cache.get(key);
      const operation = paths[template]?.[method.toLowerCase()];
      const responses = (operation?.responses ?? {}) as Record<string, Json>;
      const content = responses[String(status)]?.content as Record<string, Json> | undefined;
      let schema = content?.['application/json']?.schema as Json | undefined;
      if (schema === undefined && status >= 400) schema = { $ref: '#/components/schemas/error' };
      const compiled =
        schema === undefined
          ? undefined
          : ajv.compile(
              JSON.parse(
                JSON.stringify(schema).replaceAll('"#/components/', '"bitbucket#/components/'),
              ) as Json,
            );
      cache.set(key, compiled);
      return compiled;
    },
  };
}
