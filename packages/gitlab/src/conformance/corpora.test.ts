import { readdirSync, readFileSync } from 'node:fs';
import {
  BranchSchema,
  CommitSchema,
  DiffSchema,
  PullRequestSchema,
  ScmEventSchema,
  ViewerSchema,
  systemClock,
} from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  WireBranchSchema,
  WireCommitSchema,
  WireDiffFileSchema,
  WireMergeRequestSchema,
  WireUserSchema,
} from '../gitlab-schemas.js';
import { parseGitLabEvent, parseGitLabEvents } from '../gitlab-webhooks.js';
import { mapViewer } from '../map-account.js';
import { mapCommit, mapDiff } from '../map-commits.js';
import type { MapContext } from '../map-common.js';
import { mapPullRequest } from '../map-pull-requests.js';
import { mapBranch } from '../map-refs.js';
import { corpusGolden, GITLAB_CORPUS, readCorpus } from './corpora.js';

/**
 * Real GitLab payloads (fixtures/gitlab/ at the repository root; see fixtures/SOURCES.md) through
 * the adapter's own parsing and mapping. Each API payload that answers an operation has a golden
 * normalized form in src/__fixtures__/; each webhook body parses into the event it is.
 */
const CORPUS = GITLAB_CORPUS;
const context: MapContext = { includeRaw: false, webBase: 'https://gitlab.com' };

const each = <T>(schema: z.ZodType<T>) => z.array(schema);

/** Corpus file → how the adapter reads it (the operation it answers). */
const API: Record<string, (payload: unknown) => unknown> = {
  // getViewer
  'get_user.json': (payload) =>
    ViewerSchema.parse(mapViewer(WireUserSchema.parse(payload), context)),
  // listBranches (one item, and a page)
  'get_branch.json': (payload) =>
    BranchSchema.parse(mapBranch(WireBranchSchema.parse(payload), context)),
  'list_branches.json': (payload) =>
    each(WireBranchSchema)
      .parse(payload)
      .map((wire) => BranchSchema.parse(mapBranch(wire, context))),
  // listCommits / getCommitDiff's commit
  'get_commit.json': (payload) =>
    CommitSchema.parse(mapCommit(WireCommitSchema.parse(payload), context)),
  // listPullRequests / searchPullRequests
  'get_merge_request.json': (payload) =>
    PullRequestSchema.parse(mapPullRequest(WireMergeRequestSchema.parse(payload), context)),
  'get_merge_requests.json': (payload) =>
    each(WireMergeRequestSchema)
      .parse(payload)
      .map((wire) => PullRequestSchema.parse(mapPullRequest(wire, context))),
  'get_merge_requests_author_username.json': (payload) =>
    each(WireMergeRequestSchema)
      .parse(payload)
      .map((wire) => PullRequestSchema.parse(mapPullRequest(wire, context))),
  // getPullRequestDiff
  'list_merge_request_diff.json': (payload) =>
    DiffSchema.parse(
      mapDiff(
        each(WireDiffFileSchema).parse(payload),
        { sha: null, baseSha: null, truncated: false },
        context,
      ),
    ),
};

/** Corpus files that answer no `ScmProvider` operation, and why. */
const NOT_AN_OPERATION: Record<string, string> = {
  'get_signature.json': 'GPG signature of a commit: no operation reads signatures',
  'get_pipeline_testreport.json':
    'a pipeline test report: checks read pipelines, not their reports',
  'search_users.json': 'user search: no operation searches users',
};

describe('GitLab API payloads from the corpus', () => {
  const files = readdirSync(new URL('api/', CORPUS)).filter((file) => file.endsWith('.json'));

  it('has a mapping or a stated reason for every file', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file in API || file in NOT_AN_OPERATION, file).toBe(true);
  });

  for (const [file, read] of Object.entries(API)) {
    it(`${file} maps to its golden normalized form`, () => {
      expectGolden(read(readCorpus(`api/${file}`)), corpusGolden(file.replace(/\.json$/, '')));
    });
  }
});

