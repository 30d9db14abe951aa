import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitLabSimulator, type GitLabSimulator } from './start-gitlab-simulator.js';

/**
 * GitLab's own response schemas (fixtures/gitlab/schemas/public_api/v4/ at the repository root;
 * see fixtures/SOURCES.md) list the fields a real response has. They are not strict JSON Schema,
 * so they are read as field lists: every listed property and every required one must be present
 * in what the simulator serves, nested objects included.
 */
const SCHEMAS = new URL('../../../../fixtures/gitlab/schemas/public_api/v4/', import.meta.url);

interface FieldSchema {
  type?: unknown;
  $ref?: string;
  oneOf?: FieldSchema[];
  required?: string[];
  properties?: Record<string, FieldSchema | Record<string, FieldSchema>>;
}

function schema(path: string): FieldSchema {
  return JSON.parse(readFileSync(new URL(path, SCHEMAS), 'utf8')) as FieldSchema;
}

/** Every field the schema lists that `value` lacks, as dotted paths; `$ref`s followed one level. */
function missingFields(value: unknown, spec: FieldSchema, at = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const object = value as Record<string, unknown>;
  const missing: string[] = [];
  const names = new Set([...(spec.required ?? []), ...Object.keys(spec.properties ?? {})]);
  for (const name of names) {
    if (!(name in object)) {
      missing.push(`${at}${name}`);
      continue;
    }
    const field = spec.properties?.[name];
    if (field === undefined) continue;
    const definition = field as FieldSchema;
    if (typeof definition.$ref === 'string') {
      missing.push(...missingFields(object[name], schema(definition.$ref), `${at}${name}.`));
    } else if (definition.type === undefined && definition.oneOf === undefined) {
      // Not a type but a map of sub-fields (`time_stats`, `references` in merge_request.json).
      missing.push(
        ...missingFields(
          object[name],
          { properties: field as Record<string, FieldSchema> },
          `${at}${name}.`,
        ),
      );
    }
  }
  return missing;
}

describe('the GitLab simulator serves every field GitLab’s schemas list', () => {
  let sim: GitLabSimulator;
  beforeAll(async () => {
    sim = await startGitLabSimulator({ seed: 7, pathPrefix: '/gitlab' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  async function get(path: string): Promise<unknown> {
    const response = await request(`${sim.baseUrl}/api/v4${path}`, {
      headers: { 'private-token': sim.tokens.personalToken },
    });
    expect(response.statusCode, path).toBe(200);
    return response.body.json();
  }
  const project = (): string => encodeURIComponent(sim.expected.repository);

  it('merge requests (merge_request.json, user/basic.json)', async () => {
    const list = (await get(
      `/projects/${project()}/merge_requests?state=all&per_page=100`,
    )) as unknown[];
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) expect(missingFields(item, schema('merge_request.json'))).toEqual([]);
    const repo = sim.dataset.repositories[0];
    const one = await get(
      `/projects/${String(repo?.id)}/merge_requests/${String(repo?.pullRequests[0]?.number)}`,
    );
    expect(missingFields(one, schema('merge_request.json'))).toEqual([]);
  });

  it('branches (branch.json, commit/basic.json)', async () => {
    const list = (await get(
      `/projects/${project()}/repository/branches?per_page=100`,
    )) as unknown[];
    expect(list.length).toBeGreaterThan(1);
    for (const item of list) expect(missingFields(item, schema('branch.json'))).toEqual([]);
  });

  it('commits (commit/basic.json)', async () => {
    const list = (await get(`/projects/${project()}/repository/commits?per_page=100`)) as unknown[];
    expect(list.length).toBeGreaterThan(1);
    for (const item of list) expect(missingFields(item, schema('commit/basic.json'))).toEqual([]);
  });

  it('users (user/basic.json)', async () => {
    expect(missingFields(await get('/user'), schema('user/basic.json'))).toEqual([]);
  });

  it('the check itself notices a missing field', () => {
    expect(
      missingFields({ id: 1, state: 'active', web_url: 'x' }, schema('user/basic.json')),
    ).toEqual(['avatar_url']);
    const branch = missingFields({ name: 'main', commit: { id: 'x' } }, schema('branch.json'));
    expect(branch).toContain('merged');
    expect(branch).toContain('commit.message');
    expect(branch).not.toContain('commit.id');
  });
});
