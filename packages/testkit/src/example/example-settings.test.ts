import { constructionAnswer, expectSettingsGolden } from '../golden/index.js';
import { describe, expect, it } from 'vitest';
import { createExampleProvider } from './example-provider.js';

// Inputs: __fixtures__/settings.json, mistakes a caller makes building the adapter; outputs:
// settings.golden.json, the INVALID_REQUEST each one gets, naming the field.
describe('createExampleProvider checks its settings at construction', () => {
  it('answers each mistake of settings.json as settings.golden.json says', () => {
    expectSettingsGolden(createExampleProvider, import.meta.url);
  });

  it('builds with valid settings', () => {
    expect(
      constructionAnswer(createExampleProvider, { token: 't', baseUrl: 'http://127.0.0.1:9' }),
    ).toBe('built');
  });
});
