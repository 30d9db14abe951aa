import type { RetryOptions, ScmEvent, ScmProvider, WebhookRequest } from '@scm/core';
import type { Dispatcher } from 'undici';
import type { Dataset } from '../dataset/types.js';
import type { FaultController } from '../server/faults.js';
import type { RequestLog } from '../server/request-log.js';

/** A signed delivery the simulated provider would send, and what `webhooks.parse` must make of it. */
export interface WebhookFixture {
  /** A short label for the test name (`push`, `pull request merged`). */
  name: string;
  request: WebhookRequest;
  /** Fields the parsed event must have; `type` at least. */
  expected: Partial<ScmEvent> & { type: ScmEvent['type'] };
}

export interface SimulatedWebhooks {
  /** The secret the simulator signs with; configure the provider under test with it. */
  secret: string;
  /** The header carrying the signature (any case), removed to test a missing signature. */
  signatureHeader: string;
  /**
   * False when deliveries prove themselves by a shared secret the provider sends as is (Azure
   * DevOps service hooks: Basic credentials or a custom header) instead of a signature over the
   * body: a tampered body then cannot be detected, and the suite does not expect it to be.
   * Default true.
   */
  signsBody?: boolean;
  /** Freshly signed deliveries over the dataset. */
  deliveries(): WebhookFixture[];
}

/**
 * Which dataset items the suite uses. The convention: per-repository checks run against
 * `repository`, a full name from `dataset.repositories`; ids of other items are compared through
 * `ids` (default `String(item.id)`, which is what a simulator that renders dataset ids exposes).
 */
export interface ContractExpectations {
  /** `owner/name` of the dataset repository the per-repository checks use. */
  repository: string;
  /** That repository's id as the provider exposes it (`String(repo.id)`, a `{uuid}`, …). */
  repositoryId: string;
  /**
   * What identifies a contributor: `login` (default), or `email` for a provider that counts
   * contributors by git identity and names no account (GitLab).
   */
  contributorKey?: 'login' | 'email';
  /**
   * A read the suite sends through `provider.request` (the raw escape hatch), relative to the
   * adapter's base URL, answered 200 with a JSON object: the viewer (`/user`), a project list…
   */
  rawRead?: { path: string; query?: Readonly<Record<string, string>> };
  ids?: {
    check?: (check: { id: number }) => string;
    deployment?: (deployment: { id: number }) => string;
    release?: (release: { id: number }) => string;
    organization?: (organization: { id: number; login: string }) => string;
  };
}

/** What `startSimulator` returns: a running simulator over a dataset. */
export interface SimulatorHandle {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  dataset: Dataset;
  requests: RequestLog;
  faults: FaultController;
  webhooks: SimulatedWebhooks;
  expected: ContractExpectations;
  stop(): Promise<void>;
}

/** Settings the suite passes so it can shorten timeouts and observe every request. */
export interface ContractProviderOptions {
  /** Route every request through this; the suite records its origins. */
  dispatcher: Dispatcher;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
}

export interface ProviderContractOptions {
  /** Suite name, usually the provider id. */
  name: string;
  /** Builds the adapter against the simulator: its URL, its webhook secret, the options given. */
  createProvider: (simulator: SimulatorHandle, options: ContractProviderOptions) => ScmProvider;
  startSimulator: () => Promise<SimulatorHandle>;
}
