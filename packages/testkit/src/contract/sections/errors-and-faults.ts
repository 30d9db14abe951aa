import { OPERATIONS } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { errorCodeOf, scmErrorOf } from '../expect-helpers.js';
import { invokeOperation } from '../invoke-operation.js';
import { FAULT_RETRY, type ContractSuite } from './suite.js';

/**
 * Errors and faults: the capability table lists every operation and each unsupported one throws
 * `UNSUPPORTED_ENDPOINT`; bad paging input is `INVALID_LIMIT` / `INVALID_CURSOR`; each injected
 * fault (429, 403 rate limit, 5xx, hang, reset, malformed JSON) becomes its canonical code.
 */
export function errorsAndFaultsSection(suite: ContractSuite): void {
  const { f, supported } = suite;

  describe('capabilities', () => {
    it('lists every operation', () => {
      expect(Object.keys(f().provider.capabilities).sort()).toEqual([...OPERATIONS].sort());
    });

    it('throws UNSUPPORTED_ENDPOINT for every operation marked unsupported, never an empty result', async () => {
      const { provider, ref, branchHead } = f();
      const context = {
        repo: ref,
        sha: branchHead,
        pullRequestNumber: f().repo.pullRequests[0]?.number ?? 1,
      };
      for (const operation of OPERATIONS.filter((candidate) => !supported(candidate))) {
        const error = await scmErrorOf(invokeOperation(provider, operation, context));
        expect(error.code, operation).toBe('UNSUPPORTED_ENDPOINT');
        expect(error.status).toBe(501);
      }
    });
  });

  describe('paging input', () => {
    it('refuses a limit outside 1–100 with INVALID_LIMIT', async (context) => {
      if (!supported('listBranches')) return context.skip();
      for (const limit of [0, 101, 2.5]) {
        expect(await errorCodeOf(f().provider.listBranches(f().ref, { limit }))).toBe(
          'INVALID_LIMIT',
        );
      }
    });

    it('refuses a cursor it did not issue with INVALID_CURSOR, sending nothing elsewhere', async (context) => {
      if (!supported('listBranches')) return context.skip();
      const before = f().recorder.origins.length;
      for (const cursor of ['https://evil.example.test/steal', '../../admin', '%00']) {
        expect(await errorCodeOf(f().provider.listBranches(f().ref, { limit: 5, cursor }))).toBe(
          'INVALID_CURSOR',
        );
      }
      expect(
        f()
          .recorder.origins.slice(before)
          .every((origin) => origin === f().sim.url),
      ).toBe(true);
    });
  });

  describe('faults become canonical errors', () => {
    const call = (): Promise<unknown> => f().faulty.getRepository(f().ref);
    const start = (): void => {
      f().sim.requests.clear();
    };

    it('429 with a Retry-After beyond the cap → RATE_LIMITED with retryAfterSeconds, not retried', async () => {
      start();
      f().sim.faults.inject('*', { status: 429, retryAfterSeconds: 30 });
      const error = await scmErrorOf(call());
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.retryAfterSeconds).toBe(30);
      expect(error.upstreamStatus).toBe(429);
      expect(f().sim.requests.count()).toBe(1);
    });

    it('429 with a Retry-After within the cap is waited out and retried', async () => {
      start();
      f().sim.faults.inject('*', { status: 429, retryAfterSeconds: 0, times: 1 });
      expect(await errorCodeOf(call())).toBe('resolved');
      expect(f().sim.requests.count()).toBe(2);
    });

    it('403 with exhausted rate-limit headers → RATE_LIMITED with the time to reset', async () => {
      start();
      f().sim.faults.inject('*', { status: 403, rateLimited: true, resetInSeconds: 120 });
      const error = await scmErrorOf(call());
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(110);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(121);
    });

    for (const status of [500, 502, 503] as const) {
      it(`${status} → UPSTREAM_UNAVAILABLE after the configured retries`, async () => {
        start();
        f().sim.faults.inject('*', { status });
        const error = await scmErrorOf(call());
        expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
        expect(error.upstreamStatus).toBe(status);
        expect(error.retryable).toBe(true);
        expect(f().sim.requests.count()).toBe(1 + FAULT_RETRY.maxRetries);
      });
    }

    it('a single 503 is retried and succeeds', async () => {
      start();
      f().sim.faults.inject('*', { status: 503, times: 1 });
      expect(await errorCodeOf(call())).toBe('resolved');
      expect(f().sim.requests.count()).toBe(2);
    });

    it('a hanging upstream → UPSTREAM_TIMEOUT', async () => {
      f().sim.faults.inject('*', { hang: true });
      expect(await errorCodeOf(call())).toBe('UPSTREAM_TIMEOUT');
    });

    it('a reset connection → UPSTREAM_UNAVAILABLE', async () => {
      f().sim.faults.inject('*', { reset: true });
      expect(await errorCodeOf(call())).toBe('UPSTREAM_UNAVAILABLE');
    });

    it('malformed JSON → UPSTREAM_UNAVAILABLE', async () => {
      f().sim.faults.inject('*', { malformedJson: true });
      expect(await errorCodeOf(call())).toBe('UPSTREAM_UNAVAILABLE');
    });

    it('latency below the timeout is only slower', async () => {
      f().sim.faults.inject('*', { latencyMs: 50 });
      const repository = await f().faulty.getRepository(f().ref);
      expect(repository.fullName).toBe(f().repo.fullName);
    });
  });
}
