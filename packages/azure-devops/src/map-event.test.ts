import { ScmEventSchema, type ScmEvent } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { officialGolden, serviceHookSample } from './azure-official-examples.js';
import { createAzureWebhooks } from './azure-webhooks.js';

// Every service hook sample Microsoft publishes for the events the adapter maps
// (fixtures/azure-devops/service-hooks/, see fixtures/SOURCES.md) → its golden events.
const SAMPLES = [
  'git.push',
  'git.pullrequest.created',
  'git.pullrequest.updated',
  'git.pullrequest.merged',
  'build.complete',
  'ms.vss-pipelines.run-state-changed-event',
  'ms.vss-pipelines.stage-state-changed-event',
  'ms.vss-pipelines.job-state-changed-event',
] as const;

const webhooks = createAzureWebhooks({
  secrets: ['s'],
  organization: 'fabrikam',
  clock: { now: () => Date.parse('2026-12-01T10:00:00Z'), sleep: () => Promise.resolve() },
});
const parseAll = (payload: unknown): ScmEvent[] =>
  webhooks.parseAll({ headers: {}, rawBody: JSON.stringify(payload) });

describe('service hook samples', () => {
  for (const eventType of SAMPLES) {
    it(`maps ${eventType} to its golden events`, () => {
      const events = parseAll(serviceHookSample(eventType));
      for (const event of events) expect(ScmEventSchema.parse(event)).toEqual(event);
      expect(events.map((event) => event.type)).not.toContain('unknown');
      expectGolden(
        events.map((event) => ({ ...event, raw: '(the sample)' })),
        officialGolden(`event-${eventType}`),
      );
    });
  }

  it('reads a push, its repository named as the listings name it', () => {
    const [push] = parseAll(serviceHookSample('git.push'));
    expect(push).toMatchObject({
      type: 'push',
      ref: 'refs/heads/master',
      before: 'aad331d8d3b131fa9ae03cf5e53965b51942618a',
      created: false,
      repository: {
        id: '{278d5cd2-584d-4b63-824a-2ba458937249}',
        fullName: 'fabrikam/Fabrikam-Fiber-Git/Fabrikam-Fiber-Git',
      },
      deliveryId: '03c164c2-8912-4d5e-8009-3707d5f83734',
    });
  });

  it('reads merged and completed pull requests as merged, with the merge commit', () => {
    const [merged] = parseAll(serviceHookSample('git.pullrequest.merged'));
    expect(merged).toMatchObject({
      type: 'pull_request',
      action: 'merged',
      state: 'merged',
      merged: true,
      mergeCommitSha: 'eef717f69257a6333f221566c1c987dc94cc0d72',
      webUrl: 'https://dev.azure.com/fabrikam/DefaultCollection/_git/Fabrikam/pullrequest/1',
    });
    const [created] = parseAll(serviceHookSample('git.pullrequest.created'));
    expect(created).toMatchObject({ state: 'open', merged: false, mergeCommitSha: null });
  });

  it('uses the event id as the delivery id: Azure keeps it when it retries', () => {
    const [job] = parseAll(serviceHookSample('ms.vss-pipelines.job-state-changed-event'));
    expect(job).toMatchObject({
      type: 'job',
      deliveryId: 'ac1dd6da-af30-43cb-8434-e1005864b0a3',
      status: 'completed',
      conclusion: 'success',
    });
  });
});

describe('events the samples do not cover', () => {
  const envelope = { id: 'e1', eventType: 'git.push', createdDate: '2026-01-01T00:00:00Z' };
  const repository = {
    id: '278d5cd2-584d-4b63-824a-2ba458937249',
    name: 'api',
    project: { name: 'P' },
  };

  it('adds a ref event for a branch created and a tag deleted', () => {
    const events = parseAll({
      ...envelope,
      resource: {
        repository,
        refUpdates: [
          { name: 'refs/heads/feature', oldObjectId: '0'.repeat(40), newObjectId: 'a'.repeat(40) },
          { name: 'refs/tags/v1', oldObjectId: 'b'.repeat(40), newObjectId: '0'.repeat(40) },
        ],
      },
    });
    expect(events.map((event) => event.type)).toEqual(['push', 'ref', 'push', 'ref']);
    expect(events[1]).toMatchObject({
      refType: 'branch',
      name: 'feature',
      change: 'created',
      sha: 'a'.repeat(40),
    });
    expect(events[3]).toMatchObject({
      refType: 'tag',
      name: 'v1',
      change: 'deleted',
      sha: 'b'.repeat(40),
    });
    expect(events[2]).toMatchObject({ deleted: true, after: null, truncated: false });
  });

  it('maps a pull request comment', () => {
    const [comment] = parseAll({
      ...envelope,
      eventType: 'ms.vss-code.git-pullrequest-comment-event',
      resource: {
        comment: { id: 7, content: 'Looks good', author: { uniqueName: 'ann@example.com' } },
        pullRequest: {
          pullRequestId: 12,
          status: 'active',
          title: 'Add API',
          sourceRefName: 'refs/heads/api',
          targetRefName: 'refs/heads/main',
          repository: { ...repository, remoteUrl: 'https://dev.azure.com/fabrikam/P/_git/api' },
        },
      },
    });
    expect(comment).toMatchObject({
      type: 'comment',
      subject: 'pull_request',
      commentId: '7',
      body: 'Looks good',
      number: 12,
      webUrl: 'https://dev.azure.com/fabrikam/P/_git/api/pullrequest/12',
      sender: { login: 'ann@example.com' },
    });
  });

  it('keeps an event type it does not map, or a malformed resource, as unknown', () => {
    expect(parseAll({ ...envelope, eventType: 'workitem.created', resource: {} })[0]).toMatchObject(
      {
        type: 'unknown',
        providerEvent: 'workitem.created',
      },
    );
    expect(parseAll({ ...envelope, resource: { refUpdates: 'x' } })[0]?.type).toBe('unknown');
  });
});
