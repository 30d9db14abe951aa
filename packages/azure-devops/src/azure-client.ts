import {
  assertLimit,
  createHttpClient,
  createRefreshingToken,
  numberSegment,
  ScmError,
  shaSegment,
  systemClock,
  transportOptions,
  withCredentialRetry,
  type Clock,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type PageQuery,
  type RefreshingToken,
  type RepoRef,
} from '@scm/core';
import type { z } from 'zod';
import {
  createAzureErrorMapper,
  invalidRequest,
  signInPage,
  unexpectedShape,
} from './azure-errors.js';
import { createAzureOAuth, type AzureOAuth } from './azure-oauth.js';
import { continuationOf, nextContinuation, offsetPage, offsetParams } from './azure-pagination.js';
import { wireListSchema } from './azure-schemas.js';
import {
  resolveAzureSettings,
  type AzureDevOpsProviderSettings,
  type AzureLocation,
} from './azure-settings.js';
import { AZURE_PROVIDER_ID, type MapContext } from './map-common.js';

/** Every call carries it (https://learn.microsoft.com/rest/api/azure/devops/#api-and-tfs-version-mapping). */
export const AZURE_API_VERSION = '7.1';

/** A repository as a request path names it. */
export interface AzureRepoTarget {
  /** `/{project}/_apis/git/repositories/{name}`, or `/_apis/git/repositories/{guid}`. */
  path: string;
  /** The project, when the reference named it. */
  project: string | undefined;
}

/** What every `ops/*.ts` file builds on: one authenticated transport and the adapter's helpers. */
export interface AzureClient {
  readonly context: MapContext;
  readonly clock: Clock;
  readonly location: AzureLocation;
  /** `provider.oauth`: the helpers of `oauthApp`, else of the OAuth client of `auth`. */
  readonly oauth: AzureOAuth | undefined;
  /**
   * One request to the collection, `api-version=7.1` added unless the request names its own
   * (`provider.request` may ask for a preview version). A 203 (Azure's sign-in page for a
   * refused PAT) is INVALID_CREDENTIALS; a refused Entra token is refreshed once.
   */
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /**
   * `GET <profileUrl>/_apis/profile/profiles/me`, parsed with `schema` (its own host on Services);
   * only when `location.profileUrl` is set.
   */
  profile<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
  /** One request whose body must fit `schema` (parsed at the edge; otherwise UPSTREAM_UNAVAILABLE). */
  call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>>;
  /** A `{ count, value }` answer and its headers. */
  fetchList<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
  ): Promise<{ items: z.infer<S>[]; headers: Readonly<Record<string, string>> }>;
  /** One page of a `$top`/`$skip` list, each item mapped. */
  offsetList<S extends z.ZodType, T>(
    schema: S,
    request: HttpRequest,
    query: PageQuery,
    map: (wire: z.infer<S>, context: MapContext) => T,
    names?: { top: string; skip: string },
  ): Promise<Page<T>>;
  /** One page of a continuation-token list, each item mapped. */
  continuationList<S extends z.ZodType, T>(
    schema: S,
    request: HttpRequest,
    query: PageQuery,
    map: (wire: z.infer<S>, context: MapContext) => T,
  ): Promise<Page<T>>;
  /** Where a repository's calls go. */
  repo(repo: RepoRef): AzureRepoTarget;
  /** A project name or id as a path segment. */
  projectSegment(project: string): string;
  /** The repository as the caller gave it: its full path, or its id. */
  repoName(repo: RepoRef): string;
  /** A commit sha as a path segment (7–64 hex characters), else INVALID_REQUEST. */
  shaSegment(sha: string): string;
  /** A pull request id as a path segment (a safe integer ≥ 0), else INVALID_REQUEST. */
  numberSegment(value: number): string;
  close(): Promise<void>;
}

const GUID =
  /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** The repository GUID of an id reference (braced or not), else INVALID_REQUEST. */
export function repositoryGuid(id: string): string {
  const match = GUID.exec(id);
  if (match?.[1] === undefined)
    throw invalidRequest('An Azure DevOps repository id is its GUID', {
      repository: id.slice(0, 100),
    });
  return match[1].toLowerCase();
}

