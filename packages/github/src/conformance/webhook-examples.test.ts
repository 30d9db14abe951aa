import { createHmac, randomUUID } from 'node:crypto';
import { ScmEventSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createGitHubWebhooks } from '../github-webhooks.js';
import { readPackageJson } from './octokit-data.js';

// Every example payload GitHub's Octokit team publishes (@octokit/webhooks-examples), delivered
// with the headers GitHub documents for that event (@octokit/openapi-webhooks), must verify and
// parse into the right normalized event.

interface WebhookDefinition {
  name: string;
  examples: Record<string, unknown>[];
}

interface OpenApiWebhook {
  post: {
    parameters?: { name: string; in: string; example?: unknown }[];
    'x-github'?: { subcategory?: string };
  };
}

const SECRET = 'conformance-secret';
const NOW = Date.parse('2030-01-01T00:00:00Z');
const webhooks = createGitHubWebhooks({
  secrets: [SECRET],
  clock: { now: () => NOW, sleep: () => Promise.resolve() },
});

const NORMALIZED = new Set([
  'push',
  'pull_request',
  'create',
  'delete',
  'release',
  'check_run',
  'check_suite',
  'status',
  'deployment',
  'deployment_status',
  'workflow_run',
  'ping',
  'installation',
  'installation_repositories',
  'workflow_job',
  'pull_request_review',
  'pull_request_review_comment',
  'issue_comment',
  'commit_comment',
  'issues',
  'repository',
]);

