import { parseRepoRef, ScmError } from '@scm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleProvider } from './example-provider.js';
import {
  startExampleSimulator,
  type ExampleSimulator,
} from './simulator/start-example-simulator.js';

describe('example provider against its simulator', () => {
  let sim: ExampleSimulator;
  beforeAll(async () => {
    sim = await startExampleSimulator({ seed: 3 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('sends the token as a bearer header and maps a rejected one to INVALID_CREDENTIALS', async () => {
    const good = createExampleProvider({ baseUrl: sim.baseUrl, token: sim.token });
    const bad = createExampleProvider({ baseUrl: sim.baseUrl, token: 'wrong-token' });
    try {
      await good.getViewer();
      expect(sim.requests.last()?.headers.authorization).toBe(`Bearer ${sim.token}`);
      const error = await bad.getViewer().catch((caught: unknown) => caught);
      expect(ScmError.isInstance(error) && error.code).toBe('INVALID_CREDENTIALS');
      expect((error as Error).message).not.toContain('wrong-token');
    } finally {
      await good.close();
      await bad.close();
    }
  });

  it('attaches the wire payload as raw when includeRaw is set', async () => {
    const provider = createExampleProvider({
      baseUrl: sim.baseUrl,
      token: sim.token,
      includeRaw: true,
    });
    try {
      const page = await provider.listBranches(parseRepoRef(sim.expected.repositoryId), {
        limit: 1,
      });
      expect(page.items[0]?.raw).toMatchObject({
        name: page.items[0]?.name,
        head: { sha: page.items[0]?.sha },
      });
    } finally {
      await provider.close();
    }
  });
});
