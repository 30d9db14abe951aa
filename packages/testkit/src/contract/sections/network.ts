import { describe, expect, it } from 'vitest';
import type { ContractSuite } from './suite.js';

/**
 * Network: every request goes through the dispatcher the suite gave, to the simulator on
 * 127.0.0.1, and nowhere else.
 */
export function networkSection(suite: ContractSuite): void {
  const { f, supported } = suite;

  describe('network', () => {
    it('sends every request through the given dispatcher to the simulator, and nowhere else', async () => {
      const { recorder, sim, provider, ref } = f();
      sim.requests.clear();
      const before = recorder.origins.length;
      await provider.getRepository(ref);
      if (supported('listBranches')) await provider.listBranches(ref, { limit: 2 });
      if (supported('getViewer')) await provider.getViewer();
      const sent = recorder.origins.slice(before);
      expect(sent.length).toBeGreaterThan(0);
      // A request that bypassed the dispatcher would reach the simulator unrecorded.
      expect(sim.requests.count()).toBe(sent.length);
      expect(recorder.origins.every((origin) => origin === sim.url)).toBe(true);
      for (const logged of sim.requests.entries)
        expect(logged.remoteAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    });
  });
}
