import type { ScmProvider } from '@scm/core';
import { z } from 'zod';
import type { GitHubClient } from '../github-client.js';
import { nextPage } from '../github-pagination.js';
import { WireKeySchema } from '../github-schemas.js';
import { mapSshKey } from '../map-keys.js';

// Pages of 100 keys read at most: 1000 keys.
const SSH_KEY_PAGE_LIMIT = 10;

/** The viewer's SSH keys, every page of them: `GET /user/keys`. */
export function keysOps(client: GitHubClient): Pick<ScmProvider, 'listSshKeys'> {
  return {
    async listSshKeys() {
      const keys = [];
      let page: string | null = '1';
      for (let count = 0; page !== null && count < SSH_KEY_PAGE_LIMIT; count++) {
        const { body, headers } = await client.call(z.array(WireKeySchema), {
          path: '/user/keys',
          query: { per_page: 100, page },
        });
        keys.push(...body.map((key) => mapSshKey(key, client.context)));
        page = nextPage(headers);
      }
      return keys;
    },
  };
}
