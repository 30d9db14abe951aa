import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from './http/cache.js';
import { defineCapabilities, OPERATIONS, transportOptions } from './provider.js';
import { silentLogger, systemClock } from './runtime.js';

describe('defineCapabilities', () => {
  it('marks every operation supported unless listed', () => {
    const capabilities = defineCapabilities({
      addLabels: { supported: false, notes: 'read-only' },
    });
    expect(Object.keys(capabilities).sort()).toEqual([...OPERATIONS].sort());
    expect(capabilities.addLabels).toEqual({ supported: false, notes: 'read-only' });
    expect(capabilities.listCommits.supported).toBe(true);
    expect(Object.isFrozen(capabilities)).toBe(true);
  });
});

describe('transportOptions', () => {
  it('passes exactly the transport settings through, credentials and unset fields left behind', () => {
    const dispatcher = new MockAgent();
    const cache = createMemoryCache({ max: 1 });
    const settings = {
      token: 'ghp_secret',
      baseUrl: 'https://ghe.example.com/api/v3',
      includeRaw: true,
      dispatcher,
      userAgent: 'app/1',
      timeoutMs: 500,
      retry: { maxRetries: 0 },
      cache,
      logger: silentLogger,
      clock: systemClock,
    };
    expect(transportOptions(settings)).toEqual({
      dispatcher,
      userAgent: 'app/1',
      timeoutMs: 500,
      retry: { maxRetries: 0 },
      cache,
      logger: silentLogger,
      clock: systemClock,
    });
    expect(transportOptions({})).toEqual({
      dispatcher: undefined,
      userAgent: undefined,
      timeoutMs: undefined,
      retry: undefined,
      cache: undefined,
      logger: undefined,
      clock: undefined,
    });
  });
});
