import { describe, expect, it } from 'vitest';
import { ScmError } from '../errors/scm-error.js';
import { toOAuthTokens } from './oauth-tokens.js';

const NOW = 1_700_000_000_000;

function errorOf(fn: () => unknown): ScmError {
  try {
    fn();
  } catch (error) {
    if (ScmError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an ScmError');
}

describe('toOAuthTokens', () => {
  it('reads a GitLab-style response (space-separated scopes, expiry)', () => {
    expect(
      toOAuthTokens(
        {
          access_token: 'a',
          token_type: 'Bearer',
          refresh_token: 'r',
          expires_in: 7200,
          scope: 'api read_user',
        },
        NOW,
      ),
    ).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: NOW + 7_200_000,
      scopes: ['api', 'read_user'],
      tokenType: 'Bearer',
    });
  });

  it('reads a GitHub-style response (comma-separated scopes, no expiry)', () => {
    expect(
      toOAuthTokens({ access_token: 'gho_x', token_type: 'bearer', scope: 'repo,gist' }, NOW),
    ).toEqual({
      accessToken: 'gho_x',
      refreshToken: null,
      expiresAt: null,
      scopes: ['repo', 'gist'],
      tokenType: 'bearer',
    });
  });

  it('reads Bitbucket’s `scopes` and a string expires_in', () => {
    const tokens = toOAuthTokens(
      { access_token: 'a', scopes: 'repository pullrequest', expires_in: '7200' },
      NOW,
    );
    expect(tokens.scopes).toEqual(['repository', 'pullrequest']);
    expect(tokens.expiresAt).toBe(NOW + 7_200_000);
  });

  it('reads a lifetime past a century as none, and refuses a negative one', () => {
    // 1e13 s made an Invalid Date, which no database stores.
    for (const expires_in of [1e13, '9999999999'])
      expect(toOAuthTokens({ access_token: 'a', expires_in }, NOW).expiresAt).toBeNull();
    const century = 100 * 365 * 24 * 3600;
    expect(toOAuthTokens({ access_token: 'a', expires_in: century }, NOW).expiresAt).toBe(
      NOW + century * 1000,
    );
    expect(errorOf(() => toOAuthTokens({ access_token: 'a', expires_in: -5 }, NOW)).code).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
  });

  it.each([
    ['invalid_grant', 'AUTH_EXPIRED'],
    ['bad_verification_code', 'AUTH_EXPIRED'],
    ['bad_refresh_token', 'AUTH_EXPIRED'],
    ['invalid_client', 'INVALID_CREDENTIALS'],
    ['incorrect_client_credentials', 'INVALID_CREDENTIALS'],
    ['redirect_uri_mismatch', 'INVALID_REQUEST'],
    ['invalid_scope', 'INSUFFICIENT_SCOPE'],
    ['something_new', 'INVALID_CREDENTIALS'],
  ])('maps the OAuth error %s to %s', (oauthError, code) => {
    const error = errorOf(() =>
      toOAuthTokens(
        { error: oauthError, error_description: 'The code passed is incorrect or expired.' },
        NOW,
        {
          provider: 'github',
          status: 200,
        },
      ),
    );
    expect(error.code).toBe(code);
    expect(error.provider).toBe('github');
    expect(error.message).toContain('incorrect or expired');
  });

  it('treats a body without an access token as an upstream fault', () => {
    expect(errorOf(() => toOAuthTokens({ token_type: 'bearer' }, NOW)).code).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
    expect(errorOf(() => toOAuthTokens('<html>', NOW)).code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
