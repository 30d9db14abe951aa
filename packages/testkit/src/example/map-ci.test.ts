import { CheckSchema, DeploymentSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { WireCheckSchema, WireDeploymentSchema, wirePageSchema } from './example-schemas.js';
import { mapCheck, mapDeployment } from './map-ci.js';

const context = { includeRaw: false };

describe('mapCheck', () => {
  it('maps check runs and commit statuses to their golden form', () => {
    const page = wirePageSchema(WireCheckSchema).parse(readFixture(import.meta.url, 'checks'));
    const checks = page.items.map((wire) => mapCheck(wire, context));
    for (const check of checks) expect(CheckSchema.parse(check)).toEqual(check);
    expect(checks.map((check) => check.kind)).toContain('commit_status');
    expectGolden(checks, goldenPath(import.meta.url, 'checks'));
  });
});

describe('mapDeployment', () => {
  it('maps deployments to their golden form', () => {
    const page = wirePageSchema(WireDeploymentSchema).parse(
      readFixture(import.meta.url, 'deployments'),
    );
    const deployments = page.items.map((wire) => mapDeployment(wire, context));
    for (const deployment of deployments)
      expect(DeploymentSchema.parse(deployment)).toEqual(deployment);
    expectGolden(deployments, goldenPath(import.meta.url, 'deployments'));
  });

  it('reports a state it does not know as unknown instead of guessing', () => {
    const page = wirePageSchema(WireDeploymentSchema).parse(
      readFixture(import.meta.url, 'deployments'),
    );
    const [first] = page.items;
    if (first === undefined) throw new Error('the fixture has no deployment');
    expect(mapDeployment({ ...first, state: 'teleported' }, context).state).toBe('unknown');
  });
});
