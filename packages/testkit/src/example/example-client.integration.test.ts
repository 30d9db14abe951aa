import { parseRepoRef, ScmError } from '@scm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleProvider } from './example-provider.js';
import {
  startExampleSimulator,
  type ExampleSimulator,
} from './simulator/start-example-simulator.js';

describe('example client: credentials and raw payloads', () => {
  let sim: ExampleSimulator;
  beforeAll(async () => {
    sim = await startExampleSimulator({ seed: 3, token: 'first-token' });
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

  it('renews an expired token once, shared by concurrent requests, and keeps the new one', async () => {
    const renewals: string[] = [];
    const provider = createExampleProvider({
      baseUrl: sim.baseUrl,
      token: sim.token,
      renewToken: () => {
        renewals.push(sim.token);
        return Promise.resolve(sim.token);
      },
    });
    try {
      await provider.getViewer();
      const expiredToken = sim.token;
      const renewed = sim.expireToken();
      sim.requests.clear();
      const repo = parseRepoRef(sim.expected.repositoryId);
      const [viewer, repository, branches] = await Promise.all([
        provider.getViewer(),
        provider.getRepository(repo),
        provider.listBranches(repo, { limit: 2 }),
      ]);
      expect([viewer.login, repository.id, branches.items.length]).toEqual([
        sim.dataset.viewer.login,
        sim.expected.repositoryId,
        2,
      ]);
      expect(renewals).toEqual([renewed]);
      const sent = sim.requests.entries.map((entry) => entry.headers.authorization);
      expect(sent.filter((header) => header === `Bearer ${expiredToken}`)).toHaveLength(3);
      expect(sent.filter((header) => header === `Bearer ${renewed}`)).toHaveLength(3);
      await provider.getViewer();
      expect(sim.requests.last()?.headers.authorization).toBe(`Bearer ${renewed}`);
      expect(renewals).toHaveLength(1);
    } finally {
      await provider.close();
    }
  });

  it('reports an expired token as AUTH_EXPIRED without renewToken, or when renewal does not help', async () => {
    const plain = createExampleProvider({ baseUrl: sim.baseUrl, token: sim.token });
    let renewals = 0;
    const stuck = createExampleProvider({
      baseUrl: sim.baseUrl,
      token: sim.token,
      renewToken: () => {
        renewals += 1;
        return Promise.resolve('still-expired');
      },
    });
    try {
      sim.expireToken();
      const first = await plain.getViewer().catch((caught: unknown) => caught);
      expect(ScmError.isInstance(first) && first.code).toBe('AUTH_EXPIRED');
      const second = await stuck.getViewer().catch((caught: unknown) => caught);
      expect(ScmError.isInstance(second) && second.code).toBe('INVALID_CREDENTIALS');
      expect(renewals).toBe(1);
    } finally {
      await plain.close();
      await stuck.close();
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
