import { CheckSchema, DeploymentSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  WireCheckRunSchema,
  WireCombinedStatusSchema,
  WireDeploymentSchema,
  WireDeploymentStatusSchema,
} from './github-schemas.js';
import { mapCheckRun, mapCommitStatus, mapDeployment } from './map-ci.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapCheckRun, mapCommitStatus and mapDeployment against GitHub’s own examples', () => {
  it('maps check-run to __fixtures__/check-run.golden.json', () => {
    const mapped = mapCheckRun(
      WireCheckRunSchema.parse(readFixture(import.meta.url, 'check-run')),
      context,
    );
    expect(CheckSchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'check-run'));
  });

  it('maps combined-commit-status to __fixtures__/commit-statuses.golden.json', () => {
    const combined = WireCombinedStatusSchema.parse(
      readFixture(import.meta.url, 'commit-statuses'),
    );
    const mapped = combined.statuses.map((status) =>
      mapCommitStatus(status, combined.sha, context),
    );
    expect(z.array(CheckSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'commit-statuses'));
  });

  it('maps deployment to __fixtures__/deployment.golden.json', () => {
    const mapped = mapDeployment(
      WireDeploymentSchema.parse(
        (readFixture(import.meta.url, 'deployment') as { deployment: unknown }).deployment,
      ),
      WireDeploymentStatusSchema.parse(
        (readFixture(import.meta.url, 'deployment') as { status: unknown }).status,
      ),
      context,
    );
    expect(DeploymentSchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'deployment'));
  });
});
