import type { ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { WireSshKeySchema } from '../gitlab-schemas.js';
import { mapSshKey } from '../map-keys.js';

/** Keys are read whole, 100 a page, up to this many pages. */
const MAX_KEY_PAGES = 20;

/** The viewer's SSH keys: `GET /user/keys`, every page. */
export function keysOps(client: GitLabClient): Pick<ScmProvider, 'listSshKeys'> {
  return {
    async listSshKeys() {
      const { items } = await client.allPages(
        WireSshKeySchema,
        { path: '/user/keys' },
        MAX_KEY_PAGES,
      );
      return items.map((key) => mapSshKey(key, client.context));
    },
  };
}
