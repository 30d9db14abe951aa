import { createRequire } from 'node:module';
import {
  BranchSchema,
  CheckSchema,
  CommitSchema,
  ContributorSchema,
  DeploymentSchema,
  DiffFileSchema,
  EventSubscriptionSchema,
  FileTreeEntrySchema,
  OrganizationSchema,
  PullRequestSchema,
  ReleaseSchema,
  RepositorySchema,
  SshKeySchema,
  TagSchema,
  ViewerSchema,
} from '@scm/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  WireBranchSchema,
  WireCheckRunSchema,
  WireCombinedStatusSchema,
  WireCommitSchema,
  WireCommitWithFilesSchema,
  WireContributorSchema,
  WireDeploymentSchema,
  WireDeploymentStatusSchema,
  WireDiffEntrySchema,
  WireHookSchema,
  WireIssueSearchItemSchema,
  WireKeySchema,
  WireOrganizationSchema,
  WirePullRequestSchema,
  WireReleaseSchema,
  WireRepositorySchema,
  WireSearchSchema,
  WireTagSchema,
  WireTreeSchema,
  WireUserSchema,
} from './github-schemas.js';
import { mapOrganization, mapSshKey, mapViewer } from './map-account.js';
import { mapCheckRun, mapCommitStatus, mapDeployment, mapEventSubscription } from './map-ci.js';
import { mapCommit, mapDiffEntry } from './map-commit.js';
import { mapFileTreeEntry } from './map-file-tree.js';
import { mapIssueSearchItem, mapPullRequest } from './map-pull-request.js';
import { mapBranch, mapContributor, mapRelease, mapTag } from './map-refs.js';
import { mapRepository } from './map-repository.js';

// GitHub's own response examples from its OpenAPI description (@octokit/openapi), read in place:
// the golden inputs are GitHub's, the expected outputs sit in __fixtures__/<name>.golden.json.
const require = createRequire(import.meta.url);
const openapi = require('@octokit/openapi/generated/api.github.com.json') as {
  components: { examples: Record<string, { value: unknown }> };
};

function example(name: string): unknown {
  const found = openapi.components.examples[name];
  if (found === undefined) throw new Error(`GitHub's OpenAPI description has no example ${name}`);
  return found.value;
}

const context = { includeRaw: false };

interface GoldenCase {
  /** The OpenAPI example. */
  example: string;
  /** Parses the example with the adapter's wire schema and maps it. */
  map: (value: unknown) => unknown;
  /** Core's schema every mapped item must satisfy. */
  schema: z.ZodType;
}

const each =
  <W, T>(wire: z.ZodType<W>, map: (item: W) => T) =>
  (value: unknown): T[] =>
    z.array(wire).parse(value).map(map);

