import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every module a source file reaches through relative imports, and the packages they import. */
function packagesImported(entry: URL): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: URL): void => {
    if (seen.has(file.href)) return;
    seen.add(file.href);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:from|import)\s+'([^']+)'/g)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('.')) visit(new URL(specifier.replace(/\.js$/, '.ts'), file));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

describe('entry points', () => {
  // Every subpath but `./contract` (package.json `exports`, tsup `entry`): the simulators run in
  // the gateway's demo mode too, without a test runner.
  it.each([
    './index.ts',
    './golden/index.ts',
    './github/index.ts',
    './gitlab/index.ts',
    './bitbucket/index.ts',
    './azure/index.ts',
  ])('%s never loads vitest', (entry) => {
    const imported = [...packagesImported(new URL(entry, import.meta.url))];
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((name) => name === 'vitest' || name.startsWith('vitest/'))).toEqual([]);
  });

  it('the contract suite is the one that does', () => {
    expect(packagesImported(new URL('./contract/index.ts', import.meta.url))).toContain('vitest');
  });

  it('package.json exports exactly the entries tsup builds', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { exports: Record<string, unknown> };
    const config = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    const built = [...config.matchAll(/^\s+(\w+): 'src\/[\w/-]+\.ts',$/gm)].map((match) =>
      match[1] === 'index' ? '.' : `./${match[1] ?? ''}`,
    );
    expect(built).toContain('./azure');
    expect(
      Object.keys(manifest.exports)
        .filter((key) => key !== './package.json')
        .sort(),
    ).toEqual(built.sort());
  });
});
