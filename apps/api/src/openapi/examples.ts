import type { EndpointKey } from '../unified/endpoints.js';

// Answers recorded from the demo gateway (`pnpm demo`: the GitHub simulator's seeded dataset, as
// src/openapi/answers.integration.test.ts reads it), with the simulator's loopback URL replaced by
// github.example. document.test.ts parses each with its route's answer schema.

const WEB = 'https://github.example';
const AUTHOR = {
  id: '6652',
  login: 'ada-ritchie',
  name: 'Ada Ritchie',
  email: 'ada-ritchie@example.test',
  avatarUrl: `${WEB}/avatars/u/6652?v=4`,
};
const NEXT_CURSOR =
  'eyJ2IjoxLCJraWQiOiJrMSIsInQiOiIyIiwiZXhwIjoxNzk2MzUzNTAxLCJzIjoiU3Vuc0VUcW52SDRkNGpod0pFVDJrdms3ek5KeTk4YUw5azRSd0hEaUlhRSIsImwiOjIsInIiOiJ3ZlBSeDdHRTJiSSJ9.75w6IbJ69x-jDTzfmtt9b90_fKS5xO7C9vHXaLLdke4';

export const UNIFIED_EXAMPLES: Partial<Record<EndpointKey, unknown>> = {
  'repositories.get': {
    provider: 'github',
    id: '67020',
    name: 'api',
    fullName: 'ada-ritchie/api',
    owner: 'ada-ritchie',
    description: 'The api of ada-ritchie: billing and sync.',
    visibility: 'public',
    defaultBranch: 'main',
    archived: false,
    fork: false,
    webUrl: `${WEB}/ada-ritchie/api`,
    cloneUrl: `${WEB}/ada-ritchie/api.git`,
    sshUrl: 'git@github.example:ada-ritchie/api.git',
    createdAt: '2023-12-31T23:00:00Z',
    updatedAt: '2024-01-04T13:47:10Z',
    pushedAt: '2024-01-04T08:07:31Z',
  },
  'repositories.branches': {
    data: [
      {
        provider: 'github',
        name: 'develop',
        sha: '51cd4af9fad088ca9e904ac5a19594566d148648',
        protected: true,
        isDefault: null,
      },
      {
        provider: 'github',
        name: 'feature/cursor-2',
        sha: '131e56b6d57b7ab42b866ebf448d8edd85b195a0',
        protected: false,
        isDefault: null,
      },
    ],
    page_info: { limit: 2, has_next_page: true, next_cursor: NEXT_CURSOR },
  },
  'repositories.commits': {
    data: [
      {
        provider: 'github',
        sha: 'a6be295bc8e0007be2289f8dc98834854b9535c1',
        message: 'Simplify invoice module',
        author: AUTHOR,
        committer: AUTHOR,
        authoredAt: '2024-01-04T08:07:31Z',
        committedAt: '2024-01-04T08:07:31Z',
        parents: ['4a9da528cea4c53082a5f8781c22f82dd85c615c'],
        webUrl: `${WEB}/ada-ritchie/api/commit/a6be295bc8e0007be2289f8dc98834854b9535c1`,
      },
    ],
    page_info: { limit: 1, has_next_page: true, next_cursor: NEXT_CURSOR },
  },
};
