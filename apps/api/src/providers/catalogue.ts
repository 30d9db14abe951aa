// The one list of providers the gateway serves. Everything that names providers (configuration,
// the adapter registry, provider hosts, the hosted pages, the account filter, discovery) reads this
// file; adding a provider to the gateway is one entry here (see CONTRIBUTING.md).
import {
  type CacheStore,
  getHeader,
  type Capabilities,
  type Clock,
  type Logger,
  type OAuthTokens,
  type ProviderOAuth,
  type ProviderWebhooks,
  type RefreshingTokenOptions,
  type ScmProvider,
  type WebhookRequest,
} from '@scm/core';
import {
  bitbucketCapabilities,
  createBitbucketOAuth,
  createBitbucketProvider,
  createBitbucketWebhooks,
} from '@scm/bitbucket';
import {
  createGitHubOAuth,
  createGitHubProvider,
  createGitHubWebhooks,
  githubCapabilities,
} from '@scm/github';
import {
  createGitLabOAuth,
  createGitLabWebhooks,
  createGitLabProvider,
  getGitLabTokenInfo,
  gitlabCapabilities,
} from '@scm/gitlab';
import {
  azureCapabilities,
  AZURE_DEFAULT_OAUTH_SCOPES,
  AZURE_WEBHOOK_SECRET_HEADER,
  createAzureDevOpsProvider,
  createAzureOAuth,
  createAzureWebhooks,
  readAzureDelivery,
} from '@scm/azure-devops';
import type { Dispatcher } from 'undici';
import { githubAppSupport, type AppSupport } from './app-support.js';

/** Where a provider lives: its host name, REST API base and web base. */
export interface HostLocation {
  host: string;
  apiBaseUrl: string;
  webBaseUrl: string;
}

/** The transport settings every adapter the gateway builds shares. */
export interface GatewayTransport {
  dispatcher: Dispatcher;
  /** The conditional-request cache (ETags); given to adapters only, never to OAuth helpers. */
  cache?: CacheStore;
  timeoutMs: number;
  deadlineMs?: number;
  retry: { maxRetries: number };
  logger: Logger;
  clock?: Clock;
  userAgent?: string;
}

/** The gateway's own OAuth client on a host. */
export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** How an adapter authenticates: a token as handed in, or an OAuth token pair. */
export type AdapterCredential =
  | { kind: 'token'; token: string }
  | {
      kind: 'oauth';
      tokens: OAuthTokens;
      /** Present when the pair can be refreshed (a refresh token and the host's OAuth client). */
      refresh?: OAuthClientCredentials & {
        onRefresh: (tokens: OAuthTokens) => Promise<void>;
        /** Serializes refreshes with the deployment's other processes (see RefreshingTokenOptions). */
        exclusive?: RefreshingTokenOptions['exclusive'];
      };
    };

export interface AdapterInput {
  location: HostLocation;
  transport: GatewayTransport;
  client: OAuthClientCredentials | undefined;
  credential: AdapterCredential;
}

