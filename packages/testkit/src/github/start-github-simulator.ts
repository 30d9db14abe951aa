import { randomBytes } from 'node:crypto';
import { request as undiciRequest, type Dispatcher } from 'undici';
import type { SimulatorHandle, WebhookFixture } from '../contract/types.js';
import { generateDataset } from '../dataset/generate-dataset.js';
import type { Dataset } from '../dataset/types.js';
import { createFaultController } from '../server/faults.js';
import { startSimulatorServer } from '../server/simulator-server.js';
import {
  createAppsHandle,
  mintManifestCode,
  type GitHubAppsHandle,
} from './github-app-registry.js';
import { githubAppRoutes, githubOAuthRoutes } from './github-app-routes.js';
import { githubAppWebRoutes } from './github-app-web-routes.js';
import type { SimulatedApp } from './github-apps.js';
import { createAppIdentity, newToken } from './github-credentials.js';
import { GHES_API_PREFIX, githubError } from './github-http.js';
import { githubRoutes } from './github-routes.js';
import type { GitHubState } from './github-state.js';
import { GITHUB_SIGNATURE_HEADER, githubDeliveries } from './github-webhook-deliveries.js';

/** The classic scopes of the simulator's personal access token unless `scopes` says otherwise. */
export const DEFAULT_TOKEN_SCOPES = [
  'repo',
  'read:org',
  'admin:repo_hook',
  'read:public_key',
  'user',
];

export interface GitHubSimulatorOptions {
  /** Dataset seed; ignored when `dataset` is given. Default 1. */
  seed?: number;
  dataset?: Dataset;
  /** The personal access token the API accepts. Default: a fresh `ghp_…`. */
  token?: string;
  /** Classic OAuth scopes of that token. Default `DEFAULT_TOKEN_SCOPES`. */
  scopes?: readonly string[];
  /** The secret webhook deliveries are signed with. Default `github-webhook-secret`. */
  webhookSecret?: string;
  /** Epoch ms: token expiry, rate-limit windows, created timestamps. Default `Date.now`. */
  now?: () => number;
  /** Requests per window: `core` (per hour) and `search` (per minute). Defaults 5000 and 30. */
  rateLimit?: { core?: number; search?: number };
  /** Files per page of `GET /repos/:o/:r/commits/:ref`; GitHub's is 300. */
  commitFilesPerPage?: number;
  /** OAuth user tokens expire (8 h) and come with a refresh token, as GitHub Apps can opt in to. Default true. */
  expiringUserTokens?: boolean;
}

export interface GitHubSimulator extends SimulatorHandle {
  /** The API base URL as on github.com (the server's root). */
  baseUrl: string;
  /** The same API in the GitHub Enterprise Server form: `<url>/api/v3`. */
  enterpriseBaseUrl: string;
  /** The web host (OAuth pages); the server's root. */
  webUrl: string;
  /** A personal access token the API accepts. */
  token: string;
  /** The OAuth client the web flow accepts. */
  oauth: { clientId: string; clientSecret: string };
  /** The GitHub App: its id and PEM private key, and where it is installed. */
  app: {
    id: number;
    slug: string;
    clientId: string;
    clientSecret: string;
    privateKey: string;
    installations: readonly { id: number; account: string }[];
  };
  /** Issues a token the API accepts (`expiresInMs` for one that expires). Never logged. */
  issueToken(options?: { scopes?: readonly string[]; expiresInMs?: number }): string;
  /**
   * Refuses the next `times` API requests with a secondary rate limit: 403, GitHub's message and
   * documentation URL, and `retry-after` only when given (GitHub often sends none).
   */
  triggerSecondaryRateLimit(times: number, retryAfterSeconds?: number): void;
  /** Mints a code for `POST /app-manifests/:code/conversions` (single use) for the built-in app. */
  issueManifestCode(): string;
  /**
   * Every GitHub App the simulator knows (the built-in one and those registered from a manifest
   * on `POST /settings/apps/new`), their installations, and the browser's steps without a browser.
   */
  apps: GitHubAppsHandle;
  /** POSTs a delivery to a URL as GitHub's hookshot would; resolves with the receiver's status. */
  deliver(
    url: string,
    delivery: WebhookFixture,
    options?: { dispatcher?: Dispatcher },
  ): Promise<number>;
}

const APP_ID = 424_242;
const PERMISSIONS = {
  checks: 'write',
  contents: 'read',
  deployments: 'read',
  metadata: 'read',
  pull_requests: 'write',
  statuses: 'write',
};
const EVENTS = ['check_run', 'pull_request', 'push', 'release', 'status'];

