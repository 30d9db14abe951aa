import { describe, expect, it } from 'vitest';
import { pkceMatches, readPkceChallenge } from './pkce.js';

// RFC 7636, appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('simulated PKCE', () => {
  it('reads a challenge (method plain by default) and refuses malformed ones', () => {
    expect(readPkceChallenge({})).toBeNull();
    expect(readPkceChallenge({ code_challenge: CHALLENGE, code_challenge_method: 'S256' })).toEqual(
      { challenge: CHALLENGE, method: 'S256' },
    );
    expect(readPkceChallenge({ code_challenge: VERIFIER })).toEqual({
      challenge: VERIFIER,
      method: 'plain',
    });
    expect(readPkceChallenge({ code_challenge: VERIFIER }, ['S256'])).toHaveProperty('error');
    expect(
      readPkceChallenge({ code_challenge: 'short', code_challenge_method: 'S256' }),
    ).toHaveProperty('error');
    expect(
      readPkceChallenge({ code_challenge: CHALLENGE, code_challenge_method: 'S512' }),
    ).toHaveProperty('error');
  });

  it('checks the verifier against the challenge', () => {
    const s256 = { challenge: CHALLENGE, method: 'S256' as const };
    expect(pkceMatches(s256, VERIFIER)).toBe(true);
    expect(pkceMatches(s256, `${VERIFIER.slice(0, -1)}A`)).toBe(false);
    expect(pkceMatches(s256, undefined)).toBe(false);
    expect(pkceMatches(s256, CHALLENGE)).toBe(false);
    expect(pkceMatches({ challenge: VERIFIER, method: 'plain' }, VERIFIER)).toBe(true);
  });
});
