import { ok } from 'node:assert/strict';
import { ScmError } from '@scm/core';
import { expectGolden } from './expect-golden.js';
import { goldenPath, readFixture } from './fixtures.js';

/** An adapter factory, as every provider package exports one. */
export type ProviderFactory = (settings: never) => { close(): Promise<void> };

/**
 * What building an adapter with `settings` answers: `'built'`, or the public fields of the
 * ScmError it throws. Anything else it throws (a TypeError) is rethrown: a bad setting must be
 * named, never crash.
 */
export function constructionAnswer(create: ProviderFactory, settings: unknown): unknown {
  try {
    const provider = create(settings as never);
    void provider.close();
    return 'built';
  } catch (error) {
    if (!ScmError.isInstance(error)) throw error;
    const { code, status, provider, source, message, details } = error;
    return { code, status, provider, source, message, fields: details?.fields };
  }
}

/**
 * Builds the adapter with each case of the test file's `__fixtures__/settings.json` (mistakes a
 * caller makes) and compares the answers with `settings.golden.json`: every one an
 * `INVALID_REQUEST` (400, source `client`) naming the field, and no value of the settings in any
 * message (the fixtures spell every secret with `SECRET`).
 */
export function expectSettingsGolden(create: ProviderFactory, testFileUrl: string | URL): void {
  const cases = readFixture(testFileUrl, 'settings') as Record<string, unknown>;
  const answers = Object.fromEntries(
    Object.entries(cases).map(([name, settings]) => [name, constructionAnswer(create, settings)]),
  );
  for (const [name, answer] of Object.entries(answers)) {
    const fields = answer as { code?: unknown; status?: unknown; source?: unknown };
    ok(
      fields.code === 'INVALID_REQUEST' && fields.status === 400 && fields.source === 'client',
      `${name}: expected an INVALID_REQUEST from the client, got ${JSON.stringify(answer)}`,
    );
  }
  ok(!JSON.stringify(answers).includes('SECRET'), 'a setting’s value reached an error message');
  expectGolden(answers, goldenPath(testFileUrl, 'settings'));
}
