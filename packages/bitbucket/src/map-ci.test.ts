import { CheckSchema, DeploymentSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import {
  WireCommitStatusSchema,
  WireDeploymentSchema,
  WirePipelineSchema,
} from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapCommitStatus, mapDeployment, mapPipeline } from './map-ci.js';

const context = { includeRaw: false };
const sha = 'a'.repeat(40);
// The build status bitbucket.org answered to a POST …/statuses/build.
const STATUS_SHA = '046d9a3c1532acf4cf08fe93235c00e4d673c1d2';
const STATUS = `api/2.0-repositories-amuniz-test-repos-commit-${STATUS_SHA}-statuses-build`;

describe('mapCommitStatus', () => {
  it('maps the recorded build status to its golden check', () => {
    const check = mapCommitStatus(
      WireCommitStatusSchema.parse(corpusJson(`${STATUS}.json`)),
      STATUS_SHA,
      context,
    );
    expect(CheckSchema.parse(check)).toEqual(check);
    expectGolden(check, goldenPath(import.meta.url, STATUS));
  });

  it.each([
    ['INPROGRESS', 'in_progress', null],
    ['SUCCESSFUL', 'completed', 'success'],
    ['FAILED', 'completed', 'failure'],
    ['STOPPED', 'completed', 'cancelled'],
  ] as const)(
    'maps %s to %s / %s, named by its key when it has no name',
    (state, status, conclusion) => {
      const check = mapCommitStatus(
        WireCommitStatusSchema.parse({ key: 'ci', state, created_on: '2024-01-01T00:00:00Z' }),
        sha,
        context,
      );
      expect(CheckSchema.parse(check)).toMatchObject({
        id: 'ci',
        kind: 'commit_status',
        name: 'ci',
        sha,
        status,
        conclusion,
        completedAt: null,
      });
    },
  );
});

describe('mapPipeline', () => {
  it.each([
    [{ name: 'PENDING' }, 'queued', null],
    [{ name: 'IN_PROGRESS' }, 'in_progress', null],
    [{ name: 'COMPLETED', result: { name: 'SUCCESSFUL' } }, 'completed', 'success'],
    [{ name: 'COMPLETED', result: { name: 'FAILED' } }, 'completed', 'failure'],
    [{ name: 'COMPLETED', result: { name: 'ERROR' } }, 'completed', 'failure'],
    [{ name: 'COMPLETED', result: { name: 'STOPPED' } }, 'completed', 'cancelled'],
    [{ name: 'COMPLETED', result: { name: 'EXPIRED' } }, 'completed', 'timed_out'],
    [{ name: 'COMPLETED', result: { name: 'SOMETHING_NEW' } }, 'completed', 'neutral'],
  ] as const)('maps state %j to %s / %s', (state, status, conclusion) => {
    const check = mapPipeline(
      WirePipelineSchema.parse({
        uuid: '{p}',
        build_number: 7,
        state,
        target: { commit: { hash: sha } },
      }),
      'b'.repeat(40),
      context,
    );
    expect(CheckSchema.parse(check)).toMatchObject({
      id: '{p}',
      kind: 'pipeline',
      name: 'Pipeline #7',
      sha,
      status,
      conclusion,
    });
  });
});

describe('mapDeployment', () => {
  const environments = new Map([['{env}', 'production']]);
  it.each([
    [{ name: 'UNDEPLOYED' }, 'pending'],
    [{ name: 'IN_PROGRESS' }, 'in_progress'],
    [{ name: 'COMPLETED', status: { name: 'SUCCESSFUL' } }, 'success'],
    [{ name: 'COMPLETED', status: { name: 'FAILED' } }, 'failure'],
    [{ name: 'COMPLETED', status: { name: 'STOPPED' } }, 'cancelled'],
    [{ name: 'PAUSED' }, 'unknown'],
  ] as const)('maps state %j to %s and names the environment', (state, expected) => {
    const deployment = mapDeployment(
      WireDeploymentSchema.parse({
        uuid: '{d}',
        state: { ...state, deployer: { nickname: 'ada' }, start_date: '2024-01-01T00:00:00Z' },
        environment: { uuid: '{env}' },
        release: { commit: { hash: sha }, created_on: '2024-01-01T00:00:00Z' },
      }),
      environments,
      context,
    );
    expect(DeploymentSchema.parse(deployment)).toMatchObject({
      state: expected,
      environment: 'production',
      sha,
      creator: 'ada',
      ref: null,
    });
  });
});
