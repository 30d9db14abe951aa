import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { requireScope, type Grant, type PlatformPrincipal } from './platform-auth.js';

const connection = (id: string) => ({ id }) as unknown as Grant['connections'][number];

function principal(): PlatformPrincipal {
  return {
    kind: 'token',
    tokenId: 'atk_1',
    tenantId: 'ten_1',
    clientId: 'cli_1',
    authorizationId: 'authz_1',
    permissions: new Set(['read:branches', 'read:commits']),
    grants: [
      {
        connections: [connection('conn_a'), connection('conn_b')],
        repositories: [],
        connectionScopes: new Map([
          ['conn_a', new Set(['read:branches', 'read:commits'])],
          ['conn_b', new Set(['read:commits'])],
        ]),
        authorizationId: 'authz_1',
        allRepositories: true,
      },
    ],
    firewall: true,
    cursorPrincipal: 'authz_1',
  };
}

describe('requireScope', () => {
  it('narrows once per principal and scope, and keeps each scope apart', () => {
    const caller = principal();
    const branches = requireScope(caller, 'read:branches');
    expect(branches.grants[0]?.connections.map((c) => c.id)).toEqual(['conn_a']);
    expect(branches.unscoped).toBe(caller);
    expect(requireScope(caller, 'read:branches')).toBe(branches);
    const commits = requireScope(caller, 'read:commits');
    expect(commits.grants[0]?.connections.map((c) => c.id)).toEqual(['conn_a', 'conn_b']);
    expect(requireScope(caller, 'read:commits')).toBe(commits);
    // Another principal (the next lookup after the cache's two seconds) is narrowed afresh.
    const again = principal();
    expect(requireScope(again, 'read:branches')).not.toBe(branches);
  });

  it('refuses every time, with a new error each time', () => {
    const caller = principal();
    const refusal = (): unknown => {
      try {
        requireScope(caller, 'read:pulls');
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const first = refusal();
    const second = refusal();
    expect(ScmError.isInstance(first) && first.code).toBe('INSUFFICIENT_SCOPE');
    expect(ScmError.isInstance(second) && second.code).toBe('INSUFFICIENT_SCOPE');
    expect(second).not.toBe(first);
  });
});
