import { describe, expect, it } from 'vitest';
import { verifySharedToken } from './shared-token.js';

describe('verifySharedToken', () => {
  it('accepts an exact match with any configured token', () => {
    expect(verifySharedToken({ secrets: ['s3cret-token'], token: 's3cret-token' })).toEqual({
      ok: true,
    });
    expect(verifySharedToken({ secrets: ['old', 's3cret-token'], token: 's3cret-token' })).toEqual({
      ok: true,
    });
  });

  it('rejects a near miss, a prefix and a longer value', () => {
    for (const token of ['s3cret-tokeN', 's3cret-toke', 's3cret-token ', 's3cret-tokens']) {
      expect(verifySharedToken({ secrets: ['s3cret-token'], token })).toEqual({
        ok: false,
        reason: 'invalid_signature',
      });
    }
  });

  it('reports a missing token and a missing secret', () => {
    expect(verifySharedToken({ secrets: ['x'], token: undefined })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifySharedToken({ secrets: ['x'], token: '' })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifySharedToken({ secrets: [], token: 'x' })).toEqual({
      ok: false,
      reason: 'no_secret_configured',
    });
    expect(verifySharedToken({ secrets: [''], token: '' })).toEqual({
      ok: false,
      reason: 'no_secret_configured',
    });
  });
});
