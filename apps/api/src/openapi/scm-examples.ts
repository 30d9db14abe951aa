import type { z } from 'zod';
import type { ScmOrganizations, ScmPullRequests, ScmRepositories } from './integration-views.js';

// The examples of Scalingo's searches (`/v1/scm_integrations/:id/…`), as its document shows them.

export const SCM_EXAMPLES: {
  repositories: z.infer<typeof ScmRepositories>;
  organizations: z.infer<typeof ScmOrganizations>;
  pullRequests: z.infer<typeof ScmPullRequests>;
} = {
  repositories: {
    repositories: [
      {
        id: 89341704,
        name: 'example-repository',
        fullName: 'john-diggle/example-repository',
        url: 'https://github.com/john-diggle/example-repository',
        description: 'Example Repository',
      },
    ],
  },
  organizations: {
    organizations: [
      {
        id: 4698196,
        login: 'Test',
        avatarUrl: 'https://avatars1.githubusercontent.com/u/4698196?v=4',
        url: 'https://api.github.com/orgs/Test',
        description: 'This is a test GitHub Organization.',
      },
    ],
  },
  pullRequests: {
    pull_requests: [
      {
        title: 'Add logo',
        number: 3,
        html_url: 'https://github.com/john-diggle/example-repository/pull/3',
      },
    ],
  },
};
