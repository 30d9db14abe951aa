import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import { ScmApiError } from './scm-api-error.js';

export type { paths };

export interface ScmClientOptions {
  /** The gateway, e.g. `https://gateway.example.com` (its `PUBLIC_URL`). */
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer …`: an app's access token (`sggat_…`) for the unified API, or a
   * user's session token (`sggst_…`) for the account and developer routes. A function is called
   * for every request (a token that is refreshed).
   */
  accessToken?: string | (() => string | Promise<string>);
  /** Replaces `globalThis.fetch` (e.g. for testing). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/**
 * The gateway's typed client: `GET`, `POST`, `PATCH`, `DELETE` of openapi-fetch, typed by the
 * gateway's OpenAPI document (paths, parameters, bodies, answers). An answer that is not 2xx
 * rejects with `ScmApiError`, built from the canonical error body.
 */
export type ScmClient = Client<paths>;

export function createScmClient(options: ScmClientOptions): ScmClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  });
  const { accessToken } = options;
  const middleware: Middleware = {
    async onRequest({ request }) {
      if (accessToken === undefined || request.headers.has('authorization')) return undefined;
      const token = typeof accessToken === 'string' ? accessToken : await accessToken();
      request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (!response.ok) throw await ScmApiError.fromResponse(response);
      return undefined;
    },
  };
  client.use(middleware);
  return client;
}
