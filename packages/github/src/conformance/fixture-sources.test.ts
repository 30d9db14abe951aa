import { readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { openApiExample, readPackageJson } from './octokit-data.js';

// The mapping tests' inputs (src/__fixtures__/<name>.json) are GitHub's own examples, copied so
// that each golden file has its input beside it. This keeps the copies equal to the examples of
// the pinned @octokit packages: after an upgrade, a changed example fails here; rewrite the copy
// (as this table says) and review both it and the golden file.
// readFixture looks in the __fixtures__ folder beside the file it is given: src/.
const fixtures = new URL('../index.ts', import.meta.url);

/** Golden name → the @octokit/openapi `components.examples` entry its input is. */
const OPENAPI_EXAMPLES: Record<string, string> = {
  viewer: 'private-user',
  'check-run': 'check-run',
  'commit-statuses': 'combined-commit-status',
  commits: 'commit-items',
  'commit-files': 'commit',
  'file-tree': 'git-tree-response-recursively-retrieving-a-tree',
  webhook: 'hook',
  'ssh-keys': 'key-items',
  organizations: 'organization-simple-items',
  'pull-request': 'pull-request',
  'pull-requests': 'pull-request-simple-items',
  'pull-request-search': 'issue-search-result-item-paginated',
  'pull-request-files': 'diff-entry-items',
  branches: 'short-branch-with-protection-items',
  tags: 'tag-items',
  release: 'release',
  repository: 'full-repository',
  repositories: 'minimal-repository-items',
  contributors: 'contributor-items-response-if-repository-contains-content',
};

describe("the mapping tests' inputs", () => {
  it.each(Object.entries(OPENAPI_EXAMPLES))('%s.json is the %s example', (name, example) => {
    expect(readFixture(fixtures, name)).toEqual(openApiExample(example));
  });

  it('deployment.json is the deployment and deployment-status examples', () => {
    expect(readFixture(fixtures, 'deployment')).toEqual({
      deployment: openApiExample('deployment'),
      status: openApiExample('deployment-status'),
    });
  });

  it('events.json is the first @octokit/webhooks-examples example of each event', () => {
    const definitions = readPackageJson(
      '@octokit/webhooks-examples',
      'api.github.com/index.json',
    ) as { name: string; examples: unknown[] }[];
    const payloads = readFixture(fixtures, 'events') as Record<string, unknown>;
    for (const [event, payload] of Object.entries(payloads))
      expect(payload, event).toEqual(definitions.find((d) => d.name === event)?.examples[0]);
  });
});
