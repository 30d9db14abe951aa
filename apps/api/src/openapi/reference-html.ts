import { escapeHtml } from '../http/html.js';
import type { OpenApiDocument } from './document.js';

// The API reference (`/docs/api`), rendered on the server from the OpenAPI document: plain HTML,
// no script, no CDN (the pages' CSP allows neither). Every value is escaped here.

type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** How deep a schema is drawn before `…`: the document itself has the rest. */
const MAX_DEPTH = 4;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function e(value: unknown): string {
  return escapeHtml(value);
}

/** `#/components/schemas/ErrorBody` → that schema (one level: the document's refs are flat). */
function resolve(document: OpenApiDocument, schema: Json): { name: string | null; schema: Json } {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return { name: null, schema };
  const name = ref.split('/').pop() ?? ref;
  const target: unknown = (document.components?.schemas as Json | undefined)?.[name];
  return { name, schema: isObject(target) ? target : {} };
}

/** A one-line type: `string`, `"open" | "closed"`, `Repository[]`, `string | null`. */
function typeLabel(document: OpenApiDocument, raw: Json): string {
  const { name, schema } = resolve(document, raw);
  if (name !== null) return name;
  if (Array.isArray(schema.enum))
    return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants))
    return variants
      .map((variant) => (isObject(variant) ? typeLabel(document, variant) : '?'))
      .join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array' && isObject(schema.items)) return `${typeLabel(document, schema.items)}[]`;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  return typeof type === 'string' ? `${type}${format}` : 'any';
}

/** An object's fields as a nested list; arrays of objects show their item's fields. */
function fieldsOf(document: OpenApiDocument, raw: Json, depth: number, seen: Set<string>): string {
  const { name, schema } = resolve(document, raw);
  if (name !== null) {
    if (seen.has(name)) return '';
    seen = new Set(seen).add(name);
  }
  if (depth > MAX_DEPTH) return '<ul><li>…</li></ul>';
  if (schema.type === 'array' && isObject(schema.items))
    return fieldsOf(document, schema.items, depth, seen);
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants))
    return variants
      .filter(isObject)
      .map((variant) => fieldsOf(document, variant, depth, seen))
      .join('');
  if (!isObject(schema.properties)) return '';
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const items = Object.entries(schema.properties)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(([field, child]) => {
      const description = typeof child.description === 'string' ? ` — ${e(child.description)}` : '';
      const optional = required.has(field) ? '' : '?';
      return `<li><code>${e(field)}${optional}: ${e(typeLabel(document, child))}</code>${description}${fieldsOf(document, child, depth + 1, seen)}</li>`;
    });
  return items.length === 0 ? '' : `<ul>${items.join('')}</ul>`;
}

function schemaBlock(document: OpenApiDocument, schema: unknown): string {
  if (!isObject(schema)) return '';
  return `<code>${e(typeLabel(document, schema))}</code>${fieldsOf(document, schema, 0, new Set())}`;
}

