import { describe, expect, it } from 'vitest';
import { allowedMethods, endpointsAt, unencodedRepository } from './route-match.js';

describe('allowedMethods', () => {
  it.each([
    ['/v1/me', ['GET', 'HEAD']],
    ['/v1/repositories', ['GET', 'HEAD']],
    ['/v1/repositories/p/42', ['GET', 'HEAD']],
    ['/v1/repositories/p/42/commits/abc/diff', ['GET', 'HEAD']],
    ['/v1/repositories/p/42/events/subscribe', ['POST']],
    ['/v1/repositories/p/42/nothing', []],
    ['/v1/repositories/p//branches', []],
    ['/v1/nothing', []],
  ])('%s → %j', (path, methods) => {
    expect(allowedMethods(path)).toEqual(methods);
  });

  it('matches literal segments exactly', () => {
    expect(endpointsAt('/v1/repositories/p/42/Branches')).toEqual([]);
    expect(endpointsAt('/v1/repositories/p/42/branches').map((e) => e.operation)).toEqual([
      'listBranches',
    ]);
  });
});

describe('unencodedRepository', () => {
  it('finds the route meant, with the shortest repository that leaves a route suffix', () => {
    expect(unencodedRepository('/v1/repositories/p/octo/hello/branches')).toMatchObject({
      repository: 'octo/hello',
      path: '/v1/repositories/p/octo%2Fhello/branches',
      certain: true,
    });
    expect(unencodedRepository('/v1/repositories/p/g/sub/project/commits/abc/diff')).toMatchObject({
      repository: 'g/sub/project',
      path: '/v1/repositories/p/g%2Fsub%2Fproject/commits/abc/diff',
      certain: true,
    });
  });

  it('without a route suffix, the whole rest is the repository and the guess is not certain', () => {
    expect(unencodedRepository('/v1/repositories/p/octo/hello')).toMatchObject({
      repository: 'octo/hello',
      path: '/v1/repositories/p/octo%2Fhello',
      certain: false,
    });
  });

  it('leaves alone what is not a repository path with a bare slash', () => {
    for (const path of [
      '/v1/repositories/p/42/branches',
      '/v1/repositories/p/octo%2Fhello/nothing',
      '/v1/repositories/p/octo//branches',
      '/v1/repositories/p/octo',
      '/v1/other/p/octo/hello/branches',
      `/v1/repositories/p/${'a/'.repeat(50)}branches`,
    ])
      expect(unencodedRepository(path), path).toBeUndefined();
  });
});
