// Fails when a file of the repository points outside it: a path into the planning folder that sits
// beside a checkout (`..` + `/shared`) or an absolute path of one machine (its `work` folder or
// root's home; see NEEDLES). A contributor who clones the repository has neither, so tests,
// scripts and docs must not need them.
// Checks every file git knows (tracked, plus new files not ignored) or, without git, every file
// under the root; skips binary files, fixtures/ (provider data kept byte for byte) and the lockfile.
// Prints file:line for each hit and exits 1. Run by `pnpm test`; no dependencies.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Spelled in pieces so that this file does not match itself.
const NEEDLES = [['..', 'shared'].join('/'), `/${'work'}/`, `/${'root'}/`];

const SKIPPED_PREFIXES = ['fixtures/'];
const SKIPPED_FILES = new Set(['pnpm-lock.yaml']);
// Only for the walk without git: what .gitignore keeps out of the repository.
const SKIPPED_DIRS = new Set([
  '.git',
  'node_modules',
  'dist',
  '.turbo',
  'coverage',
  'data',
  'generated',
]);

function gitFiles() {
  const result = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error || result.status !== 0) return null;
  return [...new Set(result.stdout.split('\0').filter(Boolean))];
}

function walk(dir, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), files);
    } else if (entry.isFile()) {
      files.push(relative(root, join(dir, entry.name)).split(sep).join('/'));
    }
  }
  return files;
}

const listed = gitFiles();
if (listed === null) console.warn('check-self-contained: git unavailable, walking the directory');
const files = (listed ?? walk(root)).filter(
  (file) => !SKIPPED_FILES.has(file) && !SKIPPED_PREFIXES.some((prefix) => file.startsWith(prefix)),
);

const hits = [];
let checked = 0;
for (const file of files) {
  let bytes;
  try {
    bytes = readFileSync(join(root, file));
  } catch (error) {
    // Deleted in the working tree but still in the index, or a directory (a submodule).
    if (error.code === 'ENOENT' || error.code === 'EISDIR') continue;
    throw error;
  }
  if (bytes.subarray(0, 8000).includes(0)) continue; // binary
  checked += 1;
  const lines = bytes.toString('utf8').split('\n');
  // Provider payloads in __fixtures__ hold provider paths (GitLab's admin user is named `root`, so
  // its projects' paths start with that name): only the planning-folder link is checked there.
  const needles = file.includes('/__fixtures__/') ? NEEDLES.slice(0, 1) : NEEDLES;
  lines.forEach((line, index) => {
    const needle = needles.find((candidate) => line.includes(candidate));
    if (needle !== undefined) hits.push(`${file}:${index + 1}: ${needle}: ${line.trim()}`);
  });
}

if (hits.length > 0) {
  console.error(
    `check-self-contained: ${hits.length} reference(s) to a path outside the repository:`,
  );
  for (const hit of hits) console.error(`  ${hit}`);
  console.error(
    'Copy what is needed into the repository (data into fixtures/, facts into docs/) and link that.',
  );
  process.exit(1);
}
console.log(`check-self-contained: ${checked} files, no reference outside the repository`);