export interface ProviderCatalogueEntry<Id extends string = string> {
  id: Id;
  displayName: string;
  /** Configuration prefix: `<PREFIX>_API_URL`, `_WEB_URL`, `_CLIENT_ID`, `_CLIENT_SECRET`, `_OAUTH_SCOPES`. */
  envPrefix: string;
  defaultHost: HostLocation;
  /** A configured API URL is also the web URL unless one is given (GitLab serves both from one origin). */
  webFollowsApi: boolean;
  /** Provider OAuth scopes the gateway asks for; undefined where the provider takes none (Bitbucket). */
  oauthScopes: readonly string[] | undefined;
  capabilities: Capabilities;
  /**
   * Where a self-hosted edition's API lives, from the base URL a tenant registers (GitHub Enterprise
   * Server, self-managed GitLab); undefined where the adapter serves only the cloud edition.
   */
  selfHostedLocation: ((base: URL) => HostLocation) | undefined;
  /** Apps registered from a manifest and installed on accounts (GitHub Apps); undefined: none. */
  app: AppSupport | undefined;
  /**
   * Integrations by personal access token: the scopes a token must carry, and how to read a token's
   * scopes from the provider. Undefined where the integrations plane takes no token.
   */
  accessToken:
    | {
        requiredScopes: readonly string[];
        scopesOf(input: {
          location: HostLocation;
          transport: GatewayTransport;
          token: string;
        }): Promise<{ scopes: string[]; active: boolean }>;
      }
    | undefined;
  /** Inbound webhooks at /v1/webhooks/{id}: how a delivery names itself and its source, and the verifier. */
  webhooks: WebhookSupport;
  /**
   * Scalingo's names for the provider (seed 004's `scm_type`: the cloud and the self-hosted
   * edition), and the API URL of an organization as its `orgs` answer gives it; undefined where
   * Scalingo has no such type.
   */
  scmTypes:
    | {
        cloud: string;
        selfHosted: string;
        cloudName: string;
        selfHostedName: string;
        organizationUrl(apiBaseUrl: string, org: { id: string; login: string }): string;
      }
    | undefined;
  createAdapter(input: AdapterInput): ScmProvider;
  createOAuth(input: {
    location: HostLocation;
    client: OAuthClientCredentials;
    transport: GatewayTransport;
  }): ProviderOAuth;
}

/** A host's key in ProviderHost: host name, port and any path prefix (`gitlab.example.com/gitlab`). */
export const hostKey = (base: URL): string => `${base.host}${base.pathname}`.replace(/\/+$/, '');

/** A base URL as text: origin and path prefix, no trailing slash. */
const baseOf = (base: URL): string => `${base.origin}${base.pathname}`.replace(/\/+$/, '');

type Headers = WebhookRequest['headers'];

/** Where a delivery says it comes from: an app, a hook the gateway created, or a shared secret. */
export type WebhookSource =
  | { kind: 'app'; appId: string }
  | { kind: 'hook'; hookId: string }
  | { kind: 'secret'; secret: string };

export interface WebhookSupport {
  /**
   * The provider's id of the delivery (redeliveries repeat it) and its event name: from headers,
   * or from the body where the provider sends no such header (Azure DevOps). One call, so a body
   * is parsed at most once.
   */
  names(
    headers: Headers,
    body: WebhookRequest['rawBody'],
  ): { deliveryId: string | undefined; eventName: string | undefined };
  /**
   * The delivery id and event name are read from the body (Azure DevOps): the gateway reads them
   * only once the delivery is verified, so an unsigned body is never parsed.
   */
  namesInBody: boolean;
  source(headers: Headers): WebhookSource | undefined;
  /**
   * Deliveries prove themselves by a secret sent as is (`{ kind: 'secret' }`: GitLab's
   * X-Gitlab-Token, Azure's header): an integration can hold one for hooks set up by hand.
   */
  sharedSecret: boolean;
  /** A verifier and parser for deliveries signed with (or carrying) one of `secrets`. */
  create(input: { secrets: readonly string[]; clock: Clock }): ProviderWebhooks;
}

/** A refreshable pair as the adapters' `auth: { type: 'oauth' }` takes it. */
function refreshingAuth(credential: AdapterCredential) {
  return credential.kind === 'oauth' && credential.refresh !== undefined
    ? {
        type: 'oauth' as const,
        tokens: credential.tokens,
        clientId: credential.refresh.clientId,
        clientSecret: credential.refresh.clientSecret,
        onRefresh: credential.refresh.onRefresh,
        exclusive: credential.refresh.exclusive,
      }
    : undefined;
}

const tokenOf = (credential: AdapterCredential): string =>
  credential.kind === 'token' ? credential.token : credential.tokens.accessToken;

