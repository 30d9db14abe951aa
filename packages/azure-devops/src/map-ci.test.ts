import { CheckSchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import {
  GIT_EXAMPLES,
  officialGolden,
  officialResponse,
  serviceHookSample,
} from './azure-official-examples.js';
import { WireBuildSchema, WireStatusSchema, wireListSchema } from './azure-schemas.js';
import { mapBuild, mapStatus, wireStatusContext, wireStatusState } from './map-ci.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};
const sha = '67cae2b029dff7eb3dc062b49403aaedca5bad8d';

describe('mapStatus', () => {
  it('maps the official commit and pull request statuses: genre/name, succeeded is success', () => {
    const statuses = [
      ...wireListSchema(WireStatusSchema).parse(
        officialResponse(
          `${GIT_EXAMPLES}statuses/GET__git_repositories__repositoryId__commits__commitId__statuses.json`,
        ),
      ).value,
      ...wireListSchema(WireStatusSchema).parse(
        officialResponse(
          `${GIT_EXAMPLES}pullRequestStatuses/GET_git_pullRequestStatuses_statuses.json`,
        ),
      ).value,
    ].map((wire) => mapStatus(wire, sha, context));
    for (const check of statuses) expect(CheckSchema.parse(check)).toEqual(check);
    expect(statuses[0]).toMatchObject({
      name: 'continuous-integration/Build123',
      status: 'completed',
      conclusion: 'success',
      detailsUrl: 'https://ci.fabrikam.com/my-project/build/123',
    });
    expectGolden(statuses, officialGolden('statuses'));
  });

  it('writes a core status as Azure’s state and context', () => {
    expect(wireStatusState('failure')).toBe('failed');
    expect(wireStatusContext('ci/build')).toEqual({ genre: 'ci', name: 'build' });
    expect(wireStatusContext('build')).toEqual({ name: 'build' });
  });
});

describe('mapBuild', () => {
  it('maps the build of the official build.complete sample (an older build, outcome in status)', () => {
    const sample = serviceHookSample('build.complete') as { resource: unknown };
    const check = mapBuild(WireBuildSchema.parse(sample.resource), context);
    expect(CheckSchema.parse(check)).toEqual(check);
    expect(check).toMatchObject({
      id: 'build-2',
      kind: 'pipeline',
      name: 'ConsumerAddressModule',
      status: 'completed',
      conclusion: 'success',
      sha: '600c52d2d5b655caa111abfd863e5a9bd304bb0e',
    });
    expectGolden(check, officialGolden('build'));
  });

  it('reads a build’s status and result', () => {
    const build = (status: string, result?: string) =>
      mapBuild({ id: 1, status, result, sourceVersion: sha }, context);
    expect(build('inProgress')).toMatchObject({ status: 'in_progress', conclusion: null });
    expect(build('notStarted')).toMatchObject({ status: 'queued' });
    expect(build('completed', 'failed')).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
    });
    expect(build('completed', 'canceled').conclusion).toBe('cancelled');
  });
});
