import type { RepoRef } from '@scm/core';
import { describe, expect, it } from 'vitest';
import type { GatewayServices } from '../services.js';
import { RESOLVE_CONCURRENCY, resolvePicks } from './approval.js';

// resolvePicks re-reads each ticked repository from the provider: at most RESOLVE_CONCURRENCY at
// once and each box once, so a 500-box form does not open 500 requests together.
/** Gateway services whose every connection reads repositories through `provider`. */
const servicesWith = (provider: { getRepository: (ref: RepoRef) => Promise<unknown> }) =>
  ({ providers: { forConnection: () => provider } }) as unknown as GatewayServices;
const CONNECTIONS = [{ id: 'conn_1', provider: 'github' }] as unknown as Parameters<
  typeof resolvePicks
>[1];

describe('resolvePicks', () => {
  it('reads each picked repository once, a few at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const reads: string[] = [];
    const provider = {
      getRepository: async (ref: RepoRef) => {
        const name = ref.kind === 'path' ? ref.fullPath : ref.id;
        reads.push(name);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return { id: `id-${name}`, fullName: name };
      },
    };
    const picks = Array.from(
      { length: 250 },
      (_, index) => `conn_1:acme/repo-${String(index % 100)}`,
    );

    const resolved = await resolvePicks(servicesWith(provider), CONNECTIONS, picks);

    expect(reads.length).toBe(100);
    expect(most).toBe(RESOLVE_CONCURRENCY);
    expect(resolved.map((repo) => repo.fullName)).toEqual(
      Array.from({ length: 100 }, (_, index) => `acme/repo-${String(index)}`),
    );
  });

  it('makes no more reads once one has failed', async () => {
    const reads: string[] = [];
    const provider = {
      getRepository: async (ref: RepoRef) => {
        const name = ref.kind === 'path' ? ref.fullPath : ref.id;
        reads.push(name);
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (name === 'acme/repo-0') throw new Error('gone');
        return { id: `id-${name}`, fullName: name };
      },
    };
    const picks = Array.from({ length: 100 }, (_, index) => `conn_1:acme/repo-${String(index)}`);
    await expect(resolvePicks(servicesWith(provider), CONNECTIONS, picks)).rejects.toThrow('gone');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The first slots' reads were under way; none was started after the failure.
    expect(reads.length).toBeLessThanOrEqual(2 * RESOLVE_CONCURRENCY);
  });
});
