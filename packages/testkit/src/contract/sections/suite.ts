import type { Operation, RepoRef, RetryOptions, ScmProvider } from '@scm/core';
import type { DatasetCommit, DatasetRepository } from '../../dataset/types.js';
import type { RecordingDispatcher } from '../recording-dispatcher.js';
import type { SimulatorHandle } from '../types.js';

/** Small so fault tests are fast; the Retry-After cap is what tells "wait" from "give up". */
export const FAULT_RETRY: RetryOptions = {
  maxRetries: 1,
  baseDelayMs: 1,
  maxDelayMs: 5,
  maxRetryAfterMs: 1_000,
};
export const FAULT_TIMEOUT_MS = 300;

/** What `beforeAll` sets up once for every section. */
export interface Fixture {
  sim: SimulatorHandle;
  provider: ScmProvider;
  /** Same adapter with a short timeout and fast retries, for the fault checks. */
  faulty: ScmProvider;
  recorder: RecordingDispatcher;
  repo: DatasetRepository;
  ref: RepoRef;
  /** A feature branch (the first pull request's source). */
  branch: string;
  branchHead: string;
}

/**
 * What each section of the suite is given. Sections register their `describe`/`it` blocks when
 * called, so everything here is read inside a test, after `beforeAll` ran.
 */
export interface ContractSuite {
  /** The fixture; throws when the simulator or the provider failed to start. */
  f: () => Fixture;
  /** Whether the provider marks `operation` supported in its capabilities. */
  supported: (operation: Operation) => boolean;
  /** A dataset item's id as the provider shows it (`expected.ids`, else `String(id)`). */
  idOf: (kind: 'check' | 'deployment' | 'release', item: { id: number }) => string;
  /** The default branch's commits, newest first. */
  mainCommits: () => DatasetCommit[];
}