const github: ProviderCatalogueEntry<'github'> = {
  id: 'github',
  displayName: 'GitHub',
  envPrefix: 'GITHUB',
  defaultHost: {
    host: 'github.com',
    apiBaseUrl: 'https://api.github.com',
    webBaseUrl: 'https://github.com',
  },
  webFollowsApi: false,
  // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps
  oauthScopes: ['repo', 'read:user', 'read:org', 'admin:repo_hook'],
  capabilities: githubCapabilities,
  // https://docs.github.com/en/enterprise-server@3.17/rest/quickstart: http(s)://HOSTNAME/api/v3
  selfHostedLocation: (base) => ({
    host: hostKey(base),
    apiBaseUrl: `${baseOf(base)}/api/v3`,
    webBaseUrl: baseOf(base),
  }),
  app: githubAppSupport,
  accessToken: undefined,
  scmTypes: {
    cloud: 'github',
    selfHosted: 'github-enterprise',
    cloudName: 'GitHub.com',
    selfHostedName: 'GitHub Enterprise',
    organizationUrl: (api, org) => `${api}/orgs/${encodeURIComponent(org.login)}`,
  },
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers
  webhooks: {
    sharedSecret: false,
    namesInBody: false,
    names: (headers) => ({
      deliveryId: getHeader(headers, 'x-github-delivery'),
      eventName: getHeader(headers, 'x-github-event'),
    }),
    source: (headers) => {
      const type = getHeader(headers, 'x-github-hook-installation-target-type');
      const target = getHeader(headers, 'x-github-hook-installation-target-id');
      if (type === 'integration' && target !== undefined) return { kind: 'app', appId: target };
      const hookId = getHeader(headers, 'x-github-hook-id');
      return hookId === undefined ? undefined : { kind: 'hook', hookId };
    },
    create: ({ secrets, clock }) => createGitHubWebhooks({ secrets, clock }),
  },
  createAdapter: ({ location, transport, credential }) =>
    createGitHubProvider({
      ...transport,
      baseUrl: location.apiBaseUrl,
      webUrl: location.webBaseUrl,
      auth: refreshingAuth(credential) ?? { type: 'token', token: tokenOf(credential) },
    }),
  createOAuth: ({ location, client, transport }) =>
    createGitHubOAuth({
      ...transport,
      ...client,
      baseUrl: location.apiBaseUrl,
      webBaseUrl: location.webBaseUrl,
    }),
};

const gitlab: ProviderCatalogueEntry<'gitlab'> = {
  id: 'gitlab',
  displayName: 'GitLab',
  envPrefix: 'GITLAB',
  defaultHost: {
    host: 'gitlab.com',
    apiBaseUrl: 'https://gitlab.com',
    webBaseUrl: 'https://gitlab.com',
  },
  webFollowsApi: true,
  // https://docs.gitlab.com/integration/oauth_provider/ (api covers hooks; read_api does not)
  oauthScopes: ['api', 'read_user'],
  capabilities: gitlabCapabilities,
  // The API is `<base>/api/v4` on every instance, a relative URL root included (the adapter adds it).
  selfHostedLocation: (base) => ({
    host: hostKey(base),
    apiBaseUrl: baseOf(base),
    webBaseUrl: baseOf(base),
  }),
  app: undefined,
  scmTypes: {
    cloud: 'gitlab',
    selfHosted: 'gitlab-self-hosted',
    cloudName: 'GitLab.com',
    selfHostedName: 'GitLab',
    organizationUrl: (api, org) =>
      `${api.endsWith('/api/v4') ? api : `${api}/api/v4`}/groups/${encodeURIComponent(org.id)}`,
  },
  // https://docs.oore.build (seed 001): api lists projects and reads metadata, read_repository clones.
  accessToken: {
    requiredScopes: ['api', 'read_repository'],
    scopesOf: ({ location, transport, token }) =>
      getGitLabTokenInfo({ ...transport, baseUrl: location.apiBaseUrl, token }),
  },
  // https://docs.gitlab.com/user/project/integrations/webhooks/#delivery-headers
  webhooks: {
    sharedSecret: true,
    namesInBody: false,
    names: (headers) => ({
      deliveryId:
        getHeader(headers, 'x-gitlab-event-uuid') ?? getHeader(headers, 'idempotency-key'),
      eventName: getHeader(headers, 'x-gitlab-event'),
    }),
    source: (headers) => {
      const secret = getHeader(headers, 'x-gitlab-token');
      return secret === undefined || secret === '' ? undefined : { kind: 'secret', secret };
    },
    create: ({ secrets, clock }) => createGitLabWebhooks({ secrets, signingTokens: [], clock }),
  },
  createAdapter: ({ location, transport, client, credential }) =>
    createGitLabProvider({
      ...transport,
      baseUrl: location.apiBaseUrl,
      // An OAuth token goes as Bearer (refreshable or not); a manual one is a personal access token.
      auth:
        refreshingAuth(credential) ??
        (credential.kind === 'oauth'
          ? {
              type: 'oauth',
              tokens: credential.tokens,
              clientId: client?.clientId ?? '',
              clientSecret: client?.clientSecret ?? '',
            }
          : { type: 'private-token', token: credential.token }),
      ...(client === undefined ? {} : { oauthApp: client }),
    }),
  createOAuth: ({ location, client, transport }) =>
    createGitLabOAuth({ ...transport, ...client, baseUrl: location.apiBaseUrl }),
};

