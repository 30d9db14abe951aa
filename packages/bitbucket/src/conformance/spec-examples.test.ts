import {
  BranchSchema,
  CommitSchema,
  DiffSchema,
  OrganizationSchema,
  SshKeySchema,
} from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  WireBranchSchema,
  WireCommitSchema,
  WireDiffstatSchema,
  WireSshKeySchema,
  WireWorkspaceAccessSchema,
  wirePageSchema,
} from '../bitbucket-schemas.js';
import { mapCommit, mapDiff } from '../map-commits.js';
import type { MapContext } from '../map-common.js';
import { mapSshKey } from '../map-keys.js';
import { mapOrganization } from '../map-organizations.js';
import { mapBranch } from '../map-refs.js';
import { GOLDEN_BASE, specExample, specExampleName } from './corpora.js';

const context: MapContext = { includeRaw: false };

const EXAMPLES: {
  path: string;
  operation: string;
  schema: z.ZodType;
  map: (body: unknown) => unknown[];
}[] = [
  {
    path: '/user/workspaces',
    operation: 'listOrganizations',
    schema: OrganizationSchema,
    map: (body) =>
      wirePageSchema(WireWorkspaceAccessSchema)
        .parse(body)
        .values.map((access) => mapOrganization(access.workspace, context)),
  },
  {
    path: '/users/{selected_user}/ssh-keys',
    operation: 'listSshKeys',
    schema: SshKeySchema,
    map: (body) =>
      wirePageSchema(WireSshKeySchema)
        .parse(body)
        .values.map((key) => mapSshKey(key, context)),
  },
  {
    path: '/repositories/{workspace}/{repo_slug}/refs/branches',
    operation: 'listBranches',
    schema: BranchSchema,
    map: (body) =>
      wirePageSchema(WireBranchSchema)
        .parse(body)
        .values.map((branch) => mapBranch(branch, context)),
  },
  {
    path: '/repositories/{workspace}/{repo_slug}/commit/{commit}',
    operation: 'getCommitDiff (the commit)',
    schema: CommitSchema,
    map: (body) => [mapCommit(WireCommitSchema.parse(body), context)],
  },
  {
    path: '/repositories/{workspace}/{repo_slug}/diffstat/{spec}',
    operation: 'getCommitDiff (the diffstat)',
    schema: DiffSchema,
    map: (body) => [
      mapDiff(
        {
          sha: null,
          baseSha: null,
          diffstat: wirePageSchema(WireDiffstatSchema).parse(body).values,
          diff: '',
          truncated: false,
        },
        context,
      ),
    ],
  },
];

describe('Atlassian’s documented examples map through the adapter', () => {
  for (const entry of EXAMPLES) {
    it(`${entry.path} (${entry.operation})`, () => {
      const mapped = entry.map(specExample(entry.path));
      expect(mapped.length).toBeGreaterThan(0);
      for (const item of mapped) entry.schema.parse(item);
      expectGolden(mapped, goldenPath(GOLDEN_BASE, specExampleName(entry.path)));
    });
  }
});
