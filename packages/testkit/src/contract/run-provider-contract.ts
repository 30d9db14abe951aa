import {
  BranchSchema,
  CheckSchema,
  CommitSchema,
  ContributorSchema,
  DeploymentSchema,
  DiffSchema,
  EventSubscriptionSchema,
  FileTreeEntrySchema,
  OPERATIONS,
  OrganizationSchema,
  PullRequestSchema,
  ReleaseSchema,
  RepositorySchema,
  ScmEventSchema,
  SshKeySchema,
  TagSchema,
  ViewerSchema,
  getHeader,
  parseRepoRef,
  type Diff,
  type Operation,
  type Page,
  type PageQuery,
  type RepoRef,
  type RetryOptions,
  type ScmProvider,
  type WebhookRequest,
} from '@scm/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  checksForRef,
  commitsOnBranch,
  deploymentsFor,
  findCommit,
  findRepositoryOrThrow,
  pullRequestsByState,
  repositoriesFor,
  searchPullRequests,
  treeEntries,
} from '../dataset/queries.js';
import type { DatasetCommit, DatasetDiffFile, DatasetRepository } from '../dataset/types.js';
import { duplicates, errorCodeOf, scmErrorOf, sorted, walkAll } from './expect-helpers.js';
import { invokeOperation } from './invoke-operation.js';
import { createRecordingDispatcher, type RecordingDispatcher } from './recording-dispatcher.js';
import type { ProviderContractOptions, SimulatorHandle } from './types.js';

const LIMITS = [1, 7, 100] as const;
/** Small so fault tests are fast; the Retry-After cap is what tells "wait" from "give up". */
const FAULT_RETRY: RetryOptions = {
  maxRetries: 1,
  baseDelayMs: 1,
  maxDelayMs: 5,
  maxRetryAfterMs: 1_000,
};
const FAULT_TIMEOUT_MS = 300;

interface Fixture {
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

interface Listing<T> {
  operation: Operation;
  fetch: (query: PageQuery) => Promise<Page<T>>;
  key: (item: T) => string;
  expected: string[];
  schema: z.ZodType;
  /** Extra per-item checks (a filter honoured). */
  each?: (item: T) => void;
}

function diffKey(file: {
  path: string;
  status: string;
  additions: number;
  deletions: number;
  patch: string | null;
}): string {
  return JSON.stringify([file.path, file.status, file.additions, file.deletions, file.patch]);
}

function expectDiff(diff: Diff, files: readonly DatasetDiffFile[], providerId: string): void {
  expect(DiffSchema.parse(diff)).toBeTruthy();
  expect(diff.provider).toBe(providerId);
  expect(duplicates(diff.files.map((file) => file.path))).toEqual([]);
  expect(sorted(diff.files.map(diffKey))).toEqual(sorted(files.map(diffKey)));
}

/**
 * Registers the provider contract suite: every `ScmProvider` operation checked against the
 * simulator's dataset, pagination at limits 1, 7 and 100, filters, canonical errors for injected
 * faults, unsupported operations, webhooks, and that no request leaves 127.0.0.1.
 *
 * Per-repository checks use `simulator.expected.repository`; see `ContractExpectations`.
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

    const supported = (operation: Operation): boolean =>
      f().provider.capabilities[operation].supported;
    const idOf = (kind: 'check' | 'deployment' | 'release', item: { id: number }): string =>
      f().sim.expected.ids?.[kind]?.(item) ?? String(item.id);
    const mainCommits = (): DatasetCommit[] =>
      commitsOnBranch(f().repo, f().repo.defaultBranch) ?? [];

    /** Registers one listing, walked at each limit; skipped when the provider marks it unsupported. */
    function listing<T>(title: string, build: () => Listing<T>): void {
      describe(title, () => {
        for (const limit of LIMITS) {
          it(`returns every expected item exactly once at limit ${limit}`, async (context) => {
            const spec = build();
            if (!supported(spec.operation)) {
              context.skip();
              return;
            }
            const { items } = await walkAll(spec.fetch, limit);
            const keys = items.map(spec.key);
            expect(duplicates(keys), 'items returned more than once').toEqual([]);
            expect(sorted(keys)).toEqual(sorted(spec.expected));
            for (const item of items) {
              spec.schema.parse(item);
              expect((item as { provider?: unknown }).provider).toBe(f().provider.id);
              spec.each?.(item);
            }
          });
        }
      });
    }

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

