import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The service's bundles (tsup entries src/main.ts and src/index.ts) must not reach the demo or
// @scm/testkit, a devDependency that tsup would bundle: only demo/'s own entries may.
const API = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module an entry reaches through relative imports, and every bare package it names. */
function reach(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const queue = [join(API, entry)];
  const seen = new Set<string>();
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    // Prisma's generated client is generated code: it names no workspace package.
    if (seen.has(file) || file.startsWith(join(API, 'src', 'generated'))) continue;
    seen.add(file);
    files.push(relative(API, file));
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.'))
        queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe('the service build', () => {
  it.each([['src/main.ts'], ['src/index.ts']])(
    '%s reaches neither demo/ nor @scm/testkit',
    (entry) => {
      const { files, packages } = reach(entry);
      expect(files.length).toBeGreaterThan(entry.endsWith('main.ts') ? 20 : 3);
      expect(files.filter((file) => !file.startsWith('src/'))).toEqual([]);
      expect([...packages].filter((name) => name.startsWith('@scm/testkit'))).toEqual([]);
    },
  );

  it('the demo entry does reach both (the check sees through imports)', () => {
    const { files, packages } = reach('demo/main.ts');
    expect(files).toContain('demo/start-demo.ts');
    expect(files).toContain('src/app.ts');
    expect([...packages].some((name) => name.startsWith('@scm/testkit'))).toBe(true);
  });
});
