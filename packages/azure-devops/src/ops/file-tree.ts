import { assertLimit, type ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { invalidRequest } from '../azure-errors.js';
import { offsetPage, skipOf } from '../azure-pagination.js';
import { WireItemSchema } from '../azure-schemas.js';
import { mapFileTreeEntry } from '../map-file-tree.js';

const FULL_SHA = /^[0-9a-fA-F]{40}$/;

/**
 * The file tree: `GET …/items?scopePath=/<path>&recursionLevel=OneLevel|Full` at a branch or a
 * commit (`versionDescriptor`). Azure answers the whole level or subtree at once, the folder
 * itself first: the adapter drops that folder and pages the rest with a skip cursor.
 */
export function fileTreeOps(client: AzureClient): Pick<ScmProvider, 'listFileTree'> {
  return {
    async listFileTree(repo, query) {
      assertLimit(query.limit);
      const skip = skipOf(query.cursor);
      const path = (query.path ?? '').replace(/^\/+|\/+$/g, '');
      if (path.split('/').some((segment) => segment === '..' || segment === '.'))
        throw invalidRequest('A file tree path has no . or .. segments');
      const version = query.ref ?? query.branch;
      const { items } = await client.fetchList(WireItemSchema, {
        path: `${client.repo(repo).path}/items`,
        query: {
          scopePath: `/${path}`,
          recursionLevel: query.recursive === true ? 'Full' : 'OneLevel',
          includeContentMetadata: true,
          'versionDescriptor.version': version === '' ? undefined : version,
          'versionDescriptor.versionType':
            version === undefined || version === ''
              ? undefined
              : FULL_SHA.test(version)
                ? 'commit'
                : 'branch',
        },
      });
      const scope = `/${path}`;
      const entries = items
        .filter((item) => item.path !== scope && item.path !== `${scope}/` && item.path !== '/')
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const page = offsetPage(entries.slice(skip, skip + query.limit + 1), query);
      return {
        items: page.items.map((item) => mapFileTreeEntry(item, client.context)),
        nextCursor: page.nextCursor,
      };
    },
  };
}
