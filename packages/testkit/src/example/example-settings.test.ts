import { ScmError } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { describe, expect, it } from 'vitest';
import { createExampleProvider } from './example-provider.js';
import type { ExampleProviderSettings } from './example-settings.js';

/** What building the adapter with `settings` answers: its ScmError (never a TypeError), or `built`. */
function construction(settings: unknown): unknown {
  try {
    const provider = createExampleProvider(settings as ExampleProviderSettings);
    void provider.close();
    return 'built';
  } catch (error) {
    if (!ScmError.isInstance(error)) throw error;
    const { code, status, provider, source, message, details } = error;
    return { code, status, provider, source, message, fields: details?.fields };
  }
}

// Inputs: __fixtures__/settings.json, mistakes a caller makes building the adapter; outputs:
// settings.golden.json, the INVALID_REQUEST each one gets, naming the field.
describe('createExampleProvider checks its settings at construction', () => {
  it('answers each mistake of settings.json as settings.golden.json says', () => {
    const cases = readFixture(import.meta.url, 'settings') as Record<string, unknown>;
    const answers = Object.fromEntries(
      Object.entries(cases).map(([name, settings]) => [name, construction(settings)]),
    );
    for (const [name, answer] of Object.entries(answers))
      expect(answer, name).toMatchObject({
        code: 'INVALID_REQUEST',
        status: 400,
        source: 'client',
      });
    // Values never reach the message: every secret in the fixture is spelled with SECRET.
    expect(JSON.stringify(answers)).not.toContain('SECRET');
    expectGolden(answers, goldenPath(import.meta.url, 'settings'));
  });

  it('builds with valid settings', () => {
    expect(construction({ token: 't', baseUrl: 'http://127.0.0.1:9' })).toBe('built');
  });
});
