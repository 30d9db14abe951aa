import { constructionAnswer, expectSettingsGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { createGitLabProvider } from './gitlab-provider.js';

// Inputs: __fixtures__/settings.json, mistakes a caller makes building the adapter; outputs:
// settings.golden.json, the INVALID_REQUEST each one gets, naming the field.
describe('createGitLabProvider checks its settings at construction', () => {
  it('answers each mistake of settings.json as settings.golden.json says', () => {
    expectSettingsGolden(createGitLabProvider, import.meta.url);
  });

  it('builds with valid settings', () => {
    expect(
      constructionAnswer(createGitLabProvider, {
        auth: { type: 'private-token', token: 't' },
        baseUrl: 'https://gitlab.example.com/gitlab',
        webhookSecrets: ['a', 'b'],
      }),
    ).toBe('built');
  });
});
