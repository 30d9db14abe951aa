import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { WireMeSchema } from '../example-schemas.js';
import { mapViewer } from '../map-account.js';

/** The signed-in account: `GET /me`. */
export function accountOps(client: ExampleClient): Pick<ScmProvider, 'getViewer'> {
  return {
    async getViewer() {
      const me = await client.call(WireMeSchema, { path: '/me' });
      return mapViewer(me.user, client.context);
    },
  };
}
