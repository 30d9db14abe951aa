import {
  collectAll,
  paginate,
  parseRepoRef,
  type Page,
  type PageQuery,
  type ScmProvider,
} from '@scm/core';
import { startBitbucketSimulator, type BitbucketSimulator } from '@scm/testkit/bitbucket';
import { Agent, DecoratorHandler, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitbucketProvider } from '../bitbucket-provider.js';
import { createOpenApiValidator } from './openapi-validator.js';

interface Captured {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: string;
}

/** An undici dispatcher that keeps every response the simulator sends. */
function capturingDispatcher(): {
  dispatcher: Dispatcher;
  captured: Captured[];
  close(): Promise<void>;
} {
  const agent = new Agent();
  const captured: Captured[] = [];
  const dispatcher = agent.compose((dispatch) => (options, handler) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let contentType = '';
    // DecoratorHandler adapts the caller's handler (old or new undici API) to the new one.
    const inner: Dispatcher.DispatchHandler = new DecoratorHandler(handler);
    const capture: Dispatcher.DispatchHandler = {
      onRequestStart: (controller, requestContext) => {
        inner.onRequestStart?.(controller, requestContext);
      },
      onRequestUpgrade: (controller, statusCode, headers, socket) => {
        inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
      },
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        status = statusCode;
        contentType = String(headers['content-type'] ?? '');
        inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => {
        chunks.push(chunk);
        inner.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        captured.push({
          method: options.method,
          path: options.path,
          status,
          contentType,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        inner.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        inner.onResponseError?.(controller, error);
      },
    };
    return dispatch(options, capture);
  });
  return { dispatcher, captured, close: () => agent.close() };
}

/** Runs every operation the adapter has against the simulator, errors included. */
async function driveEverything(sim: BitbucketSimulator, provider: ScmProvider): Promise<void> {
  const repo = sim.dataset.repositories[0];
  if (repo === undefined) throw new Error('no repository');
  const ref = parseRepoRef(encodeURIComponent(repo.fullName));
  const byId = parseRepoRef(repo.uuid);
  const all = <T>(fetch: (page: PageQuery) => Promise<Page<T>>) =>
    collectAll(paginate(fetch, { limit: 7 }));
  const pr = repo.pullRequests[0];
  if (pr === undefined) throw new Error('no pull request');
  await provider.getViewer();
  await provider.listSshKeys();
  await all((page) => provider.listOrganizations(page));
  await all((page) => provider.listRepositories(page));
  await all((page) =>
    provider.listRepositories({ ...page, owner: repo.owner, search: repo.name.slice(0, 3) }),
  );
  await provider.getRepository(ref);
  await provider.getRepository(byId);
  await all((page) => provider.listBranches(ref, page));
  await all((page) => provider.listTags(ref, page));
  await all((page) => provider.listCommits(ref, page));
  await all((page) => provider.listCommits(ref, { ...page, branch: pr.sourceBranch }));
  await provider.getCommitDiff(ref, repo.commits[0]?.sha ?? '');
  for (const state of ['open', 'closed', 'merged', 'all'] as const)
    await all((page) => provider.listPullRequests(ref, { ...page, state }));
  await provider.getPullRequestDiff(ref, pr.number);
  await all((page) => provider.searchPullRequests({ ...page, author: pr.author }));
  await all((page) =>
    provider.searchPullRequests({ ...page, author: pr.author, repo: repo.fullName }),
  );
  await all((page) =>
    provider.searchPullRequests({ ...page, repo: repo.fullName, state: 'closed' }),
  );
  await all((page) => provider.listChecks(ref, page));
  await all((page) => provider.listChecks(ref, { ...page, branch: pr.sourceBranch }));
  await all((page) => provider.listDeployments(ref, page));
  await all((page) => provider.listFileTree(ref, { ...page, recursive: true }));
  await all((page) => provider.listFileTree(ref, { ...page, path: 'src', ref: pr.sourceBranch }));
  const hook = await provider.createWebhook(ref, {
    callbackUrl: 'https://hooks.example.test/in',
    events: ['push', 'pull_request'],
    active: true,
    secret: 's3cret',
  });
  await provider.deleteWebhook(ref, hook.id);
  await provider.deleteWebhook(ref, hook.id).catch(() => undefined);
  await provider.createComment(ref, { number: pr.number, body: 'LGTM' });
  await provider.setCommitStatus(ref, { sha: pr.headSha, state: 'pending', context: 'ci/build' });
  await provider.getRepository(parseRepoRef('nobody%2Fnothing')).catch(() => undefined);
  await provider
    .listBranches(parseRepoRef('nobody%2Fnothing'), { limit: 5 })
    .catch(() => undefined);
}

describe('the Bitbucket simulator speaks Atlassian’s OpenAPI description', () => {
  let sim: BitbucketSimulator;
  let capture: ReturnType<typeof capturingDispatcher>;
  beforeAll(async () => {
    sim = await startBitbucketSimulator({ seed: 11 });
    capture = capturingDispatcher();
    const provider = createBitbucketProvider({
      baseUrl: sim.apiBaseUrl,
      webBaseUrl: sim.webBaseUrl,
      auth: { type: 'access-token', token: sim.accessToken },
      dispatcher: capture.dispatcher,
    });
    const anonymous = createBitbucketProvider({
      baseUrl: sim.apiBaseUrl,
      auth: { type: 'access-token', token: 'wrong' },
      dispatcher: capture.dispatcher,
    });
    try {
      await driveEverything(sim, provider);
      await anonymous.getViewer().catch(() => undefined);
      // Injected faults answer in Bitbucket's error format too.
      sim.faults.inject({ route: '/2.0/user' }, { status: 429, retryAfterSeconds: 120, times: 1 });
      await provider.getViewer().catch(() => undefined);
    } finally {
      await provider.close();
      await anonymous.close();
    }
  });
  afterAll(async () => {
    await capture.close();
    await sim.stop();
  });

  it('validates every JSON response against its operation’s response schema (lenient mode)', () => {
    const openapi = createOpenApiValidator();
    const failures: string[] = [];
    const seen = new Set<string>();
    let validated = 0;
    for (const response of capture.captured) {
      const path = response.path.split('?')[0] ?? '';
      expect(path.startsWith('/2.0/'), path).toBe(true);
      const template = openapi.match(response.method, path.slice('/2.0'.length));
      if (template === undefined) {
        failures.push(`${response.method} ${path}: no operation in the description`);
        continue;
      }
      seen.add(`${response.method} ${template} ${String(response.status)}`);
      if (!response.contentType.includes('application/json')) {
        // The raw diff (text/plain) and redirects (no body) have no JSON schema.
        expect(
          response.status === 302 || response.status === 204 || template.includes('/diff/'),
          template,
        ).toBe(true);
        continue;
      }
      const validate = openapi.validator(response.method, template, response.status);
      if (validate === undefined) {
        failures.push(
          `${response.method} ${template} ${String(response.status)}: no response schema`,
        );
        continue;
      }
      validated++;
      if (!validate(JSON.parse(response.body))) {
        failures.push(
          `${response.method} ${template} ${String(response.status)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
        );
      }
    }
    expect(failures).toEqual([]);
    // Every operation the adapter uses was exercised, successes and errors.
    expect(validated).toBeGreaterThan(50);
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'GET /user 200',
        'GET /user 401',
        'GET /user 429',
        'GET /user/workspaces 200',
        'GET /users/{selected_user}/ssh-keys 200',
        'GET /repositories 200',
        'GET /repositories/{workspace} 200',
        'GET /repositories/{workspace}/{repo_slug} 200',
        'GET /repositories/{workspace}/{repo_slug} 404',
        'GET /repositories/{workspace}/{repo_slug}/refs/branches 200',
        'GET /repositories/{workspace}/{repo_slug}/refs/branches 404',
        'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name} 200',
        'GET /repositories/{workspace}/{repo_slug}/refs/tags 200',
        'GET /repositories/{workspace}/{repo_slug}/commits/{revision} 200',
        'GET /repositories/{workspace}/{repo_slug}/commit/{commit} 200',
        'GET /repositories/{workspace}/{repo_slug}/diffstat/{spec} 200',
        'GET /repositories/{workspace}/{repo_slug}/diff/{spec} 200',
        'GET /repositories/{workspace}/{repo_slug}/pullrequests 200',
        'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id} 200',
        'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diff 302',
        'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diffstat 302',
        'GET /workspaces/{workspace}/pullrequests/{selected_user} 200',
        'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses 200',
        'GET /repositories/{workspace}/{repo_slug}/pipelines 200',
        'GET /repositories/{workspace}/{repo_slug}/environments 200',
        'GET /repositories/{workspace}/{repo_slug}/deployments 200',
        'GET /repositories/{workspace}/{repo_slug}/src/{commit}/{path} 200',
        'POST /repositories/{workspace}/{repo_slug}/hooks 201',
        'DELETE /repositories/{workspace}/{repo_slug}/hooks/{uid} 204',
        'DELETE /repositories/{workspace}/{repo_slug}/hooks/{uid} 404',
        'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments 201',
        'POST /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build 201',
      ]),
    );
  });
});
