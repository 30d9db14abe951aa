// Module hooks that let a plain `node` child process of a test run the api's TypeScript sources
// (Node 20 cannot, and tsx is not a dependency): `.js` imports that name a `.ts` source resolve to
// it, `@scm/<name>` resolves to the package's src/ (as vitest.shared.ts aliases it), and `.ts`
// files are transpiled with TypeScript on load. Registered by ts-loader.mjs (the crash test of src/jobs spawns such a child).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const packagesDir = new URL('../../../packages/', import.meta.url);

export async function resolve(specifier, context, next) {
  const workspace = /^@scm\/([a-z-]+)$/.exec(specifier);
  if (workspace) {
    return { url: new URL(`${workspace[1]}/src/index.ts`, packagesDir).href, shortCircuit: true };
  }
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('.') || specifier.startsWith('file:');
    if (relative && specifier.endsWith('.js')) return next(`${specifier.slice(0, -3)}.ts`, context);
    throw error;
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: false,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