    describe('account', () => {
      it('getViewer returns the dataset viewer', async (context) => {
        if (!supported('getViewer')) return context.skip();
        const viewer = ViewerSchema.parse(await f().provider.getViewer());
        expect(viewer.login).toBe(f().sim.dataset.viewer.login);
        expect(viewer.provider).toBe(f().provider.id);
      });

      it('listSshKeys returns the viewer’s keys', async (context) => {
        if (!supported('listSshKeys')) return context.skip();
        const keys = await f().provider.listSshKeys();
        for (const key of keys) SshKeySchema.parse(key);
        expect(sorted(keys.map((key) => key.key))).toEqual(
          sorted(f().sim.dataset.viewer.sshKeys.map((key) => key.key)),
        );
      });
    });

    listing('listOrganizations', () => ({
      operation: 'listOrganizations',
      fetch: (query) => f().provider.listOrganizations(query),
      key: (org) => org.login,
      expected: f().sim.dataset.viewer.organizations,
      schema: OrganizationSchema,
    }));

    listing('listRepositories', () => ({
      operation: 'listRepositories',
      fetch: (query) => f().provider.listRepositories(query),
      key: (repo) => repo.fullName,
      expected: repositoriesFor(f().sim.dataset).map((repo) => repo.fullName),
      schema: RepositorySchema,
    }));

    listing('listRepositories filtered by owner', () => {
      const owner = f().repo.owner;
      return {
        operation: 'listRepositories',
        fetch: (query) => f().provider.listRepositories({ ...query, owner }),
        key: (repo) => repo.fullName,
        expected: repositoriesFor(f().sim.dataset, { owner }).map((repo) => repo.fullName),
        schema: RepositorySchema,
        each: (repo) => {
          expect(repo.owner).toBe(owner);
        },
      };
    });

    describe('getRepository', () => {
      it('finds the repository by URL-encoded full path and by id', async (context) => {
        if (!supported('getRepository')) return context.skip();
        const { provider, repo, sim } = f();
        const byPath = RepositorySchema.parse(
          await provider.getRepository(parseRepoRef(encodeURIComponent(repo.fullName))),
        );
        expect(byPath).toMatchObject({
          id: sim.expected.repositoryId,
          fullName: repo.fullName,
          name: repo.name,
          owner: repo.owner,
          defaultBranch: repo.defaultBranch,
          visibility: repo.visibility,
          archived: repo.archived,
          fork: repo.fork,
          provider: provider.id,
        });
        const byId = await provider.getRepository(parseRepoRef(sim.expected.repositoryId));
        expect(byId.fullName).toBe(repo.fullName);
        expect(byId.id).toBe(sim.expected.repositoryId);
      });

      it('reports an unknown repository as REPOSITORY_NOT_FOUND', async () => {
        const missing = parseRepoRef('no-such-owner%2Fno-such-repo');
        expect(await errorCodeOf(f().provider.getRepository(missing))).toBe('REPOSITORY_NOT_FOUND');
        if (supported('listBranches')) {
          expect(await errorCodeOf(f().provider.listBranches(missing, { limit: 5 }))).toBe(
            'REPOSITORY_NOT_FOUND',
          );
        }
      });
    });

    listing('listBranches', () => ({
      operation: 'listBranches',
      fetch: (query) => f().provider.listBranches(f().ref, query),
      key: (branch) => `${branch.name}@${branch.sha}`,
      expected: f().repo.branches.map((branch) => `${branch.name}@${branch.sha}`),
      schema: BranchSchema,
    }));

    listing('listCommits on the default branch', () => ({
      operation: 'listCommits',
      fetch: (query) => f().provider.listCommits(f().ref, query),
      key: (commit) => commit.sha,
      expected: mainCommits().map((commit) => commit.sha),
      schema: CommitSchema,
      each: (commit) => {
        expect(commit.parents).toEqual(findCommit(f().repo, commit.sha)?.parents);
      },
    }));

