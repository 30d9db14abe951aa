import {
  ScmError,
  type CacheStore,
  type Capabilities,
  type Clock,
  type Logger,
  type OAuthTokens,
  type ProviderOAuth,
  type ScmProvider,
} from '@scm/core';
import { Agent, type Dispatcher } from 'undici';
import type { SecretBox } from '../crypto/secret-box.js';
import { guardedLookup, type HostPolicy } from '../integrations/host-url.js';
import {
  isProviderId,
  providerEntry,
  type AdapterCredential,
  type GatewayProviderId,
  type GatewayTransport,
} from './catalogue.js';
import { connectionTokens } from './exclusive-refresh.js';

// Adapters kept warm, one per connection (an adapter holds no socket of its own: the pool is shared).
const MAX_CACHED_ADAPTERS = 1000;

/** A provider host as stored (ProviderHost row), with its OAuth secret still sealed. */
export interface ProviderHostRecord {
  id: string;
  /** null for built-in and operator-configured hosts; the owning tenant for one registered at run time. */
  tenantId: string | null;
  provider: string;
  host: string;
  apiBaseUrl: string;
  webBaseUrl: string;
  oauthClientId: string | null;
  oauthClientSecretEnc: string | null;
  /** JSON list of provider scopes to request, or null for the gateway's default. */
  oauthScopes: string | null;
  enabled: boolean;
  isDefault: boolean;
}

/** What the registry needs of a stored connection to talk to its provider. */
export interface ConnectionCredentials {
  id: string;
  provider: string;
  tokenType: string;
  /** null for a github_app integration: it acts through installation tokens, not a stored one. */
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  expiresAt: Date | null;
  scopes: string;
  providerHost: ProviderHostRecord;
}

export interface ProviderRegistryOptions {
  secretBox: SecretBox;
  logger: Logger;
  timeoutMs: number;
  maxRetries: number;
  /** The whole of one provider HTTP call, retries and their waits included (UPSTREAM_TIMEOUT after). */
  deadlineMs?: number | undefined;
  /** Persists a refreshed token pair (GitLab and Bitbucket rotate refresh tokens on each use). */
  onTokensRefreshed: (connectionId: string, tokens: OAuthTokens) => Promise<void>;
  /**
   * Runs a connection's token refresh under a lock the gateway's other processes share, with the
   * pair as stored now (PostgreSQL, where WEB_CONCURRENCY workers each hold an adapter for the
   * same connection). Omitted with one process: the adapter's own single flight suffices.
   */
  exclusiveRefresh?:
    | ((
        connectionId: string,
        refresh: (stored: OAuthTokens | null) => Promise<OAuthTokens>,
      ) => Promise<OAuthTokens>)
    | undefined;
  /** Shared by every provider the registry builds; created (and closed) here when omitted. */
  dispatcher?: Dispatcher | undefined;
  /**
   * Which private host names tenants' hosts may reach. Hosts registered at run time get their own
   * pool (when no dispatcher is given) whose sockets re-check every resolved address.
   */
  tenantHostPolicy?: HostPolicy | undefined;
  userAgent?: string | undefined;
  /** The gateway's clock: adapters decide token expiry by it. */
  clock?: Clock | undefined;
  /**
   * The adapters' conditional-request cache (ETag / Last-Modified revalidation; keys include the
   * credential's fingerprint, so connections never share an answer). None when omitted.
   */
  cache?: CacheStore | undefined;
  /** An undici interceptor per provider around its calls (the gateway's upstream metrics). */
  observe?: ((provider: GatewayProviderId) => Dispatcher.DispatcherComposeInterceptor) | undefined;
}

export interface ProviderRegistry {
  /** An adapter acting as the connection's account. */
  forConnection(connection: ConnectionCredentials): ScmProvider;
  /**
   * An adapter for a token not stored yet: a personal/access token handed in (manual connections),
   * or with `oauth` an access token just issued by the provider's OAuth (GitLab sends the two kinds
   * in different headers).
   */
  forToken(host: ProviderHostRecord, token: string, options?: { oauth?: boolean }): ScmProvider;
  /** The gateway's own OAuth client on that host; UNSUPPORTED_PROVIDER when none is configured. */
  oauth(host: ProviderHostRecord): ProviderOAuth & { close?: () => Promise<void> };
  /** The transport (pool, timeouts, retries) for calls to that host outside an adapter. */
  transport(host: ProviderHostRecord): GatewayTransport;
  /** Each adapter's operation table, for `/v1/platform/capabilities`. */
  capabilities(provider: GatewayProviderId): Capabilities;
  close(): Promise<void>;
}

