import type { Operation } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { PROVIDER_OPERATION_GROUPS, type ProviderOperationGroup } from '../provider-shape.js';
import { exampleCapabilities } from './example-capabilities.js';
import { createExampleClient, type ExampleClient } from './example-client.js';
import { createExampleProvider } from './example-provider.js';
import { accountOps } from './ops/account.js';
import { ciOps } from './ops/ci.js';
import { commitsOps } from './ops/commits.js';
import { fileTreeOps } from './ops/file-tree.js';
import { hooksOps } from './ops/hooks.js';
import { organizationsOps } from './ops/organizations.js';
import { pullRequestsOps } from './ops/pull-requests.js';
import { refsOps } from './ops/refs.js';
import { repositoriesOps } from './ops/repositories.js';

const OPS: Partial<Record<ProviderOperationGroup, (client: ExampleClient) => object>> = {
  account: accountOps,
  organizations: organizationsOps,
  repositories: repositoriesOps,
  refs: refsOps,
  commits: commitsOps,
  'pull-requests': pullRequestsOps,
  ci: ciOps,
  'file-tree': fileTreeOps,
  hooks: hooksOps,
};

describe('createExampleProvider', () => {
  it('assembles each group from its ops file: the supported operations, and only those', async () => {
    const client = createExampleClient({ token: 'unused' });
    try {
      for (const [group, operations] of Object.entries(PROVIDER_OPERATION_GROUPS)) {
        const supported = operations.filter(
          (operation: Operation) => exampleCapabilities[operation].supported,
        );
        const ops = OPS[group as ProviderOperationGroup];
        expect(Object.keys(ops?.(client) ?? {}).sort(), group).toEqual([...supported].sort());
      }
    } finally {
      await client.close();
    }
  });

  it('rejects the unsupported operations with UNSUPPORTED_ENDPOINT', async () => {
    const provider = createExampleProvider({ token: 'unused' });
    try {
      await expect(provider.listSshKeys()).rejects.toMatchObject({ code: 'UNSUPPORTED_ENDPOINT' });
      await expect(
        provider.addLabels({ kind: 'id', id: '1' }, { number: 1, labels: ['x'] }),
      ).rejects.toMatchObject({ code: 'UNSUPPORTED_ENDPOINT' });
    } finally {
      await provider.close();
    }
  });

  it('refuses a sha or a number that cannot be a path segment, before any request', async () => {
    const provider = createExampleProvider({ token: 'unused', baseUrl: 'http://127.0.0.1:9' });
    const repo = { kind: 'id', id: '1' } as const;
    try {
      for (const call of [
        provider.getCommitDiff(repo, '../../admin'),
        provider.getPullRequestDiff(repo, -1),
        provider.createComment(repo, { number: 1.5, body: 'x' }),
        provider.setCommitStatus(repo, { sha: 'main', state: 'success', context: 'ci' }),
      ]) {
        await expect(call).rejects.toMatchObject({ code: 'INVALID_REQUEST', provider: 'example' });
      }
    } finally {
      await provider.close();
    }
  });
});
