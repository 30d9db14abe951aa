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

/** How unquoted values on a line of this file read (see ContentMode). */
export function contentModeFor(path: string | null): ContentMode {
  if (path === null) return 'text';
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1).toLowerCase();
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return 'config';
  const dot = base.lastIndexOf('.');
  if (dot < 0) return 'text';
  const extension = base.slice(dot + 1);
  if (CODE.has(extension)) return 'code';
  if (CONFIG.has(extension)) return 'config';
  return 'text';
}
