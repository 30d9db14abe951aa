import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Microsoft's Azure DevOps REST 7.1 descriptions (Swagger 2.0) kept in the repository's
 * `fixtures/azure-devops/`, with their `httpExamples/`: see fixtures/SOURCES.md.
 */
export const DESCRIPTIONS_DIR = fileURLToPath(
  new URL('../../../../fixtures/azure-devops/', import.meta.url),
);

/** The four descriptions the adapter calls into, by area. */
export const DESCRIPTION_FILES = {
  git: 'git/7.1/git.json',
  core: 'core/7.1/core.json',
  hooks: 'hooks/7.1/serviceHooks.json',
  profile: 'profile/7.1/profile.json',
} as const;

export type Area = keyof typeof DESCRIPTION_FILES;

export type Json = Record<string, unknown>;

/** Parses a file of the corpus; some of Microsoft's files start with a byte-order mark. */
function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as Json;
}

export function readDescription(area: Area): Json {
  return readJson(`${DESCRIPTIONS_DIR}${DESCRIPTION_FILES[area]}`);
}

/**
 * A file of a folder, its name matched without case: the descriptions were written on Windows and
 * some `$ref`s spell a folder differently from the disk (`Repositories/` for `repositories/`).
 */
function resolveIgnoringCase(folder: string, relative: string): string {
  let path = folder;
  for (const segment of relative.split('/').filter((part) => part !== '' && part !== '.')) {
    const entry = readdirSync(path).find((name) => name.toLowerCase() === segment.toLowerCase());
    if (entry === undefined) throw new Error(`No ${relative} in ${folder}`);
    path = `${path}${path.endsWith('/') ? '' : '/'}${entry}`;
  }
  return path;
}

/** An `httpExamples/` file, relative to its description's folder (its `x-ms-examples` `$ref`). */
export function readExample(area: Area, relative: string): Json {
  const folder = DESCRIPTION_FILES[area].slice(0, DESCRIPTION_FILES[area].lastIndexOf('/') + 1);
  return readJson(resolveIgnoringCase(`${DESCRIPTIONS_DIR}${folder}`, relative));
}
