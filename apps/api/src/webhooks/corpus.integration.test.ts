// Issue 16's "Done when", on the gateway: every @octokit/webhooks-examples payload and every webhook
// body of the repository's fixtures (fixtures/gitlab/webhooks, fixtures/bitbucket/webhooks), posted
// to /v1/webhooks/{provider} as a hook of a subscription to every event, reaches the subscriber on
// loopback once per normalized event, Standard Webhooks-signed, as exactly the events the provider's
// adapter gives for the same body (parseAll). Runs on SQLite and PostgreSQL with scripts/test.mjs.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { systemClock, type ProviderWebhooks, type ScmEvent } from '@scm/core';
import { createBitbucketWebhooks } from '@scm/bitbucket';
import { createGitHubWebhooks } from '@scm/github';
import { createGitLabWebhooks } from '@scm/gitlab';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { startReceiver, type Receiver } from '../test-support/receiver.js';
import { startGatewayOn, type GatewayOn } from './test-support/gateway-on.js';
import { githubExamples, githubHookHeaders } from './test-support/github-examples.js';
import { seedSubscription, type SeededSubscription } from './test-support/seed-subscription.js';

type Provider = 'github' | 'gitlab' | 'bitbucket';

interface Case {
  provider: Provider;
  label: string;
  headers: Record<string, string>;
  body: string;
}

const FIXTURES = new URL('../../../../fixtures/', import.meta.url);

/** The `X-Gitlab-Event` of each GitLab corpus body (as packages/gitlab/src/conformance/corpora.ts). */
const GITLAB_EVENTS: Readonly<Record<string, string>> = {
  'push.json': 'Push Hook',
  'tag_push.json': 'Tag Push Hook',
  'merge_request.json': 'Merge Request Hook',
  'group_merge_request.json': 'Merge Request Hook',
  'note_merge_request.json': 'Note Hook',
  'note_issue.json': 'Note Hook',
  'note_commit.json': 'Note Hook',
  'issue.json': 'Issue Hook',
  'job.json': 'Job Hook',
};

/** The `X-Event-Key` of each Bitbucket corpus body (as packages/bitbucket/src/conformance/corpora.ts). */
const BITBUCKET_EVENTS: readonly [prefix: string, eventKey: string][] = [
  ['push_', 'repo:push'],
  ['pr_create', 'pullrequest:created'],
  ['pr_update', 'pullrequest:updated'],
  ['pr_fulfilled', 'pullrequest:fulfilled'],
  ['pr_rejected', 'pullrequest:rejected'],
];

const corpus = (folder: string) =>
  readdirSync(new URL(folder, FIXTURES))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, body: readFileSync(new URL(`${folder}${name}`, FIXTURES), 'utf8') }));

/** The normalized event without what depends on the moment it was parsed. */
const comparable = (event: ScmEvent) => {
  const { occurredAt: _occurredAt, ...rest } = event;
  return JSON.stringify(rest);
};

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map(run))));
  return results;
}

