import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import type { ConnectionWithHost, Grant, PlatformPrincipal } from '../../auth/platform-auth.js';
import { requireScope } from '../../auth/platform-auth.js';
import { connectionsFor, isApproved, resolveRepositoryAccess } from './repository-access.js';

function connection(id: string, provider: string): ConnectionWithHost {
  return { id, provider } as ConnectionWithHost;
}

function grant(
  connections: ConnectionWithHost[],
  repositories: { connectionId: string; repositoryId: string; fullName: string }[] = [],
  options: { allRepositories?: boolean; scopes?: string[] } = {},
): Grant {
  const byId = new Map(connections.map((c) => [c.id, c.provider]));
  return {
    authorizationId: `authz_${connections.map((c) => c.id).join('_')}`,
    allRepositories: options.allRepositories ?? false,
    connections,
    repositories: repositories.map((repo) => ({
      ...repo,
      provider: byId.get(repo.connectionId) ?? '',
    })),
    connectionScopes: new Map(
      connections.map((c) => [c.id, new Set(options.scopes ?? ['read:commits'])]),
    ),
  };
}

function principal(
  grants: Grant[],
  permissions = ['read:commits', 'read:tags'],
): PlatformPrincipal {
  return {
    kind: 'token',
    tokenId: 'atk_1',
    tenantId: 'ten_1',
    clientId: 'client_1',
    authorizationId: null,
    permissions: new Set(permissions),
    grants,
    firewall: true,
    cursorPrincipal: 'atk_1',
  };
}

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (ScmError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected an ScmError');
}

const gh1 = connection('conn_b', 'github');
const gh2 = connection('conn_a', 'github');
const gl = connection('conn_c', 'gitlab');

describe('connectionsFor', () => {
  it("lists the provider's connections once each, sorted by id (the repositories cursor's order)", () => {
    const caller = principal([grant([gh1, gl]), grant([gh2, gh1])]);
    expect(connectionsFor(caller, 'github').map((c) => c.id)).toEqual(['conn_a', 'conn_b']);
    expect(connectionsFor(caller, 'gitlab').map((c) => c.id)).toEqual(['conn_c']);
  });

  it('APPROVAL_REQUIRED without grants, PROVIDER_ACCOUNT_NOT_CONNECTED without that provider', () => {
    expect(codeOf(() => connectionsFor(principal([]), 'github'))).toBe('APPROVAL_REQUIRED');
    expect(codeOf(() => connectionsFor(principal([grant([gl])]), 'github'))).toBe(
      'PROVIDER_ACCOUNT_NOT_CONNECTED',
    );
  });

  it('INSUFFICIENT_SCOPE when the connection exists but its approval lacks the scope', () => {
    const caller = principal([grant([gl]), grant([gh1], [], { scopes: ['read:tags'] })]);
    const narrowed = requireScope(caller, 'read:commits');
    expect(codeOf(() => connectionsFor(narrowed, 'github'))).toBe('INSUFFICIENT_SCOPE');
  });
});

describe('resolveRepositoryAccess', () => {
  const approved = grant(
    [gh1, gh2],
    [
      { connectionId: 'conn_a', repositoryId: '42', fullName: 'Octo/Repo' },
      { connectionId: 'conn_b', repositoryId: '7', fullName: 'octo/other' },
    ],
  );

  it('finds the connection that approved the repository, by id or by full path (any case)', () => {
    const caller = principal([approved]);
    const byId = resolveRepositoryAccess(caller, 'github', '42');
    expect([byId.connection.id, byId.repositoryId, byId.repo]).toEqual([
      'conn_a',
      '42',
      { kind: 'id', id: '42' },
    ]);
    const byPath = resolveRepositoryAccess(caller, 'github', encodeURIComponent('octo/REPO'));
    expect([byPath.connection.id, byPath.repositoryId]).toEqual(['conn_a', '42']);
    expect(resolveRepositoryAccess(caller, 'github', '7').connection.id).toBe('conn_b');
  });

  it('REPOSITORY_NOT_APPROVED outside the approved set', () => {
    expect(codeOf(() => resolveRepositoryAccess(principal([approved]), 'github', '43'))).toBe(
      'REPOSITORY_NOT_APPROVED',
    );
  });

  it("ignores another provider's approval of the same id", () => {
    const other = grant([gl], [{ connectionId: 'conn_c', repositoryId: '42', fullName: 'a/b' }]);
    expect(
      codeOf(() => resolveRepositoryAccess(principal([other, grant([gh1])]), 'github', '42')),
    ).toBe('REPOSITORY_NOT_APPROVED');
  });

  it('reaches any repository of an all-repositories grant on that provider', () => {
    const all = grant([gh1], [], { allRepositories: true });
    const byPath = resolveRepositoryAccess(principal([all]), 'github', encodeURIComponent('x/y'));
    expect([byPath.connection.id, byPath.repositoryId]).toEqual(['conn_b', null]);
    expect(resolveRepositoryAccess(principal([all]), 'github', '99').repositoryId).toBe('99');
  });

  it('INSUFFICIENT_SCOPE, not "not approved", when only the scope is missing for that repository', () => {
    const tagsOnly = grant(
      [gh1],
      [{ connectionId: 'conn_b', repositoryId: '7', fullName: 'octo/other' }],
      { scopes: ['read:tags'] },
    );
    const commits = grant([gh2], [], { scopes: ['read:commits'] });
    const narrowed = requireScope(principal([tagsOnly, commits]), 'read:commits');
    expect(codeOf(() => resolveRepositoryAccess(narrowed, 'github', '7'))).toBe(
      'INSUFFICIENT_SCOPE',
    );
    expect(codeOf(() => resolveRepositoryAccess(narrowed, 'github', '8'))).toBe(
      'REPOSITORY_NOT_APPROVED',
    );
  });

  it('refuses an unknown provider and a malformed repository reference', () => {
    expect(codeOf(() => resolveRepositoryAccess(principal([approved]), 'svn', '42'))).toBe(
      'UNSUPPORTED_PROVIDER',
    );
    expect(codeOf(() => resolveRepositoryAccess(principal([approved]), 'github', 'no-slash'))).toBe(
      'INVALID_REQUEST',
    );
  });
});

describe('isApproved', () => {
  it('is true for an approved id or full name on that connection only', () => {
    const caller = principal([
      grant([gh1], [{ connectionId: 'conn_b', repositoryId: '7', fullName: 'Octo/Other' }]),
    ]);
    expect(isApproved(caller, 'conn_b', { id: '7', fullName: 'x/y' })).toBe(true);
    expect(isApproved(caller, 'conn_b', { id: '8', fullName: 'octo/other' })).toBe(true);
    expect(isApproved(caller, 'conn_b', { id: '8', fullName: 'octo/else' })).toBe(false);
    expect(isApproved(caller, 'conn_a', { id: '7', fullName: 'octo/other' })).toBe(false);
  });

  it('is true for everything on a connection of an all-repositories grant', () => {
    const caller = principal([grant([gh1], [], { allRepositories: true })]);
    expect(isApproved(caller, 'conn_b', { id: '1', fullName: 'a/b' })).toBe(true);
    expect(isApproved(caller, 'conn_c', { id: '1', fullName: 'a/b' })).toBe(false);
  });
});
