import { describe, expect, it } from 'vitest';
import { isGatewayPath } from './gateway-path.js';

describe('isGatewayPath (returnTo / return_to: never another site)', () => {
  it.each(['/app/dashboard', '/app/dashboard?tab=apps#x', '/', '/a//b', '/%2F/evil.example'])(
    'accepts %s',
    (value) => {
      expect(isGatewayPath(value)).toBe(true);
    },
  );
  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\u0000/x',
    '/\u007f/x',
    'javascript:alert(1)',
    'app/dashboard',
    '',
  ])('refuses %j', (value) => {
    expect(isGatewayPath(value)).toBe(false);
  });
});