    listing('listCommits filtered by branch', () => ({
      operation: 'listCommits',
      fetch: (query) => f().provider.listCommits(f().ref, { ...query, branch: f().branch }),
      key: (commit) => commit.sha,
      expected: (commitsOnBranch(f().repo, f().branch) ?? []).map((commit) => commit.sha),
      schema: CommitSchema,
    }));

    for (const state of ['open', 'closed', 'merged', 'all'] as const) {
      listing(`listPullRequests with state ${state}`, () => ({
        operation: 'listPullRequests',
        fetch: (query) => f().provider.listPullRequests(f().ref, { ...query, state }),
        key: (pr) => String(pr.number),
        expected: pullRequestsByState(f().repo, state).map((pr) => String(pr.number)),
        schema: PullRequestSchema,
        each: (pr) => {
          if (state !== 'all') expect(pr.state).toBe(state);
          const source = f().repo.pullRequests.find((candidate) => candidate.number === pr.number);
          expect(pr).toMatchObject({
            sourceBranch: source?.sourceBranch,
            targetBranch: source?.targetBranch,
            draft: source?.draft,
          });
        },
      }));
    }

    listing('searchPullRequests by repository and state', () => ({
      operation: 'searchPullRequests',
      fetch: (query) =>
        f().provider.searchPullRequests({ ...query, repo: f().repo.fullName, state: 'open' }),
      key: (pr) => `${pr.repository ?? '?'}#${pr.number}`,
      expected: searchPullRequests(f().sim.dataset, { repo: f().repo.fullName, state: 'open' }).map(
        ({ repository, pullRequest }) => `${repository.fullName}#${pullRequest.number}`,
      ),
      schema: PullRequestSchema,
    }));

    listing('searchPullRequests by author across repositories', () => {
      const author = f().repo.pullRequests[0]?.author ?? '';
      return {
        operation: 'searchPullRequests',
        fetch: (query) => f().provider.searchPullRequests({ ...query, author, state: 'all' }),
        key: (pr) => `${pr.repository ?? '?'}#${pr.number}`,
        expected: searchPullRequests(f().sim.dataset, { author, state: 'all' }).map(
          ({ repository, pullRequest }) => `${repository.fullName}#${pullRequest.number}`,
        ),
        schema: PullRequestSchema,
        each: (pr) => {
          expect(pr.author).toBe(author);
        },
      };
    });

    describe('diffs', () => {
      it('getCommitDiff returns the commit’s files and patches', async (context) => {
        if (!supported('getCommitDiff')) return context.skip();
        const commit = [...mainCommits()].sort((a, b) => b.files.length - a.files.length)[0];
        if (commit === undefined) throw new Error('no commits in the dataset');
        const diff = await f().provider.getCommitDiff(f().ref, commit.sha);
        expect(diff.sha).toBe(commit.sha);
        expectDiff(diff, commit.files, f().provider.id);
      });

      it('getPullRequestDiff returns the pull request’s files and patches', async (context) => {
        if (!supported('getPullRequestDiff')) return context.skip();
        for (const pr of f().repo.pullRequests.slice(0, 3)) {
          const diff = await f().provider.getPullRequestDiff(f().ref, pr.number);
          expect(diff.sha).toBe(pr.headSha);
          expectDiff(diff, pr.files, f().provider.id);
        }
      });
    });

    listing('listContributors', () => {
      const byEmail = f().sim.expected.contributorKey === 'email';
      return {
        operation: 'listContributors',
        fetch: (query) => f().provider.listContributors(f().ref, query),
        key: (contributor) =>
          `${(byEmail ? contributor.email : contributor.login) ?? '?'}:${contributor.contributions}`,
        expected: f().repo.contributors.map(
          (contributor) =>
            `${byEmail ? contributor.email : contributor.login}:${contributor.contributions}`,
        ),
        schema: ContributorSchema,
      };
    });

    listing('listTags', () => ({
      operation: 'listTags',
      fetch: (query) => f().provider.listTags(f().ref, query),
      key: (tag) => `${tag.name}@${tag.sha}`,
      expected: f().repo.tags.map((tag) => `${tag.name}@${tag.sha}`),
      schema: TagSchema,
    }));

