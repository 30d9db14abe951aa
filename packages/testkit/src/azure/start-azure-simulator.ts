import { createHash } from 'node:crypto';
import { request } from 'undici';
import type { SimulatorHandle } from '../contract/types.js';
import { generateDataset } from '../dataset/generate-dataset.js';
import type { Dataset } from '../dataset/types.js';
import { createFaultController } from '../server/faults.js';
import { startSimulatorServer } from '../server/simulator-server.js';
import { createAzureAuthState, type AzureCredentials } from './azure-auth.js';
import {
  DEFAULT_AZURE_ORGANIZATION,
  deriveAzureWorld,
  repositoryGuid,
  type AzureProject,
} from './azure-dataset.js';
import { azureOAuthRoutes } from './azure-oauth-routes.js';
import { azureRoutes } from './azure-routes.js';
import {
  AZURE_SIGNATURE_HEADER,
  azureDeliveries,
  parseHttpHeaders,
} from './azure-webhook-deliveries.js';
import { azureError, faultError } from './azure-wire.js';
import { createAzureRouteKit } from './route-kit.js';

export interface AzureSimulatorOptions {
  /** Dataset seed; ignored when `dataset` is given. Default 1. */
  seed?: number;
  /** The shared dataset; the simulator derives Azure's projects from it without changing it. */
  dataset?: Dataset;
  /** The organization (collection) name. Default `fabrikam`. */
  organization?: string;
  /**
   * Serve Azure DevOps Server instead of Services: the collection under this virtual directory
   * (`/tfs` makes `<url>/tfs/<organization>` the collection URL), `connectionData` saying
   * `onPremises`, and no profile service (Server has none). Default: Services.
   */
  pathPrefix?: string;
  /** The PAT the API accepts (Basic, any user name). Default derived from the seed. */
  personalAccessToken?: string;
  oauth?: Partial<AzureCredentials['oauth']>;
  /** Lifetime of issued Entra access tokens. Default 3600 s. */
  accessTokenTtlSeconds?: number;
  /** The Basic password of the simulated subscription's deliveries. Default derived from the seed. */
  webhookSecret?: string;
  /** Epoch ms for token expiry, created timestamps and rate-limit resets. Default `Date.now`. */
  now?: () => number;
}

export interface AzureSimulator extends SimulatorHandle, AzureCredentials {
  organization: string;
  /** `<url>[<pathPrefix>]/<organization>`: the organization or collection URL, the adapter's `baseUrl`. */
  organizationUrl: string;
  /** Where the profile service answers (`/_apis/profile/profiles/me`): `<url>`; Services only. */
  profileUrl: string;
  /** The Entra authority: `<url>/<tenantId>` (`/oauth2/v2.0/authorize`, `/oauth2/v2.0/token`). */
  authorityUrl: string;
  projects: readonly AzureProject[];
  /** The Basic user name of the simulated subscription's deliveries. */
  webhookUsername: string;
  /** Issues an Entra token pair directly, as a completed authorization would. */
  issueOAuthTokens(scope?: string): Record<string, unknown>;
  /** Makes every issued access token expired, as an hour passing would. */
  expireAccessTokens(): void;
  revokeAccessToken(accessToken: string): void;
  /**
   * Posts each subscription created through the API the events of its repository (or of the
   * first repository of its project) it subscribed to, with its Basic credentials and custom
   * headers, as Azure would. Only loopback URLs are called.
   */
  deliverSubscriptionEvents(): Promise<
    { subscriptionId: string; eventType: string; status: number }[]
  >;
}

function deterministic(label: string, seed: number): string {
  return createHash('sha256')
    .update(`azure:${label}:${String(seed)}`)
    .digest('hex');
}

/**
 * Azure DevOps Services on 127.0.0.1: the REST API 7.1 of one organization under
 * `/<organization>`, the profile service at the root, Entra OAuth under `/<tenant>/oauth2/v2.0`,
 * over a seeded dataset (each owner a project: see `deriveAzureWorld`). Stop it when done.
 */
