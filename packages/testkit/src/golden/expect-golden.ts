import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set to `1` to write golden files instead of comparing with them. */
export const UPDATE_GOLDEN_ENV = 'UPDATE_GOLDEN';

function shouldUpdate(): boolean {
  return process.env[UPDATE_GOLDEN_ENV] === '1';
}

/** The text a golden file holds: two-space JSON and a final newline, as Prettier writes it. */
export function serializeGolden(actual: unknown): string {
  const json = JSON.stringify(actual, null, 2) as string | undefined;
  if (json === undefined) throw new TypeError('A golden value must be JSON (got undefined)');
  return `${json}\n`;
}

/**
 * Asserts that `actual` equals the golden file at `goldenPath`, strictly: after a JSON round trip
 * (a golden file holds what serializes, so a property set to `undefined` is absent), a field
 * missing from either side or any different value fails. With `UPDATE_GOLDEN=1` the file is
 * written (only when it changed) instead: review the diff before committing it. It throws a plain
 * `node:assert` `AssertionError` carrying `actual` and `expected`, which vitest shows as a diff,
 * so the helper loads no test runner.
 *
 * ```ts
 * import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
 *
 * const wire = WireRepositorySchema.parse(readFixture(import.meta.url, 'repository'));
 * expectGolden(mapRepository(wire, context), goldenPath(import.meta.url, 'repository'));
 * ```
 */
export function expectGolden(actual: unknown, goldenPath: string | URL): void {
  const file = typeof goldenPath === 'string' ? goldenPath : fileURLToPath(goldenPath);
  const serialized = serializeGolden(actual);
  if (shouldUpdate()) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== serialized) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, serialized);
    }
    return;
  }
  if (!existsSync(file)) {
    throw new AssertionError({
      message: `No golden file ${file}: run the test with ${UPDATE_GOLDEN_ENV}=1 to write it, then review it.`,
    });
  }
  const expected = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const received = JSON.parse(serialized) as unknown;
  try {
    deepStrictEqual(received, expected);
  } catch (error) {
    if (!(error instanceof AssertionError)) throw error;
    // The runner prints the diff from `actual` and `expected`; the message names the file.
    throw new AssertionError({
      message: `${file} differs (run with ${UPDATE_GOLDEN_ENV}=1 to accept the new form)`,
      actual: received,
      expected,
      operator: 'deepStrictEqual',
    });
  }
}
