import { readFileSync } from 'node:fs';

/**
 * Microsoft's official Azure DevOps REST 7.1 examples and service hook samples, kept in the
 * repository's `fixtures/azure-devops/` (sources and licences: fixtures/SOURCES.md). Read by the
 * golden tests only; a missing file fails the test that reads it.
 */
export const AZURE_CORPUS = new URL('../../../fixtures/azure-devops/', import.meta.url);

function readJson(path: string): unknown {
  // The official files start with a UTF-8 byte order mark.
  return JSON.parse(
    readFileSync(new URL(path, AZURE_CORPUS), 'utf8').replace(/^\uFEFF/, ''),
  ) as unknown;
}

/** The 200 response body of an official example (`git/7.1/httpExamples/refs/…json`). */
export function officialResponse(path: string, status = '200'): unknown {
  const example = readJson(path) as { responses?: Record<string, { body?: unknown }> };
  const response = example.responses?.[status];
  if (response === undefined) throw new Error(`${path} has no ${status} response`);
  return response.body;
}

/** A service hook sample payload: `service-hooks/<eventType>.json`. */
export function serviceHookSample(eventType: string): unknown {
  return readJson(`service-hooks/${eventType}.json`);
}

/** The golden normalized form of an official example: `src/__fixtures__/<name>.golden.json`. */
export function officialGolden(name: string): URL {
  return new URL(`__fixtures__/${name}.golden.json`, import.meta.url);
}

export const GIT_EXAMPLES = 'git/7.1/httpExamples/';
