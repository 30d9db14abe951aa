import { createHash } from 'node:crypto';
import { getHeader } from '@scm/core';
import { request } from 'undici';
import type { SimulatorHandle } from '../contract/types.js';
import { generateDataset } from '../dataset/generate-dataset.js';
import type { Dataset } from '../dataset/types.js';
import { createFaultController } from '../server/faults.js';
import { startSimulatorServer } from '../server/simulator-server.js';
import { createGitLabOAuthState, type GitLabCredentials, type OAuthIssue } from './gitlab-auth.js';
import type { IssuePersonalAccessTokenOptions } from './gitlab-personal-tokens.js';
import { deriveGitLabWorld, type GitLabGroup } from './gitlab-dataset.js';
import { gitlabRoutes, hookWants, type GitLabProjectHook } from './gitlab-routes.js';
import { GITLAB_SIGNATURE_HEADER, gitlabDeliveries } from './gitlab-webhook-deliveries.js';
import { createGitLabRenderer } from './render.js';
import { gitlabError } from './wire.js';

export interface GitLabSimulatorOptions {
  /** Dataset seed; ignored when `dataset` is given. Default 1. */
  seed?: number;
  /** The shared dataset; the simulator derives GitLab's nested groups from it without changing it. */
  dataset?: Dataset;
  /** Serve the instance under a path prefix (`/gitlab`), as a self-managed instance may be. */
  pathPrefix?: string;
  /** Lifetime of issued OAuth access tokens, in seconds. Default 7200, as GitLab's. */
  oauthTokenLifetimeSeconds?: number;
  /** Epoch ms for token expiry, created timestamps and webhook timestamps. Default `Date.now`. */
  now?: () => number;
}

export interface GitLabSimulatorTokens extends GitLabCredentials {
  /** The secret token of the simulated project hook (`X-Gitlab-Token`). */
  webhookSecret: string;
  /** The signing token of the simulated project hook (`whsec_…`). */
  webhookSigningToken: string;
}

export interface GitLabSimulator extends SimulatorHandle {
  /** The instance root to give the adapter: `url` plus the path prefix. */
  baseUrl: string;
  tokens: GitLabSimulatorTokens;
  /** Every group, subgroups included (`acme/platform`). */
  groups: readonly GitLabGroup[];
  /** The redirect URI registered for the OAuth application. */
  redirectUri: string;
  /** Issues an OAuth token pair directly, as a completed authorization would. */
  issueOAuthTokens(scopes?: string[]): OAuthIssue;
  /** Revokes an access token (the user revoked the application). */
  revokeOAuthToken(accessToken: string): void;
  /**
   * Creates a personal access token (`glpat-…`) with the given scopes, acting as `login` (a
   * dataset username; default the viewer), accepted in `PRIVATE-TOKEN` and as `Bearer` on every
   * API route and described by `GET /personal_access_tokens/self`.
   */
  issuePersonalAccessToken(options: IssuePersonalAccessTokenOptions): string;
  /** Revokes a personal access token, as the user would in their settings. Throws when unknown. */
  revokePersonalAccessToken(token: string): void;
  /**
   * Registers an OAuth application as a user would (User settings → Applications): its redirect
   * URIs, the scopes it may ask for, and whether it is confidential (default true; a public one
   * exchanges codes without its secret, with PKCE). `/oauth/authorize` accepts it for those URIs only.
   */
  createOAuthApplication(options: {
    redirectUri: string | readonly string[];
    scopes: readonly string[];
    confidential?: boolean;
  }): { applicationId: string; secret: string };
  /**
   * Sends the simulated events of each hook's project to every project hook created through the
   * API, as GitLab would: only the events the hook subscribed to, with its `X-Gitlab-Token` and,
   * when it has a signing token, a `webhook-signature`. Hook URLs must be on 127.0.0.1.
   */
  deliverHookEvents(): Promise<{ hookId: number; event: string; status: number }[]>;
}

const EVENT_FLAGS: Readonly<Record<string, string>> = {
  'Push Hook': 'push_events',
  'Tag Push Hook': 'tag_push_events',
  'Merge Request Hook': 'merge_requests_events',
  'Pipeline Hook': 'pipeline_events',
  'Deployment Hook': 'deployment_events',
  'Issue Hook': 'issues_events',
};

function deterministic(label: string, seed: number): string {
  return createHash('sha256').update(`${label}:${seed}`).digest('hex');
}

/**
 * A GitLab instance (REST v4 and OAuth) on 127.0.0.1 over a seeded dataset, optionally under a
 * path prefix. Stop it when done.
 */
