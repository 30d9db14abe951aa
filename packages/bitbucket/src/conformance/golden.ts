import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../__fixtures__/', import.meta.url));

/**
 * The golden (expected) form of a mapping, kept in `src/__fixtures__/`. With `UPDATE_GOLDEN=1`
 * a missing or changed golden file is written instead of compared: review the diff before
 * committing it.
 */
export function golden(name: string, actual: unknown): unknown {
  const path = `${FIXTURES}${name}.golden.json`;
  // JSON round trip: goldens hold what serializes (no undefined).
  const serialized = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, serialized);
  }
  if (!existsSync(path))
    throw new Error(`No golden file ${name}.golden.json (run with UPDATE_GOLDEN=1)`);
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}
