import { PullRequestSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireMergeRequestSchema } from './gitlab-schemas.js';
import { mapMergeRequestState, mapPullRequest, repositoryFromWebUrl } from './map-pull-requests.js';

const context = { includeRaw: false, webBase: 'https://example.com/gitlab' };

// __fixtures__/merge-requests.json: the "List merge requests" example of GitLab's API docs
// (https://docs.gitlab.com/api/merge_requests/), a locked draft under a path prefix whose labels
// are objects (`with_labels_details`), and a closed one with neither `references` nor a web URL
// on this instance, whose project is then unknown.
describe('mapPullRequest', () => {
  it('maps merge requests to their golden form', () => {
    const pulls = z
      .array(WireMergeRequestSchema)
      .parse(readFixture(import.meta.url, 'merge-requests'))
      .map((wire) => mapPullRequest(wire, context));
    for (const pull of pulls) expect(PullRequestSchema.parse(pull)).toEqual(pull);
    expect(pulls.map((pull) => [pull.state, pull.draft, pull.repository])).toEqual([
      ['merged', false, 'my-group/my-project'],
      ['open', true, 'acme/platform/api'],
      ['closed', false, null],
    ]);
    expectGolden(pulls, goldenPath(import.meta.url, 'merge-requests'));
  });
});

describe('merge requests', () => {
  it('maps opened/locked to open, closed to closed and merged to merged', () => {
    expect(['opened', 'locked', 'closed', 'merged'].map(mapMergeRequestState)).toEqual([
      'open',
      'open',
      'closed',
      'merged',
    ]);
  });

  it('reads the project from references.full, or from the web URL under a path prefix', () => {
    const base = {
      id: 1,
      iid: 7,
      title: 't',
      state: 'opened',
      source_branch: 'f',
      target_branch: 'main',
      web_url: 'https://example.com/gitlab/acme/platform/api/-/merge_requests/7',
    };
    expect(mapPullRequest(WireMergeRequestSchema.parse(base), context).repository).toBe(
      'acme/platform/api',
    );
    expect(
      mapPullRequest(
        WireMergeRequestSchema.parse({ ...base, references: { full: 'a/b/c!7' } }),
        context,
      ).repository,
    ).toBe('a/b/c');
    expect(
      repositoryFromWebUrl('https://gitlab.com/acme/api/merge_requests/3', 'https://gitlab.com'),
    ).toBe('acme/api');
    expect(
      repositoryFromWebUrl(
        'https://other.test/x/y/-/merge_requests/3',
        'https://example.com/gitlab',
      ),
    ).toBeNull();
  });

  it('keeps draft from draft, else from work_in_progress', () => {
    const base = {
      id: 1,
      iid: 7,
      title: 'Draft: t',
      state: 'opened',
      source_branch: 'f',
      target_branch: 'm',
      web_url: 'x',
    };
    expect(
      mapPullRequest(WireMergeRequestSchema.parse({ ...base, work_in_progress: true }), context)
        .draft,
    ).toBe(true);
    expect(
      mapPullRequest(
        WireMergeRequestSchema.parse({ ...base, draft: false, work_in_progress: true }),
        context,
      ).draft,
    ).toBe(false);
  });
});