describe(`webhooks: the corpus, end to end (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  let database: TestDatabase;
  let gw: GatewayOn;
  let receiver: Receiver;
  const hooks = {} as Record<Provider, SeededSubscription>;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
    gw = await startGatewayOn({ ...database, masterKey: randomBytes(32) });
    for (const provider of ['github', 'gitlab', 'bitbucket'] as const)
      hooks[provider] = await seedSubscription(gw.gateway.services, {
        provider,
        targetUrl: `${receiver.url}/${provider}`,
        events: ['*'],
        // Bitbucket names its hooks by UUID.
        ...(provider === 'bitbucket' ? { hookId: `{${randomUUID()}}` } : {}),
      });
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
    await database.drop();
  });

  function cases(): Case[] {
    const github = githubExamples().map((example) => ({
      provider: 'github' as const,
      label: `github ${example.label}`,
      headers: githubHookHeaders(example, hooks.github),
      body: example.body,
    }));
    const gitlab = corpus('gitlab/webhooks/').map(({ name, body }) => ({
      provider: 'gitlab' as const,
      label: `gitlab ${name}`,
      headers: {
        'content-type': 'application/json',
        'x-gitlab-event': GITLAB_EVENTS[name] ?? 'unknown',
        'x-gitlab-event-uuid': randomUUID(),
        'x-gitlab-token': hooks.gitlab.hookSecret,
      },
      body,
    }));
    const bitbucket = corpus('bitbucket/webhooks/').map(({ name, body }) => ({
      provider: 'bitbucket' as const,
      label: `bitbucket ${name}`,
      headers: {
        'content-type': 'application/json',
        'x-event-key': BITBUCKET_EVENTS.find(([prefix]) => name.startsWith(prefix))?.[1] ?? '',
        'x-request-uuid': randomUUID(),
        'x-hook-uuid': hooks.bitbucket.hookId,
        'x-hub-signature': `sha256=${createHmac('sha256', hooks.bitbucket.hookSecret).update(body).digest('hex')}`,
      },
      body,
    }));
    return [...github, ...gitlab, ...bitbucket];
  }

  /** The provider adapter's own reading of the same delivery. */
  const adapterOf = (provider: Provider): ProviderWebhooks => {
    const secrets = [hooks[provider].hookSecret];
    const clock = systemClock;
    if (provider === 'github') return createGitHubWebhooks({ secrets, clock });
    if (provider === 'gitlab') return createGitLabWebhooks({ secrets, signingTokens: [], clock });
    return createBitbucketWebhooks({ secrets, clock });
  };

  it('delivers every corpus body as its normalized events, once each, signed', async () => {
    const all = cases();
    expect(all.filter((c) => c.provider === 'github').length).toBeGreaterThanOrEqual(300);
    expect(all.filter((c) => c.provider === 'gitlab').length).toBe(9);
    expect(all.filter((c) => c.provider === 'bitbucket').length).toBeGreaterThanOrEqual(12);

    const expected = new Map<Provider, string[]>([
      ['github', []],
      ['gitlab', []],
      ['bitbucket', []],
    ]);
    const problems: string[] = [];
    const answers = await inBatches(all, 8, async (c) => {
      const response = await request(`${gw.url}/v1/webhooks/${c.provider}`, {
        method: 'POST',
        headers: c.headers,
        body: c.body,
      });
      const text = await response.body.text();
      return { c, status: response.statusCode, text };
    });
    let total = 0;
    for (const { c, status, text } of answers) {
      if (status !== 202) {
        problems.push(`${c.label}: ${status} ${text}`);
        continue;
      }
      const { deliveries } = JSON.parse(text) as { deliveries: number };
      let events: ScmEvent[];
      try {
        events = adapterOf(c.provider).parseAll({ headers: c.headers, rawBody: c.body });
      } catch (error) {
        problems.push(`${c.label}: the adapter does not parse it (${String(error)})`);
        continue;
      }
      if (events.length === 0) problems.push(`${c.label}: no normalized event`);
      if (deliveries !== events.length)
        problems.push(`${c.label}: ${deliveries} deliveries for ${events.length} events`);
      total += deliveries;
      expected.get(c.provider)?.push(...events.map(comparable));
    }
    expect(problems).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(all.length);

    const received = await receiver.waitFor(total, 120_000);
    // Nothing more arrives (each event once).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.received).toHaveLength(total);

    const got = new Map<Provider, string[]>([
      ['github', []],
      ['gitlab', []],
      ['bitbucket', []],
    ]);
    const ids = new Set<string>();
    for (const delivery of received) {
      const provider = delivery.path.slice(1) as Provider;
      const payload = new Webhook(hooks[provider].signingSecret).verify(
        delivery.body,
        delivery.headers as Record<string, string>,
      ) as { type: string; data: ScmEvent };
      expect(payload.type).toBe(`scm.${payload.data.type}`);
      ids.add(String(delivery.headers['webhook-id']));
      got.get(provider)?.push(comparable(payload.data));
    }
    expect(ids.size).toBe(total);
    for (const provider of ['github', 'gitlab', 'bitbucket'] as const)
      expect([...(got.get(provider) ?? [])].sort(), provider).toEqual(
        [...(expected.get(provider) ?? [])].sort(),
      );
  }, 300_000);
});
