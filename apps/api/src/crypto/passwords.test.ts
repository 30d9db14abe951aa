import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './passwords.js';

describe('createPasswordHasher', () => {
  it('hashes with scrypt and verifies', async () => {
    const hasher = createPasswordHasher({ concurrency: 2, queue: 4 });
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await hasher.verify('correct horse battery staple', stored)).toBe(true);
    expect(await hasher.verify('wrong', stored)).toBe(false);
    expect(await hasher.verify('anything', 'not-a-hash')).toBe(false);
  });

  it('runs `concurrency` calls, queues `queue` more and refuses the rest at once', async () => {
    const hasher = createPasswordHasher({ concurrency: 2, queue: 3 });
    const stored = await hasher.hash('password');
    // All ten start in the same tick: 2 run, 3 wait for a slot, 5 are refused.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => hasher.verify('password', stored)),
    );
    expect(
      results.filter((result) => result.status === 'fulfilled').map((result) => result.value),
    ).toEqual([true, true, true, true, true]);
    const refused = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    expect(refused).toHaveLength(5);
    for (const reason of refused) {
      expect(ScmError.isInstance(reason) && [reason.code, reason.retryAfterSeconds]).toEqual([
        'RATE_LIMITED',
        1,
      ]);
    }
    // The slots were all given back.
    expect(
      await Promise.all([hasher.verify('password', stored), hasher.verify('x', stored)]),
    ).toEqual([true, false]);
  });
});
