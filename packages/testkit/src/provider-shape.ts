import type { Capabilities, Operation } from '@scm/core';

/**
 * The shape of a provider package (CONTRIBUTING.md, "The shape of a provider package"), as data a
 * test can compare each package with. Paths are relative to the package's `src/` (the example's:
 * `packages/testkit/src/example/`); `{name}` is the provider id, `{group}` an operation group.
 */

/**
 * Every `ScmProvider` operation, in exactly one group. A group's operations live in
 * `ops/{group}.ts`, their mappings in `map-{group}.ts`.
 */
export const PROVIDER_OPERATION_GROUPS = {
  account: ['getViewer'],
  organizations: ['listOrganizations'],
  keys: ['listSshKeys'],
  repositories: ['listRepositories', 'getRepository', 'listContributors'],
  refs: ['listBranches', 'listTags', 'listReleases'],
  commits: ['listCommits', 'getCommitDiff'],
  'pull-requests': [
    'listPullRequests',
    'getPullRequestDiff',
    'searchPullRequests',
    'createComment',
    'addLabels',
  ],
  ci: ['listChecks', 'listDeployments', 'setCommitStatus'],
  'file-tree': ['listFileTree', 'getFileContent'],
  hooks: ['createWebhook', 'deleteWebhook'],
} as const satisfies Record<string, readonly Operation[]>;

export type ProviderOperationGroup = keyof typeof PROVIDER_OPERATION_GROUPS;

/** The files every provider package has, whatever it supports. */
export const PROVIDER_PACKAGE_FILES = [
  'index.ts',
  '{name}-provider.ts',
  '{name}-client.ts',
  '{name}-capabilities.ts',
  '{name}-settings.ts',
  '{name}-schemas.ts',
  '{name}-errors.ts',
  '{name}-pagination.ts',
  '{name}-webhooks.ts',
  'map-common.ts',
  'map-event.ts',
  'map-event.test.ts',
  'conformance/contract.integration.test.ts',
] as const;

/** The files of each group the provider serves at least one operation of. */
export const PROVIDER_GROUP_FILES = [
  'ops/{group}.ts',
  'map-{group}.ts',
  'map-{group}.test.ts',
] as const;

/** The groups with at least one operation `capabilities` marks supported (all, without it). */
export function servedOperationGroups(capabilities?: Capabilities): ProviderOperationGroup[] {
  return (Object.keys(PROVIDER_OPERATION_GROUPS) as ProviderOperationGroup[]).filter((group) =>
    PROVIDER_OPERATION_GROUPS[group].some(
      (operation: Operation) => capabilities?.[operation].supported ?? true,
    ),
  );
}

/**
 * The relative paths one provider package must have: `PROVIDER_PACKAGE_FILES` with `{name}`
 * filled in, and `PROVIDER_GROUP_FILES` for each group it serves. More files are allowed
 * (`<name>-oauth.ts`, other conformance tests, `map-event-<family>.ts`), fewer are not.
 */
export function providerPackageFiles(name: string, capabilities?: Capabilities): string[] {
  return [
    ...PROVIDER_PACKAGE_FILES.map((file) => file.replace('{name}', name)),
    ...servedOperationGroups(capabilities).flatMap((group) =>
      PROVIDER_GROUP_FILES.map((file) => file.replace('{group}', group)),
    ),
  ];
}
