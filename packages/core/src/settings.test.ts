import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScmError } from './errors/scm-error.js';
import {
  oauthTokensSetting,
  providerSettingsBaseSchema,
  secretSetting,
  validateProviderSettings,
} from './settings.js';

const schema = providerSettingsBaseSchema.extend({
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('token'), token: secretSetting }),
    z.object({ type: z.literal('oauth'), tokens: oauthTokensSetting }),
  ]),
});
const options = { provider: 'acme', label: 'Acme' };

/** The ScmError validateProviderSettings throws for `settings`. */
function refusal(settings: unknown): ScmError {
  try {
    validateProviderSettings(schema, settings, options);
  } catch (error) {
    if (ScmError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('validateProviderSettings', () => {
  it('returns the very object it was given: callbacks and dispatchers are not copied', () => {
    const dispatcher = { dispatch: () => true };
    const onRefresh = () => undefined;
    const settings = {
      baseUrl: 'https://scm.example.com/api',
      dispatcher,
      timeoutMs: 5000,
      retry: { maxRetries: 0 },
      auth: { type: 'token' as const, token: 't0ken' },
      extra: onRefresh,
    };
    expect(validateProviderSettings(schema, settings, options)).toBe(settings);
  });

  it.each([
    [{ baseUrl: 'https://scm.example.com' }, 'Invalid Acme provider settings: auth is required.'],
    [{ auth: 'a-token' }, 'Invalid Acme provider settings: auth must be an object, not a string.'],
    [
      { auth: { type: 'pat', token: 'x' } },
      `Invalid Acme provider settings: auth.type must be one of 'token' | 'oauth'.`,
    ],
    [
      { auth: { type: 'token', token: '' } },
      'Invalid Acme provider settings: auth.token must be a non-empty string.',
    ],
    [{ auth: { type: 'oauth' } }, 'Invalid Acme provider settings: auth.tokens is required.'],
    [
      { auth: { type: 'token', token: 't' }, baseUrl: 'scm.example.com' },
      'Invalid Acme provider settings: baseUrl must be an absolute http(s) URL without credentials, query or fragment, e.g. https://api.example.com.',
    ],
    [
      { auth: { type: 'token', token: 't' }, baseUrl: 'https://user:pw@scm.example.com' },
      'Invalid Acme provider settings: baseUrl must be an absolute http(s) URL without credentials, query or fragment, e.g. https://api.example.com.',
    ],
    [
      { auth: { type: 'token', token: 't' }, timeoutMs: '5000' },
      'Invalid Acme provider settings: timeoutMs must be a number of milliseconds.',
    ],
    [
      { auth: { type: 'token', token: 't' }, timeoutMs: 0, retry: { maxRetries: -1 } },
      'Invalid Acme provider settings: timeoutMs must be a positive number of milliseconds; retry.maxRetries must be a whole number of retries, 0 or more.',
    ],
    [
      { auth: { type: 'token', token: 't' }, dispatcher: {} },
      'Invalid Acme provider settings: dispatcher must be an undici Dispatcher (an object with dispatch).',
    ],
    [undefined, 'Invalid Acme provider settings: settings is required.'],
  ])('%j → %s', (settings, message) => {
    const error = refusal(settings);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.provider).toBe('acme');
    expect(error.source).toBe('client');
    expect(error.message).toBe(message);
  });

  it('names every offending field in details.fields, and never a value', () => {
    const error = refusal({
      auth: { type: 'oauth', tokens: { accessToken: 'secret-value', expiresAt: 'soon' } },
      baseUrl: 'ftp://secret-host.example.com',
    });
    expect(error.details).toEqual({ fields: ['baseUrl', 'auth.tokens.expiresAt'] });
    expect(error.message).not.toMatch(/secret-value|secret-host|soon/);
  });
});
