import type { ScmProvider } from '@scm/core';
import type { GitHubClient } from '../github-client.js';
import { WireUserSchema } from '../github-schemas.js';
import { mapViewer } from '../map-account.js';

/** The signed-in user: `GET /user`. */
export function accountOps(client: GitHubClient): Pick<ScmProvider, 'getViewer'> {
  return {
    async getViewer() {
      const { body } = await client.call(WireUserSchema, { path: '/user' });
      return mapViewer(body, client.context);
    },
  };
}