const bitbucket: ProviderCatalogueEntry<'bitbucket'> = {
  id: 'bitbucket',
  displayName: 'Bitbucket',
  envPrefix: 'BITBUCKET',
  defaultHost: {
    host: 'bitbucket.org',
    apiBaseUrl: 'https://api.bitbucket.org/2.0',
    webBaseUrl: 'https://bitbucket.org',
  },
  webFollowsApi: false,
  // Bitbucket grants the consumer's configured scopes and takes no scope parameter.
  oauthScopes: undefined,
  capabilities: bitbucketCapabilities,
  // Bitbucket Data Center speaks another API (/rest/api/1.0) than this adapter's Cloud 2.0.
  selfHostedLocation: undefined,
  app: undefined,
  accessToken: undefined,
  scmTypes: undefined,
  // https://support.atlassian.com/bitbucket-cloud/docs/event-payloads/#HTTP-headers
  webhooks: {
    sharedSecret: false,
    namesInBody: false,
    names: (headers) => ({
      deliveryId: getHeader(headers, 'x-request-uuid'),
      eventName: getHeader(headers, 'x-event-key'),
    }),
    source: (headers) => {
      const hookId = getHeader(headers, 'x-hook-uuid');
      return hookId === undefined ? undefined : { kind: 'hook', hookId };
    },
    create: ({ secrets, clock }) => createBitbucketWebhooks({ secrets, clock }),
  },
  createAdapter: ({ location, transport, client, credential }) =>
    createBitbucketProvider({
      ...transport,
      baseUrl: location.apiBaseUrl,
      webBaseUrl: location.webBaseUrl,
      auth: refreshingAuth(credential) ?? { type: 'access-token', token: tokenOf(credential) },
      ...(client === undefined ? {} : { oauthClient: client }),
    }),
  createOAuth: ({ location, client, transport }) =>
    createBitbucketOAuth({ ...transport, ...client, webBaseUrl: location.webBaseUrl }),
};

/**
 * The profile service and Microsoft Entra of an Azure DevOps location. On Services they are
 * app.vssps.visualstudio.com and login.microsoftonline.com (the adapter's defaults); when the
 * default host is served from another origin (a proxy, the simulator), that origin answers them
 * too. Server answers the profile at the collection (the adapter's default there).
 */
function azureServiceUrls(location: HostLocation): { profileUrl?: string; authorityUrl?: string } {
  const api = new URL(location.apiBaseUrl);
  const services = api.hostname === 'dev.azure.com' || api.hostname.endsWith('.visualstudio.com');
  return location.host === 'dev.azure.com' && !services
    ? { profileUrl: api.origin, authorityUrl: api.origin }
    : {};
}