const cases: Record<string, GoldenCase> = {
  viewer: {
    example: 'private-user',
    map: (value) => mapViewer(WireUserSchema.parse(value), context),
    schema: ViewerSchema,
  },
  organizations: {
    example: 'organization-simple-items',
    map: each(WireOrganizationSchema, (wire) =>
      mapOrganization(wire, { ...context, webUrl: 'https://github.com' }),
    ),
    schema: z.array(OrganizationSchema),
  },
  'ssh-keys': {
    example: 'key-items',
    map: each(WireKeySchema, (wire) => mapSshKey(wire, context)),
    schema: z.array(SshKeySchema),
  },
  repository: {
    example: 'full-repository',
    map: (value) => mapRepository(WireRepositorySchema.parse(value), context),
    schema: RepositorySchema,
  },
  repositories: {
    example: 'minimal-repository-items',
    map: each(WireRepositorySchema, (wire) => mapRepository(wire, context)),
    schema: z.array(RepositorySchema),
  },
  branches: {
    example: 'short-branch-with-protection-items',
    map: each(WireBranchSchema, (wire) => mapBranch(wire, context)),
    schema: z.array(BranchSchema),
  },
  commits: {
    example: 'commit-items',
    map: each(WireCommitSchema, (wire) => mapCommit(wire, context)),
    schema: z.array(CommitSchema),
  },
  'commit-files': {
    example: 'commit',
    map: (value) => (WireCommitWithFilesSchema.parse(value).files ?? []).map(mapDiffEntry),
    schema: z.array(DiffFileSchema),
  },
  'pull-request-files': {
    example: 'diff-entry-items',
    map: each(WireDiffEntrySchema, mapDiffEntry),
    schema: z.array(DiffFileSchema),
  },
  'pull-request': {
    example: 'pull-request',
    map: (value) => mapPullRequest(WirePullRequestSchema.parse(value), context),
    schema: PullRequestSchema,
  },
  'pull-requests': {
    example: 'pull-request-simple-items',
    map: each(WirePullRequestSchema, (wire) => mapPullRequest(wire, context)),
    schema: z.array(PullRequestSchema),
  },
  'pull-request-search': {
    example: 'issue-search-result-item-paginated',
    map: (value) =>
      WireSearchSchema(WireIssueSearchItemSchema)
        .parse(value)
        .items.map((item) => mapIssueSearchItem(item, context)),
    schema: z.array(PullRequestSchema),
  },
  contributors: {
    example: 'contributor-items-response-if-repository-contains-content',
    map: each(WireContributorSchema, (wire) => mapContributor(wire, context)),
    schema: z.array(ContributorSchema),
  },
  tags: {
    example: 'tag-items',
    map: each(WireTagSchema, (wire) => mapTag(wire, context)),
    schema: z.array(TagSchema),
  },
  release: {
    example: 'release',
    map: (value) => mapRelease(WireReleaseSchema.parse(value), context),
    schema: ReleaseSchema,
  },
  'check-run': {
    example: 'check-run',
    map: (value) => mapCheckRun(WireCheckRunSchema.parse(value), context),
    schema: CheckSchema,
  },
  'commit-statuses': {
    example: 'combined-commit-status',
    map: (value) => {
      const combined = WireCombinedStatusSchema.parse(value);
      return combined.statuses.map((status) => mapCommitStatus(status, combined.sha, context));
    },
    schema: z.array(CheckSchema),
  },
  deployment: {
    example: 'deployment',
    map: (value) =>
      mapDeployment(
        WireDeploymentSchema.parse(value),
        WireDeploymentStatusSchema.parse(example('deployment-status')),
        context,
      ),
    schema: DeploymentSchema,
  },
  'file-tree': {
    example: 'git-tree-response-recursively-retrieving-a-tree',
    map: (value) =>
      WireTreeSchema.parse(value).tree.map((entry) => mapFileTreeEntry(entry, context)),
    schema: z.array(FileTreeEntrySchema),
  },
  webhook: {
    example: 'hook',
    map: (value) =>
      mapEventSubscription(WireHookSchema.parse(value), 'octocat/Hello-World', context),
    schema: EventSubscriptionSchema,
  },
};

describe('mappers against GitHub’s own examples', () => {
  for (const [name, golden] of Object.entries(cases)) {
    it(`maps ${golden.example} to __fixtures__/${name}.golden.json`, async () => {
      const mapped = golden.map(example(golden.example));
      expect(golden.schema.parse(mapped)).toEqual(mapped);
      await expect(`${JSON.stringify(mapped, null, 2)}\n`).toMatchFileSnapshot(
        `./__fixtures__/${name}.golden.json`,
      );
    });
  }

  it('attaches the wire payload as raw only when asked', () => {
    const wire = WireRepositorySchema.parse(example('full-repository'));
    expect(mapRepository(wire, { includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapRepository(wire, context)).toBe(false);
  });

  it('tolerates extra fields and rejects a payload missing a field it maps', () => {
    const payload = example('full-repository') as Record<string, unknown>;
    expect(WireRepositorySchema.safeParse({ ...payload, brand_new_field: { x: 1 } }).success).toBe(
      true,
    );
    const { full_name: _fullName, ...withoutFullName } = payload;
    expect(WireRepositorySchema.safeParse(withoutFullName).success).toBe(false);
  });
});
