import { UNIFIED_ENDPOINT_LIST, type EndpointKey, type UnifiedEndpoint } from './endpoints.js';

// What a request that matched no unified route meant, worked out from the route table: the methods
// a path is served with (for 405 and `Allow`), and the route a repository path was meant for when
// its `owner/name` was sent with the slash unencoded. Paths are compared segment by segment, as
// sent (still percent-encoded): the table's paths have only literal and `:name` segments.

const split = (path: string): string[] => path.split('/').slice(1);

const PATTERNS = UNIFIED_ENDPOINT_LIST.map((endpoint) => ({
  endpoint,
  segments: split(endpoint.path),
}));

function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  return (
    pattern.length === segments.length &&
    pattern.every((part, index) =>
      part.startsWith(':') ? (segments[index] ?? '') !== '' : part === segments[index],
    )
  );
}

/** The endpoints whose path matches `path` (any method). */
export function endpointsAt(path: string): UnifiedEndpoint[] {
  const segments = split(path);
  return PATTERNS.filter((pattern) => matches(pattern.segments, segments)).map(
    (pattern) => pattern.endpoint,
  );
}

export interface ReadMatch {
  key: EndpointKey;
  /** The table path: the route's label in the access log and metrics. */
  route: string;
  /** The route's parameters, percent-decoded as Express decodes them. */
  params: Record<string, string>;
}

/**
 * The table's GET route whose path `path` (as sent, without its query string) is, written exactly as
 * the table writes it (the direct read route, routes/unified/direct.ts); null for anything else,
 * including a parameter that does not decode (Express answers that one).
 */
export function matchRead(path: string): ReadMatch | null {
  if (!path.startsWith('/')) return null;
  const segments = split(path);
  const pattern = PATTERNS.find(
    (candidate) => candidate.endpoint.method === 'GET' && matches(candidate.segments, segments),
  );
  if (pattern === undefined) return null;
  const params: Record<string, string> = {};
  try {
    pattern.segments.forEach((part, index) => {
      if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segments[index] ?? '');
    });
  } catch {
    return null;
  }
  return { key: pattern.endpoint.key, route: pattern.endpoint.path, params };
}

/**
 * The methods the table serves `path` with, for an `Allow` header (`HEAD` beside `GET`, as Express
 * answers it); empty when no unified route has this path.
 */
export function allowedMethods(path: string): string[] {
  const methods = new Set<string>();
  for (const endpoint of endpointsAt(path)) {
    methods.add(endpoint.method);
    if (endpoint.method === 'GET') methods.add('HEAD');
  }
  return [...methods];
}

// `/v1/repositories/:provider/:repoId…`: the repository is the fourth segment.
const REPOSITORY_SEGMENT = 3;
/** GitLab nests groups; deeper than this is not a path anyone meant. */
const MAX_REPOSITORY_DEPTH = 20;

export interface UnencodedRepository {
  /** The repository as the caller wrote it, `owner/name`. */
  repository: string;
  /** The path the caller meant, with the repository as one segment (`owner%2Fname`). */
  path: string;
  endpoint: UnifiedEndpoint;
  /**
   * Whether a route suffix (`/branches`…) follows the repository. Without one, `123/branchs` may as
   * well be a repository id and a mistyped route as a full name with its slash unencoded.
   */
  certain: boolean;
}

/**
 * When `path` is a unified repository route whose `owner/name` was sent with its `/` unencoded
 * (`/v1/repositories/github/octo/hello/branches`), the route it meant; otherwise undefined. The
 * shortest repository that leaves a known route wins: `octo/hello/branches` is the branches of
 * `octo/hello`, `group/sub/project` (no route suffix) is the repository `group/sub/project`.
 */
export function unencodedRepository(path: string): UnencodedRepository | undefined {
  const segments = split(path);
  if (segments[0] !== 'v1' || segments[1] !== 'repositories') return undefined;
  // A path the table serves as it is (with some method) is not a mistake of this kind.
  if (PATTERNS.some((pattern) => matches(pattern.segments, segments))) return undefined;
  const after = segments.length - REPOSITORY_SEGMENT;
  for (let depth = 2; depth <= Math.min(after, MAX_REPOSITORY_DEPTH); depth++) {
    const parts = segments.slice(REPOSITORY_SEGMENT, REPOSITORY_SEGMENT + depth);
    // An empty segment is no repository; an encoded slash means the caller did encode it.
    if (parts.some((part) => part === '' || /%2f/i.test(part))) return undefined;
    const candidate = [
      ...segments.slice(0, REPOSITORY_SEGMENT),
      parts.join('%2F'),
      ...segments.slice(REPOSITORY_SEGMENT + depth),
    ];
    const meant = PATTERNS.find((pattern) => matches(pattern.segments, candidate));
    if (meant !== undefined)
      return {
        repository: parts.join('/'),
        path: `/${candidate.join('/')}`,
        endpoint: meant.endpoint,
        certain: REPOSITORY_SEGMENT + depth < segments.length,
      };
  }
  return undefined;
}
