import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Real Bitbucket data kept in the repository's `fixtures/bitbucket/`: see fixtures/SOURCES.md for
 * where each file comes from and under which licence. A missing file fails the test that reads it.
 */
export const CORPUS_DIR = fileURLToPath(
  new URL('../../../../fixtures/bitbucket/', import.meta.url),
);

/**
 * The corpus's payloads are not copied into the package: their goldens alone are, in
 * `src/__fixtures__/`, shared by the map tests and the conformance tests. `goldenPath` looks in
 * the `__fixtures__/` beside the file it is given, so a conformance test passes this file of `src/`:
 * `goldenPath(GOLDEN_BASE, 'api/<file>')`.
 */
export const GOLDEN_BASE = new URL('../index.ts', import.meta.url);

export function corpusJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(`${CORPUS_DIR}${relativePath}`, 'utf8')) as unknown;
}

export function corpusText(relativePath: string): string {
  return readFileSync(`${CORPUS_DIR}${relativePath}`, 'utf8');
}

export function corpusFiles(folder: string): string[] {
  return readdirSync(`${CORPUS_DIR}${folder}`)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

type Json = Record<string, unknown>;

/**
 * The `response` example Atlassian documents for a GET operation's 200, in its OpenAPI description
 * (`openapi/cloud-swagger.v3.json`).
 */
export function specExample(path: string): unknown {
  const spec = corpusJson('openapi/cloud-swagger.v3.json') as Json;
  const operation = ((spec.paths as Json)[path] as Json).get as Json;
  const content = ((operation.responses as Json)['200'] as Json).content as Json;
  return (((content['application/json'] as Json).examples as Json).response as Json).value;
}

/** The golden name of a spec example: its path without braces, `/` as `-`. */
export function specExampleName(path: string): string {
  return `openapi-examples/${path.replaceAll(/[{}]/g, '').replaceAll('/', '-').slice(1)}`;
}

// The corpus names deliveries by event (fixtures/SOURCES.md): `push_*` are `repo:push`,
// `pr_*` the pull request event in their name.
const EVENT_KEYS: readonly [prefix: string, eventKey: string][] = [
  ['push_', 'repo:push'],
  ['pr_create', 'pullrequest:created'],
  ['pr_update', 'pullrequest:updated'],
  ['pr_fulfilled', 'pullrequest:fulfilled'],
  ['pr_rejected', 'pullrequest:rejected'],
];

/** The `X-Event-Key` a recorded webhook body (`webhooks/<file>`) was delivered with. */
export function webhookEventKey(file: string): string | undefined {
  return EVENT_KEYS.find(([prefix]) => file.startsWith(prefix))?.[1];
}
