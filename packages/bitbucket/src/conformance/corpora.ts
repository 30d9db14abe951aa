import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Atlassian's data in `../shared/corpora/bitbucket/` (relative to the repository root), read in
 * place and never copied: see ../shared/corpora/SOURCES.md for where each file comes from.
 */
export const CORPUS_DIR = fileURLToPath(
  new URL('../../../../../shared/corpora/bitbucket/', import.meta.url),
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
