import type { ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { WireUserSchema } from '../gitlab-schemas.js';
import { mapViewer } from '../map-account.js';

/** The signed-in user: `GET /user`. */
export function accountOps(client: GitLabClient): Pick<ScmProvider, 'getViewer'> {
  return {
    async getViewer() {
      return mapViewer(await client.call(WireUserSchema, { path: '/user' }), client.context);
    },
  };
}
