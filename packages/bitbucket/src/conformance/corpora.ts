import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Real Bitbucket data kept in the repository's `fixtures/bitbucket/`: see fixtures/SOURCES.md for
 * where each file comes from and under which licence. A missing file fails the test that reads it.
 */
export const CORPUS_DIR = fileURLToPath(
  new URL('../../../../fixtures/bitbucket/', import.meta.url),
);

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