export async function startAzureSimulator(
  options: AzureSimulatorOptions = {},
): Promise<AzureSimulator> {
  const source = options.dataset ?? generateDataset({ seed: options.seed ?? 1 });
  const organization = options.organization ?? DEFAULT_AZURE_ORGANIZATION;
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,49}$/.test(organization))
    throw new Error('organization must be an Azure DevOps organization name');
  const pathPrefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
  if (pathPrefix !== '' && !/^(\/[A-Za-z0-9._-]+)+$/.test(pathPrefix))
    throw new Error('pathPrefix must look like /tfs');
  const world = deriveAzureWorld(source, organization);
  const { dataset } = world;
  const now = options.now ?? Date.now;
  const seed = source.seed;
  const credentials: AzureCredentials = {
    personalAccessToken: options.personalAccessToken ?? deterministic('pat', seed).slice(0, 52),
    oauth: {
      tenantId: options.oauth?.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47',
      clientId: options.oauth?.clientId ?? '4c3b2a19-0d8e-4f6a-9b7c-1e2d3f4a5b6c',
      clientSecret:
        options.oauth?.clientSecret ?? `sim~${deterministic('client-secret', seed).slice(0, 36)}`,
      redirectUri: options.oauth?.redirectUri ?? 'https://app.example.test/oauth/azure/callback',
      scopes: options.oauth?.scopes ?? [
        '499b84ac-1321-427f-aa17-267ca6975798/.default',
        'offline_access',
      ],
    },
  };
  // 12 + 36 characters: the Basic header's base64 has no padding to flip.
  const webhookUsername = 'scm-gateway';
  const webhookSecret =
    options.webhookSecret ?? `azure-hook-${deterministic('hook', seed).slice(0, 25)}`;
  let origin = '';
  const auth = createAzureAuthState(
    credentials,
    now,
    options.accessTokenTtlSeconds ?? 3600,
    () => origin,
  );
  const kit = createAzureRouteKit({ world, auth, origin: () => origin, now, pathPrefix });
  const faults = createFaultController();
  const server = await startSimulatorServer({
    routes: [...azureRoutes(kit), ...azureOAuthRoutes(credentials, auth)],
    faults,
    now,
    caseInsensitivePaths: true,
    rateLimitHeaders: 'azure',
    notFound: (request) =>
      azureError(
        404,
        `The resource cannot be found: ${request.path}`,
        'ResourceNotFoundException',
        'Microsoft.VisualStudio.Services.WebApi',
      ),
    faultBody: faultError,
  });
  origin = server.url;
  // The contract's repository is in an organization's project, not a user's.
  const repository =
    dataset.repositories.find((repo) => repo.ownerType === 'organization') ??
    dataset.repositories[0];
  if (repository === undefined) throw new Error('the dataset has no repository');
  const checkKinds = new Map(
    dataset.repositories.flatMap((repo) => repo.checks.map((check) => [check.id, check.kind])),
  );
  return {
    url: server.url,
    organization,
    organizationUrl: kit.collectionUrl(),
    profileUrl: server.url,
    authorityUrl: `${server.url}/${credentials.oauth.tenantId}`,
    projects: world.projects,
    ...credentials,
    dataset,
    requests: server.requests,
    faults,
    webhookUsername,
    webhooks: {
      secret: webhookSecret,
      signatureHeader: AZURE_SIGNATURE_HEADER,
      signsBody: false,
      deliveries: () =>
        azureDeliveries(
          kit,
          repository,
          { basicAuthUsername: webhookUsername, basicAuthPassword: webhookSecret },
          now,
        ),
    },
    expected: {
      repository: repository.fullName,
      // The adapter's normalized id is the GUID in braces, which core's references read as an id.
      repositoryId: repository.uuid,
      rawRead: { path: '/_apis/projects' },
      ids: {
        // Builds and commit statuses are separate id spaces on Azure; the adapter prefixes them.
        check: (check) =>
          `${checkKinds.get(check.id) === 'check_run' ? 'build' : 'status'}-${String(check.id)}`,
      },
    },
    issueOAuthTokens: (scope = credentials.oauth.scopes.join(' ')) => auth.issue(scope),
    expireAccessTokens: () => {
      auth.expireAccessTokens();
    },
    revokeAccessToken: (accessToken) => {
      auth.revoke(accessToken);
    },
    deliverSubscriptionEvents: async () => {
      const sent: { subscriptionId: string; eventType: string; status: number }[] = [];
      for (const subscription of kit.state.subscriptions.values()) {
        const project = kit.findProject(subscription.publisherInputs.projectId ?? '');
        if (project === undefined) continue;
        const wanted = subscription.publisherInputs.repository?.toLowerCase();
        const repo = kit
          .repositoriesOf(project)
          .find(
            (candidate) =>
              wanted === undefined || wanted === '' || repositoryGuid(candidate.uuid) === wanted,
          );
        const url = new URL(subscription.consumerInputs.url ?? '');
        if (repo === undefined) continue;
        if (url.hostname !== '127.0.0.1')
          throw new Error('the simulator delivers only to 127.0.0.1');
        const fixtures = azureDeliveries(
          kit,
          repo,
          {
            basicAuthUsername: subscription.consumerInputs.basicAuthUsername,
            basicAuthPassword: subscription.consumerInputs.basicAuthPassword,
            headers: parseHttpHeaders(subscription.consumerInputs.httpHeaders),
          },
          now,
          subscription.id,
        );
        for (const fixture of fixtures) {
          const eventType = (JSON.parse(String(fixture.request.rawBody)) as { eventType: string })
            .eventType;
          if (eventType !== subscription.eventType) continue;
          const response = await request(url, {
            method: 'POST',
            headers: fixture.request.headers as Record<string, string>,
            body: fixture.request.rawBody,
          });
          await response.body.dump();
          sent.push({ subscriptionId: subscription.id, eventType, status: response.statusCode });
        }
      }
      return sent;
    },
    stop: () => server.stop(),
  };
}
