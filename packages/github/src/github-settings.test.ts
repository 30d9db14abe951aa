import { constructionAnswer, expectSettingsGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { createGitHubProvider } from './github-provider.js';
import { deriveWebUrl } from './github-settings.js';

describe('deriveWebUrl', () => {
  it.each([
    ['https://api.github.com', 'https://github.com'],
    ['https://api.github.com/', 'https://github.com'],
    ['https://ghe.example.com/api/v3', 'https://ghe.example.com'],
    ['https://ghe.example.com:8443/api/v3/', 'https://ghe.example.com:8443'],
    ['https://api.octocorp.ghe.com', 'https://octocorp.ghe.com'],
    ['http://127.0.0.1:4567', 'http://127.0.0.1:4567'],
  ])('%s → %s', (baseUrl, webUrl) => {
    expect(deriveWebUrl(baseUrl)).toBe(webUrl);
  });

  it('refuses a base URL that is not absolute', () => {
    expect(() => deriveWebUrl('ghe.example.com/api/v3')).toThrow(/absolute/);
  });
});

// Inputs: __fixtures__/settings.json, mistakes a caller makes building the adapter; outputs:
// settings.golden.json, the INVALID_REQUEST each one gets, naming the field.
describe('createGitHubProvider checks its settings at construction', () => {
  it('answers each mistake of settings.json as settings.golden.json says', () => {
    expectSettingsGolden(createGitHubProvider, import.meta.url);
  });

  it('builds with valid settings', () => {
    expect(
      constructionAnswer(createGitHubProvider, {
        auth: { type: 'token', token: 't' },
        baseUrl: 'http://127.0.0.1:9/api/v3',
        timeoutMs: 1000,
        retry: { maxRetries: 0 },
      }),
    ).toBe('built');
  });
});
