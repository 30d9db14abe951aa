import { OPERATIONS, type RepoRef } from '@scm/core';
import { PROVIDER_OPERATION_GROUPS, type ProviderOperationGroup } from '@scm/testkit';
import { describe, expect, it } from 'vitest';
import { createGitLabClient, type GitLabClient } from './gitlab-client.js';
import { createGitLabProvider } from './gitlab-provider.js';
import type { GitLabProviderSettings } from './gitlab-settings.js';
import { accountOps } from './ops/account.js';
import { ciOps } from './ops/ci.js';
import { commitsOps } from './ops/commits.js';
import { fileTreeOps } from './ops/file-tree.js';
import { hooksOps } from './ops/hooks.js';
import { keysOps } from './ops/keys.js';
import { organizationsOps } from './ops/organizations.js';
import { pullRequestsOps } from './ops/pull-requests.js';
import { refsOps } from './ops/refs.js';
import { repositoriesOps } from './ops/repositories.js';

const OPS: Record<ProviderOperationGroup, (client: GitLabClient) => object> = {
  account: accountOps,
  organizations: organizationsOps,
  keys: keysOps,
  repositories: repositoriesOps,
  refs: refsOps,
  commits: commitsOps,
  'pull-requests': pullRequestsOps,
  ci: ciOps,
  'file-tree': fileTreeOps,
  hooks: hooksOps,
};

// Nothing listens there: a request that was sent would fail with a network error instead.
const settings: GitLabProviderSettings = {
  baseUrl: 'http://127.0.0.1:9',
  auth: { type: 'private-token', token: 'unused' },
};

describe('createGitLabProvider', () => {
  it('assembles every operation from the ops file of its group', async () => {
    const client = createGitLabClient(settings);
    const provider = createGitLabProvider(settings);
    try {
      for (const [group, operations] of Object.entries(PROVIDER_OPERATION_GROUPS))
        expect(Object.keys(OPS[group as ProviderOperationGroup](client)).sort(), group).toEqual(
          [...operations].sort(),
        );
      for (const operation of OPERATIONS)
        expect(typeof provider[operation], operation).toBe('function');
    } finally {
      await client.close();
      await provider.close();
    }
  });

  it('refuses a bad sha, number, hook id, limit or label by rejecting, before any request', async () => {
    const provider = createGitLabProvider(settings);
    const repo: RepoRef = { kind: 'id', id: '1' };
    try {
      const calls: [string, () => Promise<unknown>][] = [
        ['getCommitDiff', () => provider.getCommitDiff(repo, '../../admin')],
        ['getPullRequestDiff', () => provider.getPullRequestDiff(repo, -1)],
        ['createComment', () => provider.createComment(repo, { number: 1.5, body: 'x' })],
        [
          'setCommitStatus',
          () => provider.setCommitStatus(repo, { sha: 'main', state: 'success', context: 'ci' }),
        ],
        ['deleteWebhook', () => provider.deleteWebhook(repo, '1/../2')],
        ['addLabels', () => provider.addLabels(repo, { number: 1, labels: ['a,b'] })],
        [
          'createWebhook',
          () =>
            provider.createWebhook(repo, {
              callbackUrl: 'https://example.test/hook',
              events: ['push'],
              active: false,
              secret: 's',
            }),
        ],
      ];
      for (const [name, call] of calls) {
        let promise: Promise<unknown> | undefined;
        expect(() => {
          promise = call();
        }, name).not.toThrow();
        await expect(promise, name).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
          provider: 'gitlab',
        });
      }
      for (const call of [
        () => provider.listBranches(repo, { limit: 0 }),
        () => provider.listChecks(repo, { limit: 101 }),
        () => provider.listRepositories({ limit: 1000 }),
      ]) {
        let promise: Promise<unknown> | undefined;
        expect(() => {
          promise = call();
        }).not.toThrow();
        await expect(promise).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
      }
    } finally {
      await provider.close();
    }
  });
});
