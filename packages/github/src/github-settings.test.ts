import { describe, expect, it } from 'vitest';
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
