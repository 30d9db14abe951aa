import { constructionAnswer, expectSettingsGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { createBitbucketProvider } from './bitbucket-provider.js';

// Inputs: __fixtures__/settings.json, mistakes a caller makes building the adapter; outputs:
// settings.golden.json, the INVALID_REQUEST each one gets, naming the field.
describe('createBitbucketProvider checks its settings at construction', () => {
  it('answers each mistake of settings.json as settings.golden.json says', () => {
    expectSettingsGolden(createBitbucketProvider, import.meta.url);
  });

  it('builds with valid settings', () => {
    expect(constructionAnswer(createBitbucketProvider, {})).toBe('built');
  });
});
