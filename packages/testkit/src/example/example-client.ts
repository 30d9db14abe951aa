import {
  createHttpClient,
  formatRepoRef,
  numberSegment,
  ScmError,
  shaSegment,
  systemClock,
  transportOptions,
  withCredentialRetry,
  type Clock,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type RepoRef,
} from '@scm/core';
import type { z } from 'zod';
import { mapExampleError, unexpectedShape } from './example-errors.js';
import { toPage } from './example-pagination.js';
import type { WirePage } from './example-schemas.js';
import { EXAMPLE_DEFAULT_BASE_URL, type ExampleProviderSettings } from './example-settings.js';
import { EXAMPLE_PROVIDER_ID, type MapContext } from './map-common.js';

/** What every `ops/*.ts` file builds on: one authenticated transport and the adapter's helpers. */
export interface ExampleClient {
  readonly context: MapContext;
  readonly clock: Clock;
  /**
   * One request. When the API says the token expired and `renewToken` is set, the token is
   * renewed once (shared with concurrent requests) and the request sent again.
   */
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** One request whose body must fit `schema` (parsed at the edge; otherwise UPSTREAM_UNAVAILABLE). */
  call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>>;
  /** One page of a list endpoint, each item mapped. */
  listPage<W, T>(
    schema: z.ZodType<WirePage<W>>,
    request: HttpRequest,
    map: (wire: W, context: MapContext) => T,
  ): Promise<Page<T>>;
  /** `/repos/<id or URL-encoded full path><rest>`. */
  repoPath(repo: RepoRef, rest?: string): string;
  /** The repository's name as the caller gave it: its full path, or its id. */
  repoName(repo: RepoRef): string;
  /** A commit sha as a path segment (7–64 hex characters), else INVALID_REQUEST. */
  shaSegment(sha: string): string;
  /** A change request number as a path segment (a safe integer ≥ 0), else INVALID_REQUEST. */
  numberSegment(value: number): string;
  close(): Promise<void>;
}

/** The example API's credentials, transport and request helpers. */
export function createExampleClient(settings: ExampleProviderSettings): ExampleClient {
  const clock = settings.clock ?? systemClock;
  const context: MapContext = { includeRaw: settings.includeRaw ?? false };

  // The credential: a bearer token, replaced when `renewToken` issues a new one.
  let token = settings.token;
  const { renewToken } = settings;

  const http = createHttpClient({
    ...transportOptions(settings),
    baseUrl: settings.baseUrl ?? EXAMPLE_DEFAULT_BASE_URL,
    provider: EXAMPLE_PROVIDER_ID,
    // Every request of an operation carries the caller's AbortSignal (`withCallOptions`).
    followCallSignal: true,
    headers: () => Promise.resolve({ authorization: `Bearer ${token}` }),
    clock,
    mapError: mapExampleError,
  });

  const send = withCredentialRetry(http.request.bind(http), {
    refresh:
      renewToken === undefined
        ? null
        : async () => {
            token = await renewToken();
          },
    // `mapExampleError` tells an expired token (`token_expired`) from a wrong one.
    isUnauthorized: (error) => ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED',
    currentCredential: () => token,
  });

  async function call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>> {
    const response = await send(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return parsed.data;
  }

  return {
    context,
    clock,
    send,
    call,
    async listPage(schema, request, map) {
      return toPage(await call(schema, request), (wire) => map(wire, context));
    },
    repoPath: (repo, rest = '') => `/repos/${formatRepoRef(repo)}${rest}`,
    repoName: (repo) => (repo.kind === 'path' ? repo.fullPath : repo.id),
    shaSegment: (sha) => shaSegment(sha, { provider: EXAMPLE_PROVIDER_ID }),
    numberSegment: (value) => numberSegment(value, { provider: EXAMPLE_PROVIDER_ID }),
    close: () => http.close(),
  };
}
