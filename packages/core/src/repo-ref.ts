import { ScmError } from './errors/scm-error.js';

/**
 * How a caller names a repository: the provider's stable id, or its full path. In URLs the full
 * path is URL-encoded as one segment (`acme%2Fapi`, `group%2Fsub%2Fproject`, `workspace%2Fslug`).
 */
export type RepoRef =
  { kind: 'id'; id: string } | { kind: 'path'; owner: string; name: string; fullPath: string };

const MAX_REF_LENGTH = 1024;
// Bitbucket's stable ids are braced UUIDs.
const UUID_REF = /^\{[0-9a-fA-F-]{36}\}$/;
const NUMERIC_REF = /^[0-9]{1,20}$/;
// Path segments of GitHub, GitLab and Bitbucket: no empty segments, no `.`/`..`, no control chars.
const PATH_SEGMENT = /^[A-Za-z0-9_.~-][A-Za-z0-9_.~ -]{0,254}$/;

/**
 * Parses a repository reference as a route gives it, URL-encoded or not. A numeric string or a
 * `{uuid}` is an id; anything with a `/` is a path with at least two segments.
 */
export function parseRepoRef(input: string): RepoRef {
  if (input.length === 0 || input.length > MAX_REF_LENGTH) throw invalid(input);
  let decoded: string;
  try {
    decoded = decodeURIComponent(input);
  } catch {
    throw invalid(input);
  }
  if (NUMERIC_REF.test(decoded) || UUID_REF.test(decoded)) return { kind: 'id', id: decoded };
  const segments = decoded.split('/');
  if (segments.length < 2) throw invalid(input);
  for (const segment of segments) {
    if (!PATH_SEGMENT.test(segment) || segment === '.' || segment === '..') throw invalid(input);
  }
  const name = segments.pop() as string;
  const owner = segments.join('/');
  return { kind: 'path', owner, name, fullPath: `${owner}/${name}` };
}

/** The form to put back in a URL segment: the id, or the URL-encoded full path. */
export function formatRepoRef(ref: RepoRef): string {
  return ref.kind === 'id' ? ref.id : encodeURIComponent(ref.fullPath);
}

function invalid(input: string): ScmError {
  return new ScmError('INVALID_REQUEST', {
    message: 'Repository must be a provider id or a URL-encoded full path such as acme%2Fapi.',
    details: { repository: input.slice(0, 200) },
  });
}