function basicAuth(token: string): string {
  // A PAT is the password of HTTP Basic with an empty user name.
  return `Basic ${Buffer.from(`:${token}`, 'utf8').toString('base64')}`;
}

/**
 * Azure DevOps' credentials, transport and request helpers: REST 7.1 under the organization or
 * collection URL. A PAT goes in HTTP Basic; Entra tokens in `Authorization: Bearer`, refreshed
 * shortly before they expire and once more when Azure refuses one.
 */
export function createAzureClient(settings: AzureDevOpsProviderSettings): AzureClient {
  const location = resolveAzureSettings(settings);
  const clock = settings.clock ?? systemClock;
  const context: MapContext = {
    includeRaw: settings.includeRaw ?? false,
    organization: location.organization,
    collectionUrl: location.collectionUrl,
  };
  const transport = transportOptions(settings);
  const auth = settings.auth;

  const oauthFor = (app: { clientId: string; clientSecret: string; tenant?: string | undefined }) =>
    createAzureOAuth({
      ...transport,
      authorityUrl: location.authorityUrl,
      tenant: app.tenant,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      defaultScopes: auth.type === 'oauth' ? auth.scopes : undefined,
    });
  const tokenOAuth = auth.type === 'oauth' ? oauthFor(auth) : undefined;
  const appOAuth = settings.oauthApp === undefined ? tokenOAuth : oauthFor(settings.oauthApp);

  // The header follows the configured credential kind, never the token's shape.
  let bearer: RefreshingToken | undefined;
  let headers: HttpClientOptions['headers'];
  if (auth.type === 'pat') {
    headers = { authorization: basicAuth(auth.token) };
  } else if (auth.type === 'bearer') {
    headers = { authorization: `Bearer ${auth.token}` };
  } else {
    const refresher = tokenOAuth ?? oauthFor(auth);
    const token = createRefreshingToken({
      tokens: auth.tokens,
      refresh: (refreshToken) => refresher.refresh(refreshToken),
      provider: AZURE_PROVIDER_ID,
      clock,
      refreshBeforeMs: auth.refreshBeforeMs,
      onRefresh: auth.onRefresh,
      exclusive: auth.exclusive,
    });
    bearer = token;
    headers = async () => ({ authorization: `Bearer ${await token.get()}` });
  }

  const mapError = createAzureErrorMapper({ oauth: auth.type !== 'pat' });
  const collection = createHttpClient({
    ...transport,
    baseUrl: location.collectionUrl,
    provider: AZURE_PROVIDER_ID,
    // Every request of an operation carries the caller's AbortSignal (`withCallOptions`).
    followCallSignal: true,
    headers,
    clock,
    mapError,
  });

  // The profile service is app.vssps.visualstudio.com on Services; Server has none.
  const profileUrl = location.profileUrl;
  const profileHttp =
    profileUrl === undefined || profileUrl === location.collectionUrl
      ? collection
      : createHttpClient({
          ...transport,
          baseUrl: profileUrl,
          provider: AZURE_PROVIDER_ID,
          followCallSignal: true,
          headers,
          clock,
          mapError,
        });

  // Bodies are read as text: a 203 sign-in page is HTML, which the JSON parse would report as a
  // broken upstream instead of refused credentials.
  async function request<T>(http: typeof collection, req: HttpRequest): Promise<HttpResponse<T>> {
    const query = { ...req.query, 'api-version': req.query?.['api-version'] ?? AZURE_API_VERSION };
    if (req.responseType === 'bytes') {
      const bytes = await http.request<Uint8Array>({ ...req, query });
      if (bytes.status === 203) throw signInPage(bytes.status);
      return bytes as unknown as HttpResponse<T>;
    }
    const response = await http.request<string>({ ...req, query, responseType: 'text' });
    if (response.status === 203) throw signInPage(response.status);
    if (req.responseType === 'text') return response as unknown as HttpResponse<T>;
    let body: unknown = null;
    if (response.body.trim() !== '') {
      try {
        body = JSON.parse(response.body) as unknown;
      } catch {
        throw unexpectedShape(req.path);
      }
    }
    return { ...response, body: body as T };
  }

  const retryOptions = {
    refresh: bearer === undefined ? null : () => bearer.refreshNow(),
    isUnauthorized: (error: unknown) => ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED',
    currentCredential: () => bearer?.current().accessToken,
  };
  const send = withCredentialRetry(
    <T>(req: HttpRequest): Promise<HttpResponse<T>> => request<T>(collection, req),
    retryOptions,
  );
  const sendProfile = withCredentialRetry(
    <T>(req: HttpRequest): Promise<HttpResponse<T>> => request<T>(profileHttp, req),
    retryOptions,
  );

  async function call<S extends z.ZodType>(schema: S, req: HttpRequest): Promise<z.infer<S>> {
    const response = await send(req);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(req.path);
    return parsed.data;
  }

  async function fetchList<S extends z.ZodType>(
    schema: S,
    req: HttpRequest,
  ): Promise<{ items: z.infer<S>[]; headers: Readonly<Record<string, string>> }> {
    const response = await send(req);
    const parsed = wireListSchema(schema).safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(req.path);
    return { items: parsed.data.value, headers: response.headers };
  }

  const projectSegment = (project: string): string => {
    if (project === '' || project.length > 256)
      throw invalidRequest('An Azure DevOps project name is 1–256 characters');
    return encodeURIComponent(project);
  };

  return {
    context,
    clock,
    location,
    oauth: appOAuth,
    send,
    call,
    fetchList,

    async profile(schema) {
      const path = '/_apis/profile/profiles/me';
      const parsed = schema.safeParse((await sendProfile({ path })).body);
      if (!parsed.success) throw unexpectedShape(path);
      return parsed.data;
    },

    async offsetList(schema, req, query, map, names = { top: '$top', skip: '$skip' }) {
      const { $top, $skip } = offsetParams(query);
      const { items } = await fetchList(schema, {
        ...req,
        query: { ...req.query, [names.top]: $top, [names.skip]: $skip === 0 ? undefined : $skip },
      });
      const page = offsetPage(items, query);
      return { items: page.items.map((item) => map(item, context)), nextCursor: page.nextCursor };
    },

    async continuationList(schema, req, query, map) {
      assertLimit(query.limit);
      const token = continuationOf(query.cursor);
      const { items, headers: responseHeaders } = await fetchList(schema, {
        ...req,
        query: { ...req.query, $top: query.limit, continuationToken: token },
      });
      return {
        items: items.map((item) => map(item, context)),
        nextCursor: nextContinuation(responseHeaders),
      };
    },

    repo(repo) {
      if (repo.kind === 'id') {
        return { path: `/_apis/git/repositories/${repositoryGuid(repo.id)}`, project: undefined };
      }
      // `organization/project/repository`, or `project/repository` within the configured one.
      const segments = repo.fullPath.split('/');
      if (segments.length === 3) {
        if (segments[0]?.toLowerCase() !== location.organization.toLowerCase())
          throw new ScmError('REPOSITORY_NOT_FOUND', {
            provider: AZURE_PROVIDER_ID,
            message: `The repository is not in the organization ${location.organization}.`,
          });
        segments.shift();
      }
      if (segments.length !== 2)
        throw invalidRequest(
          'An Azure DevOps repository is organization/project/repository, project/repository or its GUID',
        );
      const [project = '', name = ''] = segments;
      return {
        path: `/${projectSegment(project)}/_apis/git/repositories/${encodeURIComponent(name)}`,
        project,
      };
    },
    projectSegment,
    repoName: (repo) => (repo.kind === 'path' ? repo.fullPath : repo.id),
    shaSegment: (sha) => shaSegment(sha, { provider: AZURE_PROVIDER_ID }),
    numberSegment: (value) => numberSegment(value, { provider: AZURE_PROVIDER_ID }),

    close: async () => {
      await collection.close();
      if (profileHttp !== collection) await profileHttp.close();
      await tokenOAuth?.close();
      if (appOAuth !== tokenOAuth) await appOAuth?.close();
    },
  };
}