    listing('listReleases', () => ({
      operation: 'listReleases',
      fetch: (query) => f().provider.listReleases(f().ref, query),
      key: (release) => `${release.id}:${release.tagName}`,
      expected: f().repo.releases.map(
        (release) => `${idOf('release', release)}:${release.tagName}`,
      ),
      schema: ReleaseSchema,
    }));

    listing('listChecks on the default branch head', () => ({
      operation: 'listChecks',
      fetch: (query) => f().provider.listChecks(f().ref, query),
      key: (check) => check.id,
      expected: (checksForRef(f().repo) ?? []).map((check) => idOf('check', check)),
      schema: CheckSchema,
    }));

    listing('listChecks filtered by ref (a sha)', () => ({
      operation: 'listChecks',
      fetch: (query) => f().provider.listChecks(f().ref, { ...query, ref: f().branchHead }),
      key: (check) => check.id,
      expected: (checksForRef(f().repo, f().branchHead) ?? []).map((check) => idOf('check', check)),
      schema: CheckSchema,
      each: (check) => {
        expect(check.sha).toBe(f().branchHead);
      },
    }));

    listing('listChecks filtered by branch', () => ({
      operation: 'listChecks',
      fetch: (query) => f().provider.listChecks(f().ref, { ...query, branch: f().branch }),
      key: (check) => check.id,
      expected: (checksForRef(f().repo, f().branch) ?? []).map((check) => idOf('check', check)),
      schema: CheckSchema,
      each: (check) => {
        expect(check.sha).toBe(f().branchHead);
      },
    }));

    listing('listDeployments', () => ({
      operation: 'listDeployments',
      fetch: (query) => f().provider.listDeployments(f().ref, query),
      key: (deployment) => `${deployment.id}:${deployment.state}`,
      expected: deploymentsFor(f().repo).map(
        (deployment) => `${idOf('deployment', deployment)}:${deployment.state}`,
      ),
      schema: DeploymentSchema,
    }));

    listing('listDeployments filtered by environment', () => ({
      operation: 'listDeployments',
      fetch: (query) =>
        f().provider.listDeployments(f().ref, { ...query, environment: 'production' }),
      key: (deployment) => deployment.id,
      expected: deploymentsFor(f().repo, { environment: 'production' }).map((deployment) =>
        idOf('deployment', deployment),
      ),
      schema: DeploymentSchema,
      each: (deployment) => {
        expect(deployment.environment).toBe('production');
      },
    }));

    const treeCases = [
      { title: 'the root', query: {} },
      { title: 'the whole tree, recursively', query: { recursive: true } },
      { title: 'a directory', query: { path: 'src' } },
      { title: 'a directory, recursively', query: { path: 'docs', recursive: true } },
      { title: 'a branch, recursively', query: { recursive: true }, onBranch: true },
    ] as const;
    for (const treeCase of treeCases) {
      listing(`listFileTree of ${treeCase.title}`, () => {
        const onBranch = 'onBranch' in treeCase;
        const head = onBranch ? f().branchHead : (mainCommits()[0]?.sha ?? '');
        const commit = findCommit(f().repo, head);
        if (commit === undefined) throw new Error(`no commit ${head}`);
        const query: { path?: string; recursive?: boolean; branch?: string } = {
          ...treeCase.query,
        };
        if (onBranch) query.branch = f().branch;
        return {
          operation: 'listFileTree',
          fetch: (page) => f().provider.listFileTree(f().ref, { ...page, ...query }),
          key: (entry) => `${entry.type}:${entry.path}`,
          expected: (treeEntries(commit, query) ?? []).map(
            (entry) => `${entry.type}:${entry.path}`,
          ),
          schema: FileTreeEntrySchema,
        };
      });
    }

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

