import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The checkout's root: the nearest folder up from here with a pnpm-workspace.yaml. */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above this file');
    dir = parent;
  }
  return dir;
}

/**
 * `../shared/corpora/gitlab/` resolved from the repository root, where CI keeps the real provider
 * data (see its SOURCES.md). The files are read in place, never copied.
 */
export const GITLAB_CORPUS = pathToFileURL(
  `${resolve(repositoryRoot(), '../shared/corpora/gitlab')}/`,
);