/** Header names GitHub documents per event, from the official webhooks description. */
function documentedHeaders(): Map<string, string[]> {
  const spec = readPackageJson('@octokit/openapi-webhooks', 'generated/api.github.com.json') as {
    webhooks: Record<string, OpenApiWebhook>;
  };
  const byEvent = new Map<string, string[]>();
  for (const hook of Object.values(spec.webhooks)) {
    const event = hook.post['x-github']?.subcategory;
    if (event === undefined) continue;
    const names = (hook.post.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
    byEvent.set(event, [...new Set([...(byEvent.get(event) ?? []), ...names])]);
  }
  return byEvent;
}

const headersByEvent = documentedHeaders();
const sources = ['api.github.com', 'ghes-35'] as const;
const definitions = sources.flatMap((source) =>
  (
    readPackageJson('@octokit/webhooks-examples', `${source}/index.json`) as WebhookDefinition[]
  ).map((definition) => ({ source, ...definition })),
);

/** Builds the delivery GitHub would send: its documented headers, with the spelling it documents. */
function deliver(
  event: string,
  payload: unknown,
): { headers: Record<string, string>; rawBody: string } {
  const rawBody = JSON.stringify(payload);
  const names = headersByEvent.get(event) ?? [];
  const headers: Record<string, string> = {};
  for (const name of names) headers[name] = 'documented';
  const set = (wanted: string, value: string): void => {
    const name = names.find((n) => n.toLowerCase() === wanted) ?? wanted;
    headers[name] = value;
  };
  set('x-github-event', event);
  set('x-github-delivery', randomUUID());
  set(
    'x-hub-signature-256',
    `sha256=${createHmac('sha256', SECRET).update(rawBody).digest('hex')}`,
  );
  return { headers, rawBody };
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => value as Obj;
const nonZero = (sha: unknown): unknown => (/^0+$/.test(String(sha)) ? null : sha);

/** The fields each event type must carry, read straight from the payload. */
function expectedFields(event: string, p: Obj): Obj {
  switch (event) {
    case 'push':
      return {
        type: 'push',
        ref: p.ref,
        before: nonZero(p.before),
        after: nonZero(p.after),
        created: p.created,
        deleted: p.deleted,
        forced: p.forced,
        truncated: false,
        totalCommits: (p.commits as Obj[]).length,
        commits: (p.commits as Obj[]).map((c) => ({
          sha: c.id,
          message: c.message,
          author: obj(c.author).username ?? obj(c.author).name ?? null,
        })),
      };
    case 'pull_request': {
      const pr = obj(p.pull_request);
      return {
        type: 'pull_request',
        number: p.number,
        title: pr.title,
        state: pr.state === 'open' ? 'open' : pr.merged_at ? 'merged' : 'closed',
        sourceBranch: obj(pr.head).ref,
        targetBranch: obj(pr.base).ref,
        headSha: obj(pr.head).sha,
        webUrl: pr.html_url,
        merged: Boolean(pr.merged_at),
        mergeCommitSha: pr.merged_at ? pr.merge_commit_sha : null,
      };
    }
    case 'create':
    case 'delete':
      return {
        type: 'ref',
        refType: p.ref_type,
        name: p.ref,
        ref: `refs/${p.ref_type === 'tag' ? 'tags' : 'heads'}/${String(p.ref)}`,
        change: event === 'create' ? 'created' : 'deleted',
        action: event === 'create' ? 'created' : 'deleted',
      };
    case 'release':
      return { type: 'release', tagName: obj(p.release).tag_name, name: obj(p.release).name };
    case 'check_run':
      return { type: 'check', name: obj(p.check_run).name, sha: obj(p.check_run).head_sha };
    case 'check_suite':
      return {
        type: 'check',
        name: obj(obj(p.check_suite).app).name,
        sha: obj(p.check_suite).head_sha,
      };
    case 'workflow_run':
      return { type: 'check', name: obj(p.workflow_run).name, sha: obj(p.workflow_run).head_sha };
    case 'status':
      return { type: 'check', name: p.context, sha: p.sha };
    case 'deployment':
      return {
        type: 'deployment',
        environment: obj(p.deployment).environment,
        sha: obj(p.deployment).sha,
        state: 'pending',
      };
    case 'deployment_status':
      return {
        type: 'deployment',
        environment: obj(p.deployment_status).environment,
        sha: obj(p.deployment).sha,
        state: obj(p.deployment_status).state,
      };
    case 'ping':
      return { type: 'ping' };
    case 'installation':
    case 'installation_repositories': {
      const repos = (list: unknown): Obj[] =>
        ((list ?? []) as Obj[]).map((r) => ({ id: String(r.id), fullName: r.full_name }));
      return {
        type: 'installation',
        installationId: String(obj(p.installation).id),
        account: { id: String(obj(obj(p.installation).account).id) },
        repositoriesAdded: [
          ...(p.action === 'created' ? repos(p.repositories) : []),
          ...repos(p.repositories_added),
        ],
        repositoriesRemoved: [
          ...(p.action === 'deleted' ? repos(p.repositories) : []),
          ...repos(p.repositories_removed),
        ],
      };
    }
    case 'workflow_job': {
      const job = obj(p.workflow_job);
      return {
        type: 'job',
        jobId: String(job.id),
        runId: String(job.run_id),
        name: job.name,
        sha: job.head_sha,
        providerStatus: job.status,
      };
    }
    case 'pull_request_review':
      return {
        type: 'review',
        reviewId: String(obj(p.review).id),
        state: String(obj(p.review).state).toLowerCase(),
        pullRequest: { number: obj(p.pull_request).number },
      };
    case 'pull_request_review_comment':
      return {
        type: 'comment',
        subject: 'pull_request',
        commentId: String(obj(p.comment).id),
        number: obj(p.pull_request).number,
        path: obj(p.comment).path,
      };
    case 'issue_comment':
      return {
        type: 'comment',
        subject: obj(p.issue).pull_request ? 'pull_request' : 'issue',
        commentId: String(obj(p.comment).id),
        number: obj(p.issue).number,
      };
    case 'commit_comment':
      return {
        type: 'comment',
        subject: 'commit',
        commentId: String(obj(p.comment).id),
        commitSha: obj(p.comment).commit_id,
        number: null,
      };
    case 'issues':
      return {
        type: 'issue',
        number: obj(p.issue).number,
        title: obj(p.issue).title,
        state: obj(p.issue).state === 'closed' ? 'closed' : 'open',
      };
    case 'repository':
      return {
        type: 'repository',
        change:
          (
            {
              publicized: 'visibility_changed',
              privatized: 'visibility_changed',
            } as Obj
          )[String(p.action)] ?? p.action,
      };
    default:
      return { type: 'unknown', providerEvent: event };
  }
}

/** Check-like events: their status and conclusion as GitHub states them. */
function expectedCheckState(event: string, p: Obj): Obj | undefined {
  const runLike =
    event === 'check_run'
      ? obj(p.check_run)
      : event === 'check_suite'
        ? obj(p.check_suite)
        : event === 'workflow_run'
          ? obj(p.workflow_run)
          : undefined;
  if (runLike !== undefined) {
    const status = runLike.status;
    return {
      status: status === 'completed' || status === 'in_progress' ? status : 'queued',
      conclusion:
        runLike.conclusion === 'startup_failure' ? 'failure' : (runLike.conclusion ?? null),
    };
  }
  if (event === 'status') {
    const state = p.state;
    if (state === 'pending') return { status: 'in_progress', conclusion: null };
    return { status: 'completed', conclusion: state === 'success' ? 'success' : 'failure' };
  }
  return undefined;
}

describe('@octokit/webhooks-examples payloads', () => {
  it('covers every event the adapter normalizes, in each source', () => {
    for (const source of sources) {
      const names = new Set(definitions.filter((d) => d.source === source).map((d) => d.name));
      for (const event of NORMALIZED) expect(names, `${source} ${event}`).toContain(event);
    }
  });

  it('documents the signature, event and delivery headers for every normalized event', () => {
    for (const event of NORMALIZED) {
      const names = (headersByEvent.get(event) ?? []).map((n) => n.toLowerCase());
      expect(names, event).toEqual(
        expect.arrayContaining(['x-hub-signature-256', 'x-github-event', 'x-github-delivery']),
      );
    }
  });

  const cases = definitions.flatMap((definition) =>
    definition.examples.map((payload, index) => ({
      label: `${definition.source} ${definition.name} #${String(index)}`,
      event: definition.name,
      payload,
    })),
  );

  it.each(cases)('$label verifies and parses into the right event', async ({ event, payload }) => {
    const request = deliver(event, payload);
    expect(await webhooks.verify(request)).toEqual({ ok: true });
    const parsed = ScmEventSchema.parse(webhooks.parse(request));

    expect(parsed).toMatchObject(expectedFields(event, payload));
    const checkState = expectedCheckState(event, payload);
    if (checkState !== undefined) expect(parsed).toMatchObject(checkState);

    expect(parsed.provider).toBe('github');
    expect(parsed.deliveryId).toBe(
      Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-github-delivery')?.[1],
    );
    expect(parsed.raw).toEqual(payload);
    if (typeof payload.action === 'string' && event !== 'create' && event !== 'delete')
      expect(parsed.action).toBe(payload.action);
    const repository = payload.repository as Obj | undefined;
    expect(parsed.repository).toEqual(
      repository
        ? { id: String(repository.id), fullName: repository.full_name, webUrl: repository.html_url }
        : null,
    );
    const sender = payload.sender as Obj | undefined;
    expect(parsed.sender?.login ?? null).toBe(sender?.login ?? null);
    const installation = payload.installation as Obj | undefined;
    expect(parsed.installationId).toBe(installation ? String(installation.id) : null);
    if (event === 'status') expect(parsed.action).toBeNull();
    if (!NORMALIZED.has(event)) expect(parsed.type).toBe('unknown');
  });
});
