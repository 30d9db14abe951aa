import { parseRepoRef, type Operation } from '@scm/core';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { commitsOnBranch, findRepositoryOrThrow } from '../dataset/queries.js';
import { createRecordingDispatcher } from './recording-dispatcher.js';
import { actionsSection } from './sections/actions.js';
import { callsSection } from './sections/calls.js';
import { errorsAndFaultsSection } from './sections/errors-and-faults.js';
import { listingSection } from './sections/listing.js';
import { networkSection } from './sections/network.js';
import {
  FAULT_RETRY,
  FAULT_TIMEOUT_MS,
  type ContractSuite,
  type Fixture,
} from './sections/suite.js';
import { webhooksSection } from './sections/webhooks.js';
import type { ProviderContractOptions } from './types.js';

/**
 * Registers the provider contract suite: every `ScmProvider` operation checked against the
 * simulator's dataset, pagination at limits 1, 7 and 100, filters, canonical errors for injected
 * faults, unsupported operations, webhooks, and that no request leaves 127.0.0.1.
 *
 * Per-repository checks use `simulator.expected.repository`; see `ContractExpectations`. The
 * checks live in `sections/`, one file per concern, registered in this order: listings and reads,
 * errors and faults, webhooks, write actions (after the listings, which count the dataset's items
 * only), network.
 */
export function runProviderContract(options: ProviderContractOptions): void {
  describe(`${options.name}: provider contract`, () => {
    let fixture: Fixture | undefined;
    const f = (): Fixture => {
      if (fixture === undefined)
        throw new Error('The simulator or the provider failed to start (see beforeAll)');
      return fixture;
    };

    beforeAll(async () => {
      const sim = await options.startSimulator();
      const recorder = createRecordingDispatcher();
      const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
      const pr = repo.pullRequests[0];
      if (pr === undefined) throw new Error(`${repo.fullName} has no pull request in the dataset`);
      fixture = {
        sim,
        recorder,
        provider: options.createProvider(sim, { dispatcher: recorder.dispatcher }),
        faulty: options.createProvider(sim, {
          dispatcher: recorder.dispatcher,
          timeoutMs: FAULT_TIMEOUT_MS,
          retry: FAULT_RETRY,
        }),
        repo,
        ref: parseRepoRef(encodeURIComponent(repo.fullName)),
        branch: pr.sourceBranch,
        branchHead: pr.headSha,
      };
    });
    afterEach(() => {
      fixture?.sim.faults.clear();
    });
    afterAll(async () => {
      if (fixture === undefined) return;
      await fixture.provider.close();
      await fixture.faulty.close();
      await fixture.sim.stop();
      await fixture.recorder.close();
    });

    const suite: ContractSuite = {
      f,
      supported: (operation: Operation): boolean => f().provider.capabilities[operation].supported,
      idOf: (kind, item) => f().sim.expected.ids?.[kind]?.(item) ?? String(item.id),
      mainCommits: () => commitsOnBranch(f().repo, f().repo.defaultBranch) ?? [],
    };

    listingSection(suite);
    errorsAndFaultsSection(suite);
    callsSection(suite);
    webhooksSection(suite);
    actionsSection(suite);
    networkSection(suite);
  });
}
