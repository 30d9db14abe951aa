import type { IncomingHttpHeaders } from 'node:http';

/** One request as the simulator received it. Headers are kept raw for assertions: never print them. */
export interface LoggedRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query. */
  path: string;
  query: Readonly<Record<string, string>>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, the text when not JSON, or undefined when empty. */
  body: unknown;
  /** The pattern of the route that matched, or null. */
  route: string | null;
  /** Epoch milliseconds. */
  timestamp: number;
  /** The peer address the request came from (always loopback). */
  remoteAddress: string | null;
  /**
   * When the client closed a request the simulator was holding (a `hang` fault), in epoch
   * milliseconds: an abort or a timeout on the client's side. Absent while it is held, and for
   * answered requests.
   */
  clientClosedAt?: number;
}

export interface RequestFilter {
  method?: string;
  /** A route pattern as registered (`/repos/:repo/commits`). */
  route?: string;
  /** The exact path, or a regex over it. */
  path?: string | RegExp;
}

export interface RequestLog {
  readonly entries: readonly LoggedRequest[];
  /** Forgets every logged request. */
  clear(): void;
  count(filter?: RequestFilter): number;
  filter(filter?: RequestFilter): LoggedRequest[];
  last(): LoggedRequest | undefined;
}

export function createRequestLog(): RequestLog & { add(entry: LoggedRequest): void } {
  const entries: LoggedRequest[] = [];
  const matches = (entry: LoggedRequest, filter: RequestFilter): boolean =>
    (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
    (filter.route === undefined || entry.route === filter.route) &&
    (filter.path === undefined ||
      (typeof filter.path === 'string'
        ? entry.path === filter.path
        : filter.path.test(entry.path)));
  return {
    entries,
    add: (entry) => {
      entries.push(entry);
    },
    clear: () => {
      entries.length = 0;
    },
    count: (filter = {}) => entries.filter((entry) => matches(entry, filter)).length,
    filter: (filter = {}) => entries.filter((entry) => matches(entry, filter)),
    last: () => entries[entries.length - 1],
  };
}
