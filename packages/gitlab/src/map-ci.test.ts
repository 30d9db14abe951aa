import { CheckSchema, DeploymentSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  WireCommitStatusSchema,
  WireDeploymentSchema,
  WirePipelineSchema,
} from './gitlab-schemas.js';
import { checkState, mapCommitStatus, mapDeployment, mapPipeline } from './map-ci.js';

const context = { includeRaw: false, webBase: 'https://example.com/gitlab' };

// The fixtures follow the examples of GitLab's API docs: commit-statuses.json "List the statuses
// of a commit" (https://docs.gitlab.com/api/commits/), pipelines.json "List project pipelines"
// (https://docs.gitlab.com/api/pipelines/), deployments.json "List project deployments"
// (https://docs.gitlab.com/api/deployments/).
describe('golden checks and deployments', () => {
  it('maps commit statuses to their golden form', () => {
    const checks = z
      .array(WireCommitStatusSchema)
      .parse(readFixture(import.meta.url, 'commit-statuses'))
      .map((wire) => mapCommitStatus(wire, context));
    for (const check of checks) expect(CheckSchema.parse(check)).toEqual(check);
    expectGolden(checks, goldenPath(import.meta.url, 'commit-statuses'));
  });

  it('maps pipelines to their golden form, an unnamed one by its number', () => {
    const checks = z
      .array(WirePipelineSchema)
      .parse(readFixture(import.meta.url, 'pipelines'))
      .map((wire) => mapPipeline(wire, context));
    for (const check of checks) expect(CheckSchema.parse(check)).toEqual(check);
    expect(checks.map((check) => check.name)).toEqual(['Build pipeline', 'pipeline #13']);
    expectGolden(checks, goldenPath(import.meta.url, 'pipelines'));
  });

  it('maps deployments to their golden form', () => {
    const deployments = z
      .array(WireDeploymentSchema)
      .parse(readFixture(import.meta.url, 'deployments'))
      .map((wire) => mapDeployment(wire, context));
    for (const deployment of deployments)
      expect(DeploymentSchema.parse(deployment)).toEqual(deployment);
    expectGolden(deployments, goldenPath(import.meta.url, 'deployments'));
  });
});

describe('checks and deployments', () => {
  it('maps GitLab statuses; an unknown one stays queued', () => {
    expect(checkState('failed')).toEqual({ status: 'completed', conclusion: 'failure' });
    expect(checkState('canceled')).toEqual({ status: 'completed', conclusion: 'cancelled' });
    expect(checkState('manual')).toEqual({ status: 'completed', conclusion: 'action_required' });
    expect(checkState('running')).toEqual({ status: 'in_progress', conclusion: null });
    expect(checkState('brand_new')).toEqual({ status: 'queued', conclusion: null });
  });

  it('keeps commit status and pipeline ids apart', () => {
    const status = mapCommitStatus(
      WireCommitStatusSchema.parse({ id: 5, sha: 'a'.repeat(40), status: 'success', name: 'lint' }),
      context,
    );
    const pipeline = mapPipeline(
      WirePipelineSchema.parse({ id: 5, iid: 2, sha: 'a'.repeat(40), status: 'running' }),
      context,
    );
    expect([status.id, status.kind, pipeline.id, pipeline.kind, pipeline.name]).toEqual([
      'status-5',
      'commit_status',
      'pipeline-5',
      'pipeline',
      'pipeline #2',
    ]);
  });

  it('maps deployment statuses, blocked as pending', () => {
    const wire = (status: string) =>
      WireDeploymentSchema.parse({ id: 1, status, environment: { name: 'prod' } });
    expect(
      ['created', 'blocked', 'running', 'success', 'failed', 'canceled', 'new'].map(
        (s) => mapDeployment(wire(s), context).state,
      ),
    ).toEqual(['pending', 'pending', 'in_progress', 'success', 'failure', 'cancelled', 'unknown']);
  });
});