/** GitHub's REST API, OAuth web flow, App endpoints and webhooks on 127.0.0.1, over a seeded dataset. */
export async function startGitHubSimulator(
  options: GitHubSimulatorOptions = {},
): Promise<GitHubSimulator> {
  const dataset = options.dataset ?? generateDataset({ seed: options.seed ?? 1 });
  const now = options.now ?? Date.now;
  const token = options.token ?? newToken('ghp');
  const secret = options.webhookSecret ?? 'github-webhook-secret';
  const app = createAppIdentity(APP_ID);
  const builtIn: SimulatedApp = {
    identity: app,
    name: 'SCM Gateway (simulated)',
    description: 'A GitHub App served by the @scm/testkit simulator.',
    externalUrl: 'https://scm-gateway.example.test',
    owner: dataset.viewer.login,
    permissions: PERMISSIONS,
    events: EVENTS,
    setupUrl: null,
    hookUrl: null,
    hookActive: false,
    webhookSecret: randomBytes(20).toString('hex'),
    redirectUrl: null,
    callbackUrls: [],
    isPublic: true,
    createdAt: '2024-01-01T00:00:00Z',
  };
  let id = 50_000_000;
  const owners = [dataset.viewer.login, ...dataset.viewer.organizations];
  const state: GitHubState = {
    dataset,
    now,
    app,
    apps: [builtIn],
    installations: owners.map((account, index) => ({
      id: 7_000_000 + index,
      appId: APP_ID,
      account,
      createdAt: dataset.viewer.createdAt,
      suspendedAt: null,
      suspendedBy: null,
    })),
    tokens: new Map([
      [
        token,
        { kind: 'personal', scopes: options.scopes ?? DEFAULT_TOKEN_SCOPES, expiresAt: null },
      ],
    ]),
    refreshTokens: new Map(),
    codes: new Map(),
    manifestCodes: new Map(),
    signedInUser: dataset.viewer.login,
    hooks: new Map(),
    statuses: [],
    labels: new Map(),
    rateLimits: new Map(),
    limits: { core: options.rateLimit?.core ?? 5000, search: options.rateLimit?.search ?? 30 },
    commitFilesPerPage: options.commitFilesPerPage ?? 300,
    expiringUserTokens: options.expiringUserTokens ?? true,
    secondaryLimit: { remaining: 0, retryAfterSeconds: null },
    nextId: () => (id += 1),
  };
  const faults = createFaultController();
  const server = await startSimulatorServer({
    routes: [
      ...githubRoutes(state),
      ...githubAppRoutes(state),
      ...githubOAuthRoutes(state),
      ...githubAppWebRoutes(state),
    ],
    faults,
    now,
    notFound: () => githubError(404, 'Not Found'),
    faultBody: (status) =>
      status === 429
        ? {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url:
              'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          }
        : status === 403
          ? {
              message: `API rate limit exceeded for user ID ${dataset.viewer.id}.`,
              documentation_url:
                'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
            }
          : { message: 'Server Error', documentation_url: 'https://docs.github.com/rest' },
  });
  const repository = dataset.repositories[0];
  if (repository === undefined) throw new Error('the dataset has no repository');
  const installationFor = state.installations.find(
    (installation) => installation.account === repository.owner,
  );
  return {
    url: server.url,
    baseUrl: server.url,
    enterpriseBaseUrl: `${server.url}${GHES_API_PREFIX}`,
    webUrl: server.url,
    token,
    oauth: { clientId: app.clientId, clientSecret: app.clientSecret },
    app: {
      id: app.id,
      slug: app.slug,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      privateKey: app.privateKey,
      // The built-in app's installations, as they are now.
      get installations() {
        return state.installations
          .filter((installation) => installation.appId === APP_ID)
          .map(({ id: installationId, account }) => ({ id: installationId, account }));
      },
    },
    dataset,
    requests: server.requests,
    faults,
    webhooks: {
      secret,
      signatureHeader: GITHUB_SIGNATURE_HEADER,
      deliveries: () =>
        githubDeliveries({
          dataset,
          repo: repository,
          secret,
          hosts: { api: server.url, web: server.url },
          hookId: 1,
          installationId: installationFor?.id ?? null,
          app: { id: app.id, slug: app.slug, clientId: app.clientId },
        }),
    },
    expected: {
      repository: repository.fullName,
      repositoryId: String(repository.id),
      rawRead: { path: '/user' },
    },
    issueToken: (issue = {}) => {
      const issued = newToken('ghp');
      state.tokens.set(issued, {
        kind: 'personal',
        scopes: issue.scopes ?? DEFAULT_TOKEN_SCOPES,
        expiresAt: issue.expiresInMs === undefined ? null : now() + issue.expiresInMs,
      });
      return issued;
    },
    triggerSecondaryRateLimit: (times, retryAfterSeconds) => {
      state.secondaryLimit = { remaining: times, retryAfterSeconds: retryAfterSeconds ?? null };
    },
    issueManifestCode: () => mintManifestCode(state, APP_ID),
    apps: createAppsHandle(state, () => ({ api: server.url, web: server.url })),
    deliver: async (url, delivery, deliverOptions = {}) => {
      const response = await undiciRequest(url, {
        method: 'POST',
        headers: delivery.request.headers as Record<string, string>,
        body: delivery.request.rawBody,
        ...(deliverOptions.dispatcher === undefined
          ? {}
          : { dispatcher: deliverOptions.dispatcher }),
      });
      await response.body.text();
      return response.statusCode;
    },
    stop: () => server.stop(),
  };
}
