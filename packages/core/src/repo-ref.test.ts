import { describe, expect, it } from 'vitest';
import { formatRepoRef, parseRepoRef } from './repo-ref.js';

describe('parseRepoRef', () => {
  it('reads numeric ids and braced uuids as stable ids', () => {
    expect(parseRepoRef('1296269')).toEqual({ kind: 'id', id: '1296269' });
    expect(parseRepoRef('%7B5a3b5e6f-1c2d-4e5f-8a9b-0c1d2e3f4a5b%7D')).toEqual({
      kind: 'id',
      id: '{5a3b5e6f-1c2d-4e5f-8a9b-0c1d2e3f4a5b}',
    });
  });

  it('reads URL-encoded full paths, with GitLab subgroups', () => {
    expect(parseRepoRef('acme%2Fapi')).toEqual({
      kind: 'path',
      owner: 'acme',
      name: 'api',
      fullPath: 'acme/api',
    });
    expect(parseRepoRef('group%2Fsub%2Fproject')).toMatchObject({
      owner: 'group/sub',
      name: 'project',
    });
    expect(parseRepoRef('workspace/my.repo-1')).toMatchObject({
      owner: 'workspace',
      name: 'my.repo-1',
    });
  });

  it.each([
    '',
    'api',
    'acme%2F',
    '%2Fapi',
    'a%2F..%2Fb',
    'a/./b',
    '%E0%A4%A',
    'a//b',
    'a/b\n',
    'x'.repeat(2000),
  ])('rejects %j with INVALID_REQUEST', (input) => {
    expect(() => parseRepoRef(input)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('round-trips through formatRepoRef', () => {
    for (const input of ['42', 'group%2Fsub%2Fproject']) {
      expect(formatRepoRef(parseRepoRef(input))).toBe(input);
    }
  });
});
