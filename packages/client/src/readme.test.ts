import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);

// The README's example is run against the demo gateway by the gateway's tests
// (apps/api/src/openapi/client-readme.integration.test.ts); here it is type-checked, as printed,
// against this package's generated types, so its paths, parameters and answers are the real ones.
describe('the README example', () => {
  it('type-checks against the generated types', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)];
    expect(blocks).toHaveLength(1);
    const example = (blocks[0]?.[1] ?? '').replace("from '@scm/client'", "from '../src/index.js'");
    expect(example).toContain("from '../src/index.js'");
    const folder = mkdtempSync(join(new URL('.', root).pathname, '.readme-check-'));
    try {
      const file = join(folder, 'example.ts');
      writeFileSync(file, `${example}\nexport {};\n`);
      const config = ts.readConfigFile(new URL('tsconfig.json', root).pathname, (path) =>
        ts.sys.readFile(path),
      );
      const { options } = ts.parseJsonConfigFileContent(
        config.config,
        ts.sys,
        new URL('.', root).pathname,
      );
      const program = ts.createProgram([file], { ...options, noEmit: true });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