const azure: ProviderCatalogueEntry<'azure'> = {
  id: 'azure',
  displayName: 'Azure DevOps',
  envPrefix: 'AZURE_DEVOPS',
  // Azure DevOps Services: the API is the organization URL (`AZURE_DEVOPS_API_URL`,
  // https://dev.azure.com/<organization>); the bare host names no organization.
  defaultHost: {
    host: 'dev.azure.com',
    apiBaseUrl: 'https://dev.azure.com',
    webBaseUrl: 'https://dev.azure.com',
  },
  webFollowsApi: true,
  // https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/entra-oauth
  oauthScopes: AZURE_DEFAULT_OAUTH_SCOPES,
  capabilities: azureCapabilities,
  // Azure DevOps Server: the collection URL a tenant registers is the API and the web base.
  selfHostedLocation: (base) => ({
    host: hostKey(base),
    apiBaseUrl: baseOf(base),
    webBaseUrl: baseOf(base),
  }),
  app: undefined,
  // Azure has no API that tells a personal access token's scopes: no token integrations.
  accessToken: undefined,
  scmTypes: undefined,
  // Service hooks carry no delivery or event header: both are read from the body. The secret is
  // the subscription's custom header (what the adapter's createWebhook sets) or its Basic password.
  webhooks: {
    sharedSecret: true,
    namesInBody: true,
    names: (_headers, body) => {
      const delivery = readAzureDelivery(body);
      return { deliveryId: delivery?.deliveryId, eventName: delivery?.eventType };
    },
    source: (headers) => {
      const secret = getHeader(headers, AZURE_WEBHOOK_SECRET_HEADER) ?? basicPassword(headers);
      return secret === undefined || secret === '' ? undefined : { kind: 'secret', secret };
    },
    create: ({ secrets, clock }) => createAzureWebhooks({ secrets, clock }),
  },
  createAdapter: ({ location, transport, client, credential }) =>
    createAzureDevOpsProvider({
      ...transport,
      ...azureServiceUrls(location),
      baseUrl: location.apiBaseUrl,
      // An OAuth token goes as Bearer (refreshable or not); a manual one is a personal access token.
      // A refreshable OAuth pair is refreshed; an OAuth token without one is a plain Bearer token;
      // a manual connection's token is a personal access token.
      auth:
        refreshingAuth(credential) ??
        (credential.kind === 'oauth'
          ? { type: 'bearer', token: credential.tokens.accessToken }
          : { type: 'pat', token: credential.token }),
      ...(client === undefined ? {} : { oauthApp: client }),
    }),
  createOAuth: ({ location, client, transport }) =>
    createAzureOAuth({ ...transport, ...client, ...azureServiceUrls(location) }),
};

/** The password of an HTTP Basic `Authorization` header. */
function basicPassword(headers: Headers): string | undefined {
  const [scheme, value] = (getHeader(headers, 'authorization') ?? '').trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'basic' || value === undefined) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

export const PROVIDER_CATALOGUE = [github, gitlab, bitbucket, azure] as const;

export type GatewayProviderId = (typeof PROVIDER_CATALOGUE)[number]['id'];

export const PROVIDER_IDS = PROVIDER_CATALOGUE.map((entry) => entry.id) as [
  GatewayProviderId,
  ...GatewayProviderId[],
];

/** Providers the product documents name (GitFlare's account filter) whether or not an adapter exists yet. */
export const DOCUMENTED_PROVIDER_IDS: readonly string[] = [
  'github',
  'gitlab',
  'bitbucket',
  'azure',
];

export function isProviderId(value: string): value is GatewayProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

export function providerEntry(id: GatewayProviderId): ProviderCatalogueEntry<GatewayProviderId> {
  return PROVIDER_CATALOGUE.find(
    (entry) => entry.id === id,
  ) as ProviderCatalogueEntry<GatewayProviderId>;
}

/** A provider's display name ("GitHub"); the id itself for one the gateway does not know. */
export function providerName(id: string): string {
  return isProviderId(id) ? providerEntry(id).displayName : id;
}
