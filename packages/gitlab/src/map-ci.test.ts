import { describe, expect, it } from 'vitest';
import {
  WireCommitStatusSchema,
  WireDeploymentSchema,
  WirePipelineSchema,
} from './gitlab-schemas.js';
import { checkState, mapCommitStatus, mapDeployment, mapPipeline } from './map-ci.js';

const context = { includeRaw: false, webBase: 'https://example.com/gitlab' };

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
