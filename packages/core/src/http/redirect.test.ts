import { describe, expect, it } from 'vitest';
import { redirectWithinApi } from './redirect.js';

describe('redirectWithinApi', () => {
  it('keeps a redirect inside the API as a path relative to the base', () => {
    expect(
      redirectWithinApi('https://api.github.com/repositories/1000', 'https://api.github.com'),
    ).toBe('/repositories/1000');
    expect(
      redirectWithinApi('/api/v3/repositories/7?page=2', 'https://ghe.example.com/api/v3/'),
    ).toBe('/repositories/7?page=2');
  });

  it('refuses another origin, another base path and unparsable locations', () => {
    expect(
      redirectWithinApi('https://evil.example/repositories/1', 'https://api.github.com'),
    ).toBeNull();
    expect(
      redirectWithinApi('http://api.github.com/repositories/1', 'https://api.github.com'),
    ).toBeNull();
    expect(
      redirectWithinApi('https://ghe.example.com/login', 'https://ghe.example.com/api/v3'),
    ).toBeNull();
    expect(
      redirectWithinApi('https://ghe.example.com/api/v30/x', 'https://ghe.example.com/api/v3'),
    ).toBeNull();
    expect(redirectWithinApi('http://[::1', 'https://api.github.com')).toBeNull();
  });
});
