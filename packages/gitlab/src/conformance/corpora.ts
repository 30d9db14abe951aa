import { readFileSync } from 'node:fs';

/**
 * Real GitLab data kept in the repository's `fixtures/gitlab/` (where each file comes from and
 * under which licence: fixtures/SOURCES.md). A missing file fails the test that reads it.
 */
export const GITLAB_CORPUS = new URL('../../../../fixtures/gitlab/', import.meta.url);

/** A corpus file (`api/get_user.json`), parsed. */
export function readCorpus(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, GITLAB_CORPUS), 'utf8')) as unknown;
}

/**
 * The golden normalized form of corpus payload `<name>.json`: `src/__fixtures__/<name>.golden.json`
 * (the payload itself stays in the corpus).
 */
export function corpusGolden(name: string): URL {
  return new URL(`../__fixtures__/${name}.golden.json`, import.meta.url);
}
