import type { ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import { WireAccountSchema } from '../bitbucket-schemas.js';
import { mapViewer } from '../map-account.js';

/** The signed-in account: `GET /user`. */
export function accountOps(client: BitbucketClient): Pick<ScmProvider, 'getViewer'> {
  return {
    async getViewer() {
      return mapViewer(await client.call(WireAccountSchema, { path: '/user' }), client.context);
    },
  };
}