export function createProviderRegistry(options: ProviderRegistryOptions): ProviderRegistry {
  const ownDispatcher =
    options.dispatcher === undefined
      ? new Agent({ keepAliveTimeout: 30_000, connections: 64 })
      : undefined;
  const dispatcher: Dispatcher = options.dispatcher ?? (ownDispatcher as Agent);
  const guardedDispatcher =
    options.dispatcher === undefined
      ? new Agent({
          keepAliveTimeout: 30_000,
          connections: 16,
          connect: { lookup: guardedLookup(options.tenantHostPolicy ?? { allowPrivateHosts: [] }) },
        })
      : undefined;
  const transport: GatewayTransport = {
    dispatcher,
    timeoutMs: options.timeoutMs,
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
    retry: { maxRetries: options.maxRetries },
    logger: options.logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
  };
  // A tenant's host is reached only through sockets that refuse private addresses (host-url.ts).
  const tenantTransport: GatewayTransport =
    guardedDispatcher === undefined ? transport : { ...transport, dispatcher: guardedDispatcher };
  // Each provider's calls go through its own view of the pool, observed (metrics) when asked.
  const observed = new Map<string, GatewayTransport>();
  const transportFor = (host: ProviderHostRecord): GatewayTransport => {
    const shared = host.tenantId === null ? transport : tenantTransport;
    const { observe } = options;
    if (observe === undefined || !isProviderId(host.provider)) return shared;
    const key = `${host.provider}\n${host.tenantId === null ? 'shared' : 'tenant'}`;
    let view = observed.get(key);
    if (view === undefined) {
      view = { ...shared, dispatcher: shared.dispatcher.compose(observe(host.provider)) };
      observed.set(key, view);
    }
    return view;
  };
  const { secretBox } = options;

  const clientOf = (
    host: ProviderHostRecord,
  ): { clientId: string; clientSecret: string } | undefined =>
    host.oauthClientId !== null && host.oauthClientSecretEnc !== null
      ? { clientId: host.oauthClientId, clientSecret: secretBox.decrypt(host.oauthClientSecretEnc) }
      : undefined;

  const entryOf = (host: ProviderHostRecord) => {
    if (!isProviderId(host.provider))
      throw new ScmError('UNSUPPORTED_PROVIDER', {
        message: `Provider ${host.provider} is not supported.`,
      });
    return providerEntry(host.provider);
  };

  const exclusiveRefresh = options.exclusiveRefresh;
  const build = (
    host: ProviderHostRecord,
    auth: { token: string } | { tokens: OAuthTokens; connectionId: string },
  ): ScmProvider => {
    const client = clientOf(host);
    const credential: AdapterCredential =
      'token' in auth
        ? { kind: 'token', token: auth.token }
        : {
            kind: 'oauth',
            tokens: auth.tokens,
            ...(client !== undefined && auth.tokens.refreshToken !== null
              ? {
                  refresh: {
                    ...client,
                    onRefresh: (tokens: OAuthTokens) =>
                      options.onTokensRefreshed(auth.connectionId, tokens),
                    ...(exclusiveRefresh === undefined
                      ? {}
                      : {
                          exclusive: (
                            refresh: (stored: OAuthTokens | null) => Promise<OAuthTokens>,
                          ) => exclusiveRefresh(auth.connectionId, refresh),
                        }),
                  },
                }
              : {}),
          };
    const transport = transportFor(host);
    return entryOf(host).createAdapter({
      location: host,
      transport: options.cache === undefined ? transport : { ...transport, cache: options.cache },
      client,
      credential,
    });
  };

  const buildForConnection = (connection: ConnectionCredentials): ScmProvider => {
    if (connection.accessTokenEnc === null)
      throw new ScmError('PROVIDER_ACCOUNT_NOT_CONNECTED', {
        message: 'This integration is a GitHub App: read through one of its installations.',
      });
    if (connection.tokenType !== 'oauth')
      return build(connection.providerHost, {
        token: secretBox.decrypt(connection.accessTokenEnc),
      });
    const tokens = connectionTokens(
      { ...connection, accessTokenEnc: connection.accessTokenEnc },
      secretBox,
    );
    return build(connection.providerHost, { tokens, connectionId: connection.id });
  };
  const adapters = new Map<string, { stamp: string; stale: string[]; provider: ScmProvider }>();

  return {
    forConnection(connection) {
      // One adapter per connection and sealed token: its refreshing token then refreshes once for
      // every concurrent request (GitLab and Bitbucket rotate refresh tokens; a second refresh
      // with the old one would fail). A request that still carries a row read before the last
      // refresh was stored (`stale`) uses the newer adapter: built from the old pair, it would
      // refresh again with a refresh token the provider already rotated away.
      const stamp = connection.accessTokenEnc ?? '';
      const cached = adapters.get(connection.id);
      if (cached !== undefined && (cached.stamp === stamp || cached.stale.includes(stamp)))
        return cached.provider;
      const provider = buildForConnection(connection);
      if (adapters.size >= MAX_CACHED_ADAPTERS)
        adapters.delete(adapters.keys().next().value as string);
      const stale = cached === undefined ? [] : [...cached.stale, cached.stamp].slice(-8);
      adapters.set(connection.id, { stamp, stale, provider });
      return provider;
    },
    forToken(host, token, forOptions = {}) {
      if (forOptions.oauth === true) {
        return build(host, {
          tokens: {
            accessToken: token,
            refreshToken: null,
            expiresAt: null,
            scopes: [],
            tokenType: 'bearer',
          },
          connectionId: '',
        });
      }
      return build(host, { token });
    },
    oauth(host) {
      const client = clientOf(host);
      if (client === undefined) {
        throw new ScmError('UNSUPPORTED_PROVIDER', {
          provider: host.provider,
          message: `No OAuth client is configured for ${host.provider} (${host.host}).`,
        });
      }
      return entryOf(host).createOAuth({ location: host, client, transport: transportFor(host) });
    },
    capabilities(provider) {
      return providerEntry(provider).capabilities;
    },
    transport: transportFor,
    async close() {
      adapters.clear();
      await ownDispatcher?.close();
      await guardedDispatcher?.close();
    },
  };
}