export async function startGitLabSimulator(
  options: GitLabSimulatorOptions = {},
): Promise<GitLabSimulator> {
  const source = options.dataset ?? generateDataset({ seed: options.seed ?? 1 });
  const { dataset, groups } = deriveGitLabWorld(source);
  const prefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
  if (prefix !== '' && !/^(\/[A-Za-z0-9._-]+)+$/.test(prefix))
    throw new Error('pathPrefix must look like /gitlab');
  const now = options.now ?? Date.now;
  const seed = source.seed;
  const tokens: GitLabSimulatorTokens = {
    personalToken: `glpat-sim${deterministic('pat', seed).slice(0, 20)}`,
    restrictedToken: `glpat-tos${deterministic('restricted', seed).slice(0, 20)}`,
    readUserToken: `glpat-usr${deterministic('read-user', seed).slice(0, 20)}`,
    clientId: deterministic('client-id', seed).slice(0, 64),
    clientSecret: `gloas-${deterministic('client-secret', seed).slice(0, 64)}`,
    webhookSecret: `hook-secret-${deterministic('hook', seed).slice(0, 16)}`,
    webhookSigningToken: `whsec_${Buffer.from(deterministic('signing', seed), 'hex').toString('base64')}`,
  };
  let publicUrl = '';
  const render = createGitLabRenderer(dataset, groups, () => publicUrl);
  const oauth = createGitLabOAuthState({
    credentials: tokens,
    now,
    tokenLifetimeSeconds: options.oauthTokenLifetimeSeconds ?? 7200,
    viewer: { login: dataset.viewer.login, id: dataset.viewer.id },
    userId: (login) => dataset.users.find((user) => user.login === login)?.id,
  });
  const faults = createFaultController();
  const hooks = new Map<number, GitLabProjectHook>();
  const server = await startSimulatorServer({
    routes: gitlabRoutes({
      dataset,
      groups,
      render,
      oauth,
      prefix,
      publicUrl: () => publicUrl,
      now,
      hooks,
    }),
    faults,
    now,
    rateLimitHeaders: 'ratelimit',
    notFound: () => gitlabError(404, '404 Not Found'),
    faultBody: (status) => ({
      message:
        status === 429
          ? 'Retry later'
          : status === 403
            ? '403 Forbidden'
            : `${status} ${status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Internal Server Error'}`,
    }),
  });
  publicUrl = `${server.url}${prefix}`;
  // The contract suite's repository sits in a subgroup, so `group%2Fsub%2Fproject` is exercised.
  const repository =
    dataset.repositories.find((repo) => repo.owner.includes('/')) ?? dataset.repositories[0];
  if (repository === undefined) throw new Error('the dataset has no repository');
  const checkKinds = new Map(
    dataset.repositories.flatMap((repo) => repo.checks.map((check) => [check.id, check.kind])),
  );
  const releaseTags = new Map(
    dataset.repositories.flatMap((repo) =>
      repo.releases.map((release) => [release.id, release.tagName]),
    ),
  );
  return {
    url: server.url,
    baseUrl: publicUrl,
    tokens,
    groups,
    redirectUri: 'https://app.example.test/oauth/gitlab/callback',
    dataset,
    requests: server.requests,
    faults,
    webhooks: {
      secret: tokens.webhookSigningToken,
      signatureHeader: GITLAB_SIGNATURE_HEADER,
      deliveries: () =>
        gitlabDeliveries({
          dataset,
          repo: repository,
          render,
          web: publicUrl,
          secretToken: tokens.webhookSecret,
          signingToken: tokens.webhookSigningToken,
          now,
        }),
    },
    expected: {
      repository: repository.fullName,
      repositoryId: String(repository.id),
      rawRead: { path: '/user' },
      // GitLab counts contributors by git name and email; it names no account.
      contributorKey: 'email',
      ids: {
        // Statuses and pipelines are separate id spaces on GitLab; the adapter prefixes them.
        check: (check) =>
          `${checkKinds.get(check.id) === 'check_run' ? 'pipeline' : 'status'}-${check.id}`,
        // GitLab releases are identified by their tag.
        release: (release) => releaseTags.get(release.id) ?? String(release.id),
      },
    },
    issueOAuthTokens: (scopes = ['api']) => oauth.issue(scopes),
    revokeOAuthToken: (accessToken) => {
      oauth.revoke(accessToken);
    },
    issuePersonalAccessToken: (issue) => oauth.issuePersonalAccessToken(issue),
    revokePersonalAccessToken: (token) => {
      if (!oauth.revokePersonalAccessToken(token)) throw new Error('unknown personal access token');
    },
    createOAuthApplication: (application) => oauth.createApplication(application),
    deliverHookEvents: async () => {
      const sent: { hookId: number; event: string; status: number }[] = [];
      for (const hook of hooks.values()) {
        const repo = dataset.repositories.find((candidate) => candidate.id === hook.repo);
        const url = typeof hook.body.url === 'string' ? new URL(hook.body.url) : undefined;
        if (repo === undefined || url === undefined) continue;
        if (url.hostname !== '127.0.0.1')
          throw new Error('the simulator delivers only to 127.0.0.1');
        const text = (name: string): string | null =>
          typeof hook.body[name] === 'string' && hook.body[name] !== '' ? hook.body[name] : null;
        const fixtures = gitlabDeliveries({
          dataset,
          repo,
          render,
          web: publicUrl,
          secretToken: text('token'),
          signingToken: text('signing_token'),
          now,
        });
        for (const fixture of fixtures) {
          const event = getHeader(fixture.request.headers, 'x-gitlab-event') ?? '';
          const flag = EVENT_FLAGS[event];
          if (flag === undefined || !hookWants(hook, flag)) continue;
          const response = await request(url, {
            method: 'POST',
            headers: fixture.request.headers as Record<string, string>,
            body: fixture.request.rawBody,
          });
          await response.body.dump();
          sent.push({ hookId: hook.id, event, status: response.statusCode });
        }
      }
      return sent;
    },
    stop: () => server.stop(),
  };
}
