import {
  BranchSchema,
  CommitSchema,
  DiffSchema,
  OrganizationSchema,
  SshKeySchema,
} from '@scm/core';
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
import { corpusJson } from './corpora.js';
import { golden } from './golden.js';

const context: MapContext = { includeRaw: false };

type Json = Record<string, unknown>;

/** The `response` example Atlassian documents for a GET operation's 200. */
function example(path: string): unknown {
  const spec = corpusJson('openapi/cloud-swagger.v3.json') as Json;
  const operation = ((spec.paths as Json)[path] as Json).get as Json;
  const content = ((operation.responses as Json)['200'] as Json).content as Json;
  return (((content['application/json'] as Json).examples as Json).response as Json).value;
}

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
      const mapped = entry.map(example(entry.path));
      expect(mapped.length).toBeGreaterThan(0);
      for (const item of mapped) entry.schema.parse(item);
      const name = entry.path.replaceAll(/[{}]/g, '').replaceAll('/', '-').slice(1);
      expect(mapped).toEqual(golden(`openapi-examples/${name}`, mapped));
    });
  }
});
