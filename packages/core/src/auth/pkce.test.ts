import { describe, expect, it } from 'vitest';
import { createPkcePair, pkceChallenge } from './pkce.js';

describe('PKCE', () => {
  it("computes RFC 7636's appendix B example", () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a fresh verifier of 43 unreserved characters with its S256 challenge', () => {
    const a = createPkcePair();
    const b = createPkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.method).toBe('S256');
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
  });
});
