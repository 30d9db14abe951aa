import { runWithSignal } from './call-options.js';
import { ScmError } from './errors/scm-error.js';
import type { HttpMethod, HttpRequest, HttpResponse } from './http/types.js';
import { CALL_OPTIONS_INDEX, OPERATIONS, type ScmProvider } from './provider.js';

/** `provider.request(input)`: one call to any API path of the provider. */
export interface RawRequest {
  /** Default `GET`. */
  method?: HttpMethod | undefined;
  /**
   * Relative to the adapter's base URL, starting with `/` (`/repos/octo/hello/topics`,
   * `/projects/42/variables`). An absolute URL, `//host`, dot segments and control characters are
   * refused (INVALID_REQUEST) before anything is sent.
   */
  path: string;
  query?: Readonly<Record<string, string | number | boolean | undefined>> | undefined;
  /** A JSON-serializable value (sent as `application/json`) or a string sent as it is. */
  body?: unknown;
  /** Extra headers (`accept` for a media type). The credential headers cannot be replaced. */
  headers?: Readonly<Record<string, string>> | undefined;
  signal?: AbortSignal | undefined;
}

export interface RawResponse<T = unknown> {
  status: number;
  /** Lower-cased names. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the answer says it is JSON, else the text; null for an empty body. */
  data: T;
}

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
// Headers the adapter owns: its credential, and what the transport frames the request with.
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'private-token',
  'cookie',
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
]);
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function refuse(provider: string, message: string, field: string): ScmError {
  return new ScmError('INVALID_REQUEST', {
    provider,
    source: 'client',
    message,
    details: { field },
  });
}

/**
 * `provider.request` built on an adapter's `send` (its authenticated, retrying transport): checks
 * the input, sends it with the body read as text, and answers `{ status, headers, data }`.
 */
export async function sendRawRequest<T>(
  send: (request: HttpRequest) => Promise<HttpResponse>,
  provider: string,
  input: RawRequest,
): Promise<RawResponse<T>> {
  // Checked at run time too: JavaScript callers and a parsed body reach here untyped.
  const given = input as unknown;
  if (
    typeof given !== 'object' ||
    given === null ||
    !('path' in given) ||
    typeof given.path !== 'string'
  )
    throw refuse(provider, 'request() needs { path } (relative to the base URL).', 'path');
  const method: unknown = input.method ?? 'GET';
  if (typeof method !== 'string' || !METHODS.has(method))
    throw refuse(
      provider,
      `method ${JSON.stringify(String(method).slice(0, 20))} is not one of ${[...METHODS].join(', ')}.`,
      'method',
    );
  const { path } = input;
  if (SCHEME.test(path) || path.startsWith('//'))
    throw refuse(
      provider,
      `request() takes a path relative to the provider's base URL (e.g. "/user"), not ${JSON.stringify(path.slice(0, 200))}: the adapter's credential is only ever sent to its own host.`,
      'path',
    );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      throw refuse(
        provider,
        `header ${JSON.stringify(name)} is set by the adapter (its credential or the request framing) and cannot be sent through request().`,
        'headers',
      );
    headers[name] = value;
  }
  const response = await send({
    method: method as HttpMethod,
    path,
    ...(input.query === undefined ? {} : { query: input.query }),
    ...(input.body === undefined ? {} : { body: input.body }),
    headers,
    responseType: 'text',
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
  const text = typeof response.body === 'string' ? response.body : '';
  const json = /[/+]json\b/i.test(response.headers['content-type'] ?? '');
  let data: unknown = text === '' ? null : text;
  if (json && text.trim() !== '') {
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      data = text;
    }
  }
  return { status: response.status, headers: response.headers, data: data as T };
}

/**
 * The adapter as its callers see it: every operation (and `request`) runs under the signal of
 * its `CallOptions` (`runWithSignal`): the requests it sends carry it, and an abort rejects the
 * call at once with `abortedCallError`. Each adapter factory returns `withCallOptions({ … })`.
 */
export function withCallOptions<P extends ScmProvider>(provider: P): P {
  const wrapped: Record<string, unknown> = { ...(provider as object) };
  for (const operation of OPERATIONS) {
    // Operations are plain functions of the adapter's object literal: none reads `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const run = provider[operation] as (...args: unknown[]) => Promise<unknown>;
    const index = CALL_OPTIONS_INDEX[operation];
    wrapped[operation] = (...args: unknown[]) => {
      const options = args[index] as { signal?: AbortSignal | undefined } | undefined;
      return runWithSignal(options?.signal, provider.id, () => run(...args));
    };
  }
  wrapped.request = (input: RawRequest) =>
    runWithSignal((input as RawRequest | undefined)?.signal, provider.id, () =>
      provider.request(input),
    );
  return wrapped as P;
}
