import { ScmError } from '@scm/core';
import { providerName } from '../../providers/catalogue.js';

type Inputs = Readonly<Record<string, unknown>>;

// The inputs of a repository read that name something inside the repository, and what lists them.
const NAMED: readonly {
  input: string;
  what: (value: string) => string;
  listed: readonly string[];
}[] = [
  { input: 'branch', what: (value) => `branch ${quote(value)}`, listed: ['/branches'] },
  {
    input: 'ref',
    what: (value) => `ref ${quote(value)} (a commit sha, branch or tag)`,
    listed: ['/branches', '/tags'],
  },
  { input: 'commitId', what: (value) => `commit ${quote(value)}`, listed: ['/commits'] },
  {
    input: 'pullRequestId',
    what: (value) => `pull request #${value.slice(0, 20)}`,
    listed: ['/pull-requests?state=all'],
  },
  { input: 'path', what: (value) => `path ${quote(value)}`, listed: ['/file-tree'] },
];

function quote(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

/**
 * A provider's RESOURCE_NOT_FOUND on a repository read that named a branch, ref, commit, pull
 * request or path, or its REPOSITORY_NOT_FOUND: the same error, with a message that names what was
 * not found and where to list what exists. Anything else is returned as it is.
 */
export function nameMissingRef(
  error: unknown,
  repository: { provider: string; repoId: string },
  inputs: Inputs,
): unknown {
  if (!ScmError.isInstance(error)) return error;
  if (error.code === 'REPOSITORY_NOT_FOUND')
    return rewrite(
      error,
      `Repository ${quote(repository.repoId)} was not found, or the connected ${
        error.provider === null ? '' : `${providerName(error.provider)} `
      }account cannot see it: check the owner and name (or id); GET /v1/repositories?provider=${
        repository.provider
      } lists the repositories this token reaches.`,
    );
  if (error.code !== 'RESOURCE_NOT_FOUND') return error;
  const named = NAMED.flatMap(({ input, what, listed }) => {
    const value = inputs[input];
    return typeof value === 'string' && value !== '' ? [{ what: what(value), listed }] : [];
  });
  if (named.length === 0) return error;
  const base = `/v1/repositories/${repository.provider}/${encodeURIComponent(repository.repoId)}`;
  const lists = [...new Set(named.flatMap((item) => item.listed))]
    .map((suffix) => `GET ${base}${suffix}`)
    .join(', ');
  return rewrite(
    error,
    `${named.map((item) => item.what).join(', ')} ${
      named.length === 1 ? 'was' : 'were'
    } not found in repository ${quote(repository.repoId)}: check the name (names are case-sensitive); ${lists} ${
      lists.includes(', ') ? 'list' : 'lists'
    } what exists.`,
  );
}

/** The same error with another message. */
function rewrite(error: ScmError, message: string): ScmError {
  return new ScmError(error.code, {
    message,
    provider: error.provider,
    source: error.source,
    upstreamStatus: error.upstreamStatus,
    providerRequestId: error.providerRequestId,
    retryable: error.retryable,
    retryAfterSeconds: error.retryAfterSeconds,
    userActionRequired: error.userActionRequired,
    suggestedAction: error.suggestedAction,
    cause: error,
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}