function parametersOf(document: OpenApiDocument, operation: Json): string {
  const parameters = Array.isArray(operation.parameters)
    ? operation.parameters.filter(isObject)
    : [];
  if (parameters.length === 0) return '';
  const rows = parameters.map((parameter) => {
    const schema = isObject(parameter.schema) ? parameter.schema : {};
    const description =
      typeof parameter.description === 'string'
        ? parameter.description
        : typeof schema.description === 'string'
          ? schema.description
          : '';
    return `<tr><td><code>${e(parameter.name)}</code></td><td>${e(parameter.in)}${parameter.required === true ? ', required' : ''}</td><td><code>${e(typeLabel(document, schema))}</code></td><td>${e(description)}</td></tr>`;
  });
  return `<table><thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function bodyOf(document: OpenApiDocument, operation: Json): string {
  const body = isObject(operation.requestBody) ? operation.requestBody : null;
  if (body === null || !isObject(body.content)) return '';
  const [first] = Object.entries(body.content);
  if (first === undefined || !isObject(first[1])) return '';
  const types = Object.keys(body.content).join(', ');
  return `<p><strong>Body</strong> (<code>${e(types)}</code>): ${schemaBlock(document, first[1].schema)}</p>`;
}

function responsesOf(document: OpenApiDocument, operation: Json): string {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const items = Object.entries(responses)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(([status, response]) => {
      const content = isObject(response.content) ? response.content : {};
      const json = content['application/json'];
      const examples = isObject(json) && isObject(json.examples) ? Object.keys(json.examples) : [];
      const detail =
        Number(status) >= 400
          ? ''
          : isObject(json)
            ? schemaBlock(document, json.schema)
            : 'text/html' in content
              ? '<code>text/html</code>'
              : '';
      const codes =
        examples.length === 0
          ? ''
          : ` <span class="muted">${examples.map((code) => `<code>${e(code)}</code>`).join(' ')}</span>`;
      const example =
        isObject(json) && json.example !== undefined
          ? `<details><summary>Example</summary><pre><code>${e(JSON.stringify(json.example, null, 2))}</code></pre></details>`
          : '';
      return `<li><strong>${e(status)}</strong> ${e(response.description)}${codes} ${detail}${example}</li>`;
    });
  return `<ul>${items.join('')}</ul>`;
}

function securityOf(operation: Json): string {
  const security = Array.isArray(operation.security) ? operation.security.filter(isObject) : [];
  if (security.length === 0) return 'none';
  return security
    .map((requirement) => {
      const entries = Object.entries(requirement);
      if (entries.length === 0) return 'or none';
      return entries
        .map(([scheme, scopes]) =>
          Array.isArray(scopes) && scopes.length > 0
            ? `<code>${e(scheme)}</code> (${scopes.map((scope) => `<code>${e(scope)}</code>`).join(' ')})`
            : `<code>${e(scheme)}</code>`,
        )
        .join(' + ');
    })
    .join(' or ');
}

function anchor(operationId: unknown): string {
  return `op-${String(operationId).replace(/[^A-Za-z0-9_-]/g, '')}`;
}

interface Operation {
  method: string;
  path: string;
  operation: Json;
}

function operationsByTag(document: OpenApiDocument): Map<string, Operation[]> {
  const byTag = new Map<string, Operation[]>();
  for (const tag of document.tags ?? []) byTag.set(tag.name, []);
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation: unknown = (item as Json)[method];
      if (!isObject(operation)) continue;
      const tag = Array.isArray(operation.tags) ? String(operation.tags[0]) : 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, operation }]);
    }
  }
  return byTag;
}

function errorTable(document: OpenApiDocument): string {
  const examples = (document.components?.examples ?? {}) as Json;
  const rows = Object.entries(examples)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(([code, example]) => {
      const body =
        isObject(example.value) && isObject(example.value.error) ? example.value.error : {};
      return `<tr><td><code>${e(code)}</code></td><td>${e(typeof example.summary === 'string' ? example.summary.replace(/^.*\((\d+)\)$/, '$1') : '')}</td><td>${e(body.retryable)}</td><td>${e(body.suggested_action ?? '')}</td><td>${e(body.message)}</td></tr>`;
    });
  return `<table><thead><tr><th>Code</th><th>Status</th><th>Retryable</th><th>Suggested action</th><th>Default message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function securityTable(document: OpenApiDocument): string {
  const schemes = (document.components?.securitySchemes ?? {}) as Json;
  return `<ul>${Object.entries(schemes)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(
      ([name, scheme]) =>
        `<li><code>${e(name)}</code> (${e(scheme.type)}): ${e(scheme.description)}</li>`,
    )
    .join('')}</ul>`;
}

/** The reference's body: contents, security schemes, error codes, then every operation by tag. */
export function renderReference(document: OpenApiDocument): string {
  const byTag = operationsByTag(document);
  const toc = [...byTag.entries()]
    .map(
      ([tag, operations]) =>
        `<li><a href="#${e(anchor(tag))}">${e(tag)}</a> <span class="muted">(${operations.length})</span></li>`,
    )
    .join('');
  const sections = [...byTag.entries()].map(([tag, operations]) => {
    const description = document.tags?.find((entry) => entry.name === tag)?.description ?? '';
    const body = operations
      .map(
        ({ method, path, operation }) =>
          `<fieldset id="${e(anchor(operation.operationId))}"><legend><code>${e(method.toUpperCase())} ${e(path)}</code></legend>
<p>${e(operation.summary)}${operation.deprecated === true ? ' <strong>Deprecated.</strong>' : ''}</p>
${typeof operation.description === 'string' ? `<p class="muted">${e(operation.description)}</p>` : ''}
<p class="muted">Security: ${securityOf(operation)} · <code>${e(operation.operationId)}</code></p>
${parametersOf(document, operation)}${bodyOf(document, operation)}${responsesOf(document, operation)}</fieldset>`,
      )
      .join('\n');
    return `<h2 id="${e(anchor(tag))}">${e(tag)}</h2><p class="muted">${e(description)}</p>\n${body}`;
  });
  return `<h1>${e(document.info.title)} ${e(document.info.version)}</h1>
<p>${e(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${e(document.openapi)}). Overview: <a href="/docs">/docs</a>.</p>
<ul>${toc}<li><a href="#security">Security schemes</a></li><li><a href="#errors">Error codes</a></li></ul>
<h2 id="security">Security schemes</h2>${securityTable(document)}
<h2 id="errors">Error codes</h2><p>Every error is the canonical body <code>{ "error": { code, message, … } }</code> with its code's status.</p>${errorTable(document)}
${sections.join('\n')}`;
}