const WEBHOOKS: Record<string, { event: string; expected: Record<string, unknown> }> = {
  'push.json': {
    event: 'Push Hook',
    expected: {
      type: 'push',
      ref: 'refs/heads/master',
      before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
      after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      repository: {
        id: '15',
        fullName: 'mike/diaspora',
        webUrl: 'http://example.com/mike/diaspora',
      },
      sender: { login: 'jsmith', name: 'John Smith' },
    },
  },
  'merge_request.json': {
    event: 'Merge Request Hook',
    expected: {
      type: 'pull_request',
      action: 'open',
      number: 1,
      title: 'MS-Viewport',
      state: 'open',
      sourceBranch: 'ms-viewport',
      targetBranch: 'master',
      headSha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      occurredAt: '2013-12-03T17:23:34Z',
      repository: { id: '1', fullName: 'gitlabhq/gitlab-test' },
      sender: { login: 'user1' },
    },
  },
  // Recorded with stray spaces in most attribute names (`"iid "`): the number comes from the URL
  // and the state from the `merge` action.
  'group_merge_request.json': {
    event: 'Merge Request Hook',
    expected: {
      type: 'pull_request',
      action: 'merge',
      number: 1402,
      state: 'merged',
      headSha: '61b6a0d35dbaf915760233b637622e383d3cc9ec',
      repository: { id: null, fullName: 'exm-namespace/example-project' },
    },
  },
  'note_merge_request.json': {
    event: 'Note Hook',
    expected: {
      type: 'comment',
      subject: 'pull_request',
      number: 1,
      title: 'Tempora et eos debitis quae laborum et.',
      occurredAt: '2015-05-17T18:21:36Z',
      repository: { id: '5', fullName: 'gitlab-org/gitlab-test' },
      sender: { login: 'root' },
    },
  },
  'note_issue.json': {
    event: 'Note Hook',
    expected: {
      type: 'comment',
      subject: 'issue',
      commentId: '1241',
      number: 17,
      title: 'test_issue',
      body: 'Hello world',
      repository: { id: '5', fullName: 'gitlab-org/gitlab-test' },
    },
  },
  'note_commit.json': {
    event: 'Note Hook',
    expected: {
      type: 'comment',
      subject: 'commit',
      commentId: '1243',
      number: null,
      commitSha: 'cfe32cf61b73a0d5e9f13e774abde7ff789b1660',
      path: 'six',
    },
  },
  'issue.json': {
    event: 'Issue Hook',
    expected: {
      type: 'issue',
      repository: { id: '1', fullName: 'gitlabhq/gitlab-test' },
    },
  },
  // A Job Hook has no `project` object: project_id and repository.homepage name the repository.
  'job.json': {
    event: 'Job Hook',
    expected: {
      type: 'job',
      action: null,
      jobId: '3580121225',
      name: 'auto_deploy:start',
      runId: '743121198',
      status: 'completed',
      conclusion: 'success',
      repository: {
        id: '31537070',
        fullName: 'jsmithy2/release-tools-fake',
        webUrl: 'https://gitlab.com/jsmithy2/release-tools-fake',
      },
    },
  },
  // A tag created: the push, then (from parseAll) its ref event.
  'tag_push.json': {
    event: 'Tag Push Hook',
    expected: {
      type: 'push',
      ref: 'refs/tags/v1.0.0',
      before: null,
      created: true,
      totalCommits: 1,
      truncated: false,
    },
  },
};

describe('GitLab webhook bodies from the corpus', () => {
  const files = readdirSync(new URL('webhooks/', CORPUS)).filter((file) => file.endsWith('.json'));

  it('covers every file', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(Object.keys(WEBHOOKS), file).toContain(file);
  });

  for (const [file, { event, expected }] of Object.entries(WEBHOOKS)) {
    it(`${file} (${event}) parses into a ${String(expected.type)} event`, () => {
      const rawBody = readFileSync(new URL(`webhooks/${file}`, CORPUS));
      const parsed = ScmEventSchema.parse(
        parseGitLabEvent(
          { headers: { 'X-Gitlab-Event': event, 'Idempotency-Key': `id-${file}` }, rawBody },
          systemClock,
        ),
      );
      expect(parsed).toMatchObject({ ...expected, provider: 'gitlab', deliveryId: `id-${file}` });
      expect(parsed.raw).toEqual(JSON.parse(rawBody.toString('utf8')));
      const all = parseGitLabEvents(
        { headers: { 'X-Gitlab-Event': event, 'Idempotency-Key': `id-${file}` }, rawBody },
        { now: () => Date.parse('2026-01-01T12:00:00Z'), sleep: () => Promise.resolve() },
      ).map((one) => ScmEventSchema.parse(one));
      expect(all[0]?.type).toBe(parsed.type);
      expectGolden(
        all.map((one) => ({ ...one, raw: undefined })),
        corpusGolden(`webhook-${file.replace(/\.json$/, '')}`),
      );
    });
  }
});
