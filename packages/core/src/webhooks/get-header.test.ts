import { describe, expect, it } from 'vitest';
import { getHeader } from './get-header.js';

describe('getHeader', () => {
  const headers = {
    'X-Hub-Signature-256': 'sha256=abc',
    'x-github-event': ['push', 'ping'],
    'x-empty': undefined,
  };

  it('finds a header whatever its case', () => {
    expect(getHeader(headers, 'x-hub-signature-256')).toBe('sha256=abc');
    expect(getHeader(headers, 'X-HUB-SIGNATURE-256')).toBe('sha256=abc');
  });

  it('returns the first of repeated values', () => {
    expect(getHeader(headers, 'X-GitHub-Event')).toBe('push');
  });

  it('is undefined when absent or undefined', () => {
    expect(getHeader(headers, 'x-gitlab-token')).toBeUndefined();
    expect(getHeader(headers, 'x-empty')).toBeUndefined();
  });
});
