import { request } from 'undici';
import type { SimulatorHandle } from '../contract/types.js';
import { generateDataset } from '../dataset/generate-dataset.js';
import type { Dataset } from '../dataset/types.js';
import { createFaultController } from '../server/faults.js';
import { startSimulatorServer } from '../server/simulator-server.js';
import { createAuthState, type BitbucketCredentials } from './bitbucket-auth.js';
import { bitbucketDataset, statusKeyFor, uuidFor } from './bitbucket-dataset.js';
import { bitbucketOAuthRoutes } from './bitbucket-oauth-routes.js';
import { bitbucketRoutes } from './bitbucket-routes.js';
import { BITBUCKET_SIGNATURE_HEADER, bitbucketDeliveries } from './bitbucket-webhook-deliveries.js';
import { bitbucketError } from './wire-paging.js';

export interface BitbucketSimulatorOptions {
  /** Dataset seed; ignored when `dataset` is given. Default 1. */
  seed?: number;
  dataset?: Dataset;
  /** The repository / workspace access token the API accepts. Default `bitbucket-access-token`. */
  accessToken?: string;
  /** Scopes of the access token. Default: account, repository, pullrequest, webhook, pipeline. */
  accessTokenScopes?: string[];
  /** The API token (or app password) Basic auth accepts with the viewer's username or email. */
  apiToken?: string;
  oauth?: Partial<BitbucketCredentials['oauth']>;
  /** Lifetime of issued OAuth access tokens. Default 7200 s, as on Bitbucket. */
  accessTokenTtlSeconds?: number;
  /** The secret webhook deliveries are signed with. Default `bitbucket-webhook-secret`. */
  webhookSecret?: string;
  /** Epoch ms for token expiry, created timestamps and rate-limit resets. Default `Date.now`. */
  now?: () => number;
}

export interface BitbucketSimulator extends SimulatorHandle, BitbucketCredentials {
  /** `<url>/2.0`: the adapter's `baseUrl`. */
  apiBaseUrl: string;
  /** `<url>`: the adapter's `webBaseUrl` (OAuth and html links). */
  webBaseUrl: string;
  /** Makes every issued OAuth access token expired, as two hours passing would. */
  expireAccessTokens(): void;
  /** Revokes every refresh token (the user disconnected the consumer). */
  revokeRefreshTokens(): void;
  /**
   * Sends a webhook created through the API one delivery for its repository (the first of its
   * events the simulator can render), signed with the webhook's own secret as Bitbucket does.
   * Only loopback callback URLs are called.
   */
  deliver(hookUuid: string): Promise<{ eventKey: string; status: number }>;
}

/**
 * Bitbucket Cloud on 127.0.0.1: the 2.0 API under `/2.0`, OAuth under `/site/oauth2`, over a
 * seeded dataset (as Bitbucket can hold it: see `bitbucketDataset`). Stop it when done.
 */
export async function startBitbucketSimulator(
  options: BitbucketSimulatorOptions = {},
): Promise<BitbucketSimulator> {
  const dataset = bitbucketDataset(options.dataset ?? generateDataset({ seed: options.seed ?? 1 }));
  const now = options.now ?? Date.now;
  const secret = options.webhookSecret ?? 'bitbucket-webhook-secret';
  const credentials: BitbucketCredentials = {
    accessToken: options.accessToken ?? 'bitbucket-access-token',
    accessTokenScopes: options.accessTokenScopes ?? [
      'account',
      'repository',
      'pullrequest',
      'webhook',
      'pipeline',
    ],
    username: dataset.viewer.login,
    email: dataset.viewer.email,
    apiToken: options.apiToken ?? 'bitbucket-api-token',
    oauth: {
      clientId: options.oauth?.clientId ?? 'bitbucket-consumer-key',
      clientSecret: options.oauth?.clientSecret ?? 'bitbucket-consumer-secret',
      callbackUrl: options.oauth?.callbackUrl ?? 'http://127.0.0.1/oauth/callback',
      scopes: options.oauth?.scopes ?? [
        'account',
        'repository',
        'pullrequest',
        'webhook',
        'pipeline',
      ],
    },
  };
  const auth = createAuthState(credentials, now, options.accessTokenTtlSeconds ?? 7200);
  const faults = createFaultController();
  // The port is known only once listening; routes read the hosts lazily through this object.
  const hosts = { api: '', web: '' };
  const api = bitbucketRoutes({ dataset, hosts, auth, now });
  const server = await startSimulatorServer({
    routes: [...bitbucketOAuthRoutes(credentials, auth), ...api.routes],
    faults,
    now,
    notFound: api.tail,
    faultBody: (status) =>
      bitbucketError(
        status,
        status === 429 ? 'Rate limit for this resource has been exceeded' : 'Something went wrong',
      ).json,
  });
  hosts.web = server.url;
  hosts.api = `${server.url}/2.0`;
  const repository = dataset.repositories[0];
  if (repository === undefined) throw new Error('the dataset has no repository');
  const checkIds = new Map(
    dataset.repositories.flatMap((repo) => repo.checks).map((check) => [check.id, check]),
  );
  return {
    ...credentials,
    url: server.url,
    apiBaseUrl: hosts.api,
    webBaseUrl: hosts.web,
    dataset,
    requests: server.requests,
    faults,
    webhooks: {
      secret,
      signatureHeader: BITBUCKET_SIGNATURE_HEADER,
      deliveries: () => bitbucketDeliveries(hosts, dataset, repository, secret),
    },
    expected: {
      repository: repository.fullName,
      repositoryId: repository.uuid,
      rawRead: { path: '/user' },
      ids: {
        // Commit statuses are known by their key, pipelines and deployments by UUID.
        check: (check) =>
          checkIds.get(check.id)?.kind === 'commit_status'
            ? statusKeyFor(check)
            : uuidFor('check', check.id),
        deployment: (deployment) => uuidFor('deployment', deployment.id),
        organization: (organization) => uuidFor('workspace', organization.login),
      },
    },
    expireAccessTokens: () => {
      auth.expireAccessTokens();
    },
    revokeRefreshTokens: () => {
      auth.revokeRefreshTokens();
    },
    deliver: async (hookUuid) => {
      const hook = api.hooks.get(hookUuid);
      if (hook === undefined) throw new Error(`No webhook ${hookUuid}`);
      const target = new URL(hook.url);
      if (
        target.hostname !== '127.0.0.1' &&
        target.hostname !== '[::1]' &&
        target.hostname !== 'localhost'
      )
        throw new Error('The simulator delivers only to loopback callback URLs');
      const delivery = bitbucketDeliveries(hosts, dataset, hook.repo, hook.secret).find(
        (candidate) => hook.events.includes(String(candidate.request.headers['X-Event-Key'])),
      );
      if (delivery === undefined)
        throw new Error(`No delivery for events ${hook.events.join(', ')}`);
      const response = await request(target, {
        method: 'POST',
        headers: delivery.request.headers as Record<string, string>,
        body: delivery.request.rawBody,
      });
      await response.body.dump();
      return {
        eventKey: String(delivery.request.headers['X-Event-Key']),
        status: response.statusCode,
      };
    },
    stop: () => server.stop(),
  };
}
