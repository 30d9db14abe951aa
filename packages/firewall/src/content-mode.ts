import type { ContentMode } from './assignment-rule.js';

const CODE = new Set([
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'mts',
  'cts',
  'tsx',
  'vue',
  'svelte',
  'py',
  'rb',
  'go',
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'gradle',
  'cs',
  'fs',
  'vb',
  'php',
  'rs',
  'swift',
  'c',
  'h',
  'cc',
  'cpp',
  'cxx',
  'hpp',
  'm',
  'mm',
  'dart',
  'lua',
  'pl',
  'pm',
  'ex',
  'exs',
  'erl',
  'clj',
  'cljs',
  'hs',
  'ml',
  'r',
  'jl',
  'zig',
  'nim',
]);
const CONFIG = new Set([
  'env',
  'yml',
  'yaml',
  'ini',
  'cfg',
  'conf',
  'cnf',
  'properties',
  'toml',
  'tfvars',
  'hcl',
  'editorconfig',
]);

/** `text` at `at` is the lowercase ASCII `word` in any case. */
function foldedAt(text: string, at: number, word: string): boolean {
  if (at < 0 || at + word.length > text.length) return false;
  for (let index = 0; index < word.length; index++) {
    const code = text.charCodeAt(at + index);
    const expected = word.charCodeAt(index);
    // `| 32` lowercases ASCII letters and nothing else into a letter (but `\x0e` into `.`).
    if (code !== expected && (expected < 97 || (code | 32) !== expected)) return false;
  }
  return true;
}

/** Whether `toLowerCase()` may change `text` (an ASCII capital or any non-ASCII character). */
function mayChangeCase(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code >= 65 && code <= 90) || code > 127) return true;
  }
  return false;
}

/** How unquoted values on a line of this file read (see ContentMode). */
export function contentModeFor(path: string | null): ContentMode {
  if (path === null) return 'text';
  // The last `/` and `.` (a loop: `lastIndexOf` is a runtime call, dear on sliced strings).
  let base = path.length;
  let dot = -1;
  while (base > 0 && path.charCodeAt(base - 1) !== 47) {
    if (dot < 0 && path.charCodeAt(base - 1) === 46) dot = base - 1;
    base--;
  }
  // `.env`, `.env.*`, `*.env` in any case (only ASCII letters lowercase to `e`, `n`, `v`).
  if (
    (path.length - base === 4 && foldedAt(path, base, '.env')) ||
    foldedAt(path, base, '.env.') ||
    foldedAt(path, path.length - 4, '.env')
  )
    return 'config';
  if (dot < 0) return 'text';
  let extension = path.slice(dot + 1);
  if (mayChangeCase(extension)) extension = extension.toLowerCase();
  if (CODE.has(extension)) return 'code';
  if (CONFIG.has(extension)) return 'config';
  return 'text';
}
