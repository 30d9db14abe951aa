import { PullRequestSchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { GIT_EXAMPLES, officialGolden, officialResponse } from './azure-official-examples.js';
import { WirePullRequestSchema, wireListSchema } from './azure-schemas.js';
import { mapPullRequest, pullRequestState, statusFilter } from './map-pull-requests.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};
const list = (file: string) =>
  wireListSchema(WirePullRequestSchema)
    .parse(officialResponse(`${GIT_EXAMPLES}pullRequests/${file}`))
    .value.map((wire) => mapPullRequest(wire, context));

describe('mapPullRequest', () => {
  it('maps the official pull request lists: active is open, completed is merged', () => {
    const active = list('GET__git_repositories__repositoryId__pullRequests.json');
    const completed = list(
      'GET__git_repositories__repositoryId__pullRequests_status-completed.json',
    );
    for (const pr of [...active, ...completed]) expect(PullRequestSchema.parse(pr)).toEqual(pr);
    expect(active[0]).toMatchObject({
      number: 22,
      state: 'open',
      author: 'fabrikamfiber16@hotmail.com',
      repository: 'fabrikam/2016_10_31/2016_10_31',
      webUrl: 'https://dev.azure.com/fabrikam/2016_10_31/_git/2016_10_31/pullrequest/22',
    });
    for (const pr of completed)
      expect(pr).toMatchObject({ state: 'merged', mergedAt: pr.closedAt });
    expectGolden({ active, completed }, officialGolden('pull-requests'));
  });

  it('maps the official single pull request, its head the last merge source commit', () => {
    const pr = mapPullRequest(
      WirePullRequestSchema.parse(
        officialResponse(
          `${GIT_EXAMPLES}pullRequests/GET__git_repositories__repositoryId__pullRequests__pullRequestId_.json`,
        ),
      ),
      context,
    );
    expect(pr.headSha).toBe('b60280bc6e62e2f880f1b63c1e24987664d3bda3');
    expectGolden(pr, officialGolden('pull-request'));
  });

  it('maps states both ways', () => {
    expect(['active', 'completed', 'abandoned'].map(pullRequestState)).toEqual([
      'open',
      'merged',
      'closed',
    ]);
    expect((['open', 'closed', 'merged', 'all', undefined] as const).map(statusFilter)).toEqual([
      'active',
      'abandoned',
      'completed',
      'all',
      'active',
    ]);
  });
});
