// Adds up the vitest JSON reports (test-results*.json) every package writes under CI and prints one
// closing line, so a reader of the CI log (human or machine) sees the whole suite's count at the end.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'apps'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    // test-results.json, plus one report per extra pass (apps/api: test-results.postgresql.json).
    const reports = readdirSync(dir).filter((file) => /^test-results.*\.json$/.test(file));
    for (const file of reports.sort()) {
      const result = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      passed += result.numPassedTests;
      failed += result.numFailedTests;
      skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
