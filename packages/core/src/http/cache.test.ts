import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cacheKey,
  createMemoryCache,
  credentialFingerprint,
  type CachedResponse,
} from './cache.js';

function entry(body: string): CachedResponse {
  return { etag: '"e"', lastModified: null, status: 200, headers: {}, body, storedAt: 0 };
}

describe('createMemoryCache', () => {
  it('stores, returns and deletes entries', async () => {
    const cache = createMemoryCache();
    await cache.set('a', entry('1'));
    expect((await cache.get('a'))?.body).toBe('1');
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
  });

  it('bounds the bytes it keeps with maxBytes, and keeps nothing larger than it', async () => {
    const cache = createMemoryCache({ maxBytes: 3_000 });
    await cache.set('a', entry('x'.repeat(1_000)));
    await cache.set('b', entry('y'.repeat(1_000)));
    await cache.set('c', entry('z'.repeat(1_000)));
    // 3 × (1,000 + 256) > 3,000: the least recently used went.
    expect(await cache.get('a')).toBeUndefined();
    expect((await cache.get('c'))?.body.length).toBe(1_000);
    await cache.set('huge', entry('h'.repeat(10_000)));
    expect(await cache.get('huge')).toBeUndefined();
    expect((await cache.get('c'))?.body.length).toBe(1_000);
  });

  it('evicts the least recently used entry beyond max', async () => {
    const cache = createMemoryCache({ max: 2 });
    await cache.set('a', entry('1'));
    await cache.set('b', entry('2'));
    await cache.get('a');
    await cache.set('c', entry('3'));
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.body).toBe('1');
    expect((await cache.get('c'))?.body).toBe('3');
  });
});

describe('cacheKey', () => {
  it('separates credentials without containing them', () => {
    const alice = cacheKey('GET', 'https://api.github.com', '/user', {
      authorization: 'token ghp_alice',
    });
    const bob = cacheKey('GET', 'https://api.github.com', '/user', {
      authorization: 'token ghp_bob',
    });
    expect(alice).not.toBe(bob);
    expect(alice).not.toContain('ghp_alice');
    expect(alice).toContain('GET https://api.github.com/user');
  });

  it('ignores non-credential headers in the fingerprint but keys on accept', () => {
    expect(credentialFingerprint({ authorization: 'x', 'user-agent': 'a' })).toBe(
      credentialFingerprint({ authorization: 'x', 'user-agent': 'b' }),
    );
    expect(cacheKey('GET', 'b', '/p', { accept: 'application/json' })).not.toBe(
      cacheKey('GET', 'b', '/p', { accept: 'application/vnd.github.diff' }),
    );
  });

  it('fingerprints the credential headers, sorted by name, as SHA-256 of "name\\nvalue\\n" each', () => {
    // The keys a shared CacheStore already holds stay valid from one version to the next.
    const reference = createHash('sha256')
      .update('authorization\nBearer t\n')
      .update('private-token\nglpat-x\n')
      .digest('hex');
    expect(
      credentialFingerprint({
        'private-token': 'glpat-x',
        accept: 'application/json',
        authorization: 'Bearer t',
      }),
    ).toBe(reference);
    expect(credentialFingerprint({ accept: 'application/json' })).toBe(
      createHash('sha256').digest('hex'),
    );
  });
});