    describe('webhooks', () => {
      const withoutHeader = (request: WebhookRequest, name: string): WebhookRequest => ({
        ...request,
        headers: Object.fromEntries(
          Object.entries(request.headers).filter(
            ([key]) => key.toLowerCase() !== name.toLowerCase(),
          ),
        ),
      });

      it('verifies and parses every signed delivery into its event type', async () => {
        const deliveries = f().sim.webhooks.deliveries();
        expect(deliveries.length).toBeGreaterThan(0);
        for (const delivery of deliveries) {
          expect(await f().provider.webhooks.verify(delivery.request), delivery.name).toEqual({
            ok: true,
          });
          const event = ScmEventSchema.parse(f().provider.webhooks.parse(delivery.request));
          expect(event, delivery.name).toMatchObject(delivery.expected);
        }
      });

      it('rejects a tampered body and a tampered signature', async () => {
        const [delivery] = f().sim.webhooks.deliveries();
        if (delivery === undefined) throw new Error('the simulator offers no webhook delivery');
        const body =
          typeof delivery.request.rawBody === 'string'
            ? delivery.request.rawBody
            : new TextDecoder().decode(delivery.request.rawBody);
        const tampered = {
          ...delivery.request,
          rawBody: body.replace(/.$/s, (last) => (last === '}' ? ' }' : `${last} `)),
        };
        expect(await f().provider.webhooks.verify(tampered)).toEqual({
          ok: false,
          reason: 'invalid_signature',
        });
        const header = f().sim.webhooks.signatureHeader;
        const signature = getHeader(delivery.request.headers, header) ?? '';
        const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
        const forged = {
          ...withoutHeader(delivery.request, header),
          headers: { ...withoutHeader(delivery.request, header).headers, [header]: flipped },
        };
        expect(await f().provider.webhooks.verify(forged)).toEqual({
          ok: false,
          reason: 'invalid_signature',
        });
      });

      it('rejects a delivery without the signature header', async () => {
        const [delivery] = f().sim.webhooks.deliveries();
        if (delivery === undefined) throw new Error('the simulator offers no webhook delivery');
        const unsigned = withoutHeader(delivery.request, f().sim.webhooks.signatureHeader);
        expect(await f().provider.webhooks.verify(unsigned)).toEqual({
          ok: false,
          reason: 'missing_signature',
        });
      });
    });

    describe('write actions', () => {
      it('createWebhook creates a subscription and deleteWebhook removes it', async (context) => {
        if (!supported('createWebhook')) return context.skip();
        const input = {
          callbackUrl: 'https://hooks.example.test/scm',
          events: ['push', 'pull_request'],
          active: true,
          secret: 'contract-secret',
        };
        const subscription = EventSubscriptionSchema.parse(
          await f().provider.createWebhook(f().ref, input),
        );
        expect(subscription).toMatchObject({
          callbackUrl: input.callbackUrl,
          active: true,
          provider: f().provider.id,
        });
        expect(subscription.events.length).toBeGreaterThan(0);
        expect(JSON.stringify(subscription)).not.toContain(input.secret);
        if (supported('deleteWebhook')) {
          await f().provider.deleteWebhook(f().ref, subscription.id);
          expect(await errorCodeOf(f().provider.deleteWebhook(f().ref, subscription.id))).toBe(
            'RESOURCE_NOT_FOUND',
          );
        }
      });

      it('createComment comments on a pull request', async (context) => {
        if (!supported('createComment')) return context.skip();
        const pr = f().repo.pullRequests[0];
        const comment = await f().provider.createComment(f().ref, {
          number: pr?.number ?? 1,
          body: 'Looks good',
        });
        expect(comment.id).not.toBe('');
      });

      it('setCommitStatus sets a status that listChecks then shows', async (context) => {
        if (!supported('setCommitStatus')) return context.skip();
        const name = `contract/${Date.now().toString(36)}`;
        const check = CheckSchema.parse(
          await f().provider.setCommitStatus(f().ref, {
            sha: f().branchHead,
            state: 'failure',
            context: name,
            description: 'from the suite',
          }),
        );
        expect(check).toMatchObject({
          sha: f().branchHead,
          name,
          status: 'completed',
          conclusion: 'failure',
        });
        if (supported('listChecks')) {
          const { items } = await walkAll(
            (query) => f().provider.listChecks(f().ref, { ...query, ref: f().branchHead }),
            100,
          );
          expect(items.map((item) => item.name)).toContain(name);
        }
      });

      it('addLabels adds labels to a pull request', async (context) => {
        if (!supported('addLabels')) return context.skip();
        const result = await f().provider.addLabels(f().ref, {
          number: f().repo.pullRequests[0]?.number ?? 1,
          labels: ['contract'],
        });
        expect(result.labels).toContain('contract');
      });
    });

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
  });
}
