import { getHeader } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGitHubWebhookSchemas } from './openapi.js';

// The webhook deliveries the GitHub simulator signs must carry payloads that validate against the
// request bodies GitHub documents for their event and action (@octokit/openapi-webhooks).

describe('GitHub simulator webhook deliveries against @octokit/openapi-webhooks', () => {
  let sim: GitHubSimulator;
  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 7 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('sends documented events whose payloads validate', () => {
    const schemas = loadGitHubWebhookSchemas();
    const deliveries = sim.webhooks.deliveries();
    expect(deliveries.length).toBeGreaterThan(3);
    const findings: string[] = [];
    for (const delivery of deliveries) {
      const event = getHeader(delivery.request.headers, 'x-github-event') ?? '';
      const raw = delivery.request.rawBody;
      const payload = JSON.parse(
        typeof raw === 'string' ? raw : new TextDecoder().decode(raw),
      ) as unknown;
      const result = schemas.check(event, payload);
      if (!result.documented)
        findings.push(`${delivery.name}: ${event} is not a documented webhook`);
      for (const error of result.errors) findings.push(`${delivery.name}: ${error}`);
    }
    expect(findings).toEqual([]);
  });
});
