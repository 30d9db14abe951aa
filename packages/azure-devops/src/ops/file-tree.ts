import {
  assertLimit,
  FILE_CONTENT_MAX_BYTES,
  fileContentError,
  fileContentPath,
  ScmError,
  type ScmProvider,
} from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { invalidRequest } from '../azure-errors.js';
import { offsetPage, skipOf } from '../azure-pagination.js';
import { WireItemSchema } from '../azure-schemas.js';
import { AZURE_PROVIDER_ID } from '../map-common.js';
import { mapFileContent, mapFileTreeEntry } from '../map-file-tree.js';

const FULL_SHA = /^[0-9a-fA-F]{40}$/;

/**
 * The file tree: `GET …/items?scopePath=/<path>&recursionLevel=OneLevel|Full` at a branch or a
 * commit (`versionDescriptor`). Azure answers the whole level or subtree at once, the folder
 * itself first: the adapter drops that folder and pages the rest with a skip cursor.
 */
export function fileTreeOps(
  client: AzureClient,
): Pick<ScmProvider, 'listFileTree' | 'getFileContent'> {
  return {
    ...fileContentOps(client),
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

/** A ref as Azure's `versionDescriptor`: a full sha is a commit, `refs/tags/<name>` a tag, else a branch. */
function versionDescriptor(ref: string | undefined): Record<string, string | undefined> {
  if (ref === undefined) return {};
  if (ref === '' || ref.length > 255) throw invalidRequest('ref is 1 to 255 characters');
  if (FULL_SHA.test(ref))
    return { 'versionDescriptor.version': ref, 'versionDescriptor.versionType': 'commit' };
  if (ref.startsWith('refs/tags/'))
    return {
      'versionDescriptor.version': ref.slice('refs/tags/'.length),
      'versionDescriptor.versionType': 'tag',
    };
  return {
    'versionDescriptor.version': ref.replace(/^refs\/heads\//, ''),
    'versionDescriptor.versionType': 'branch',
  };
}

/**
 * One file at a ref: `GET …/items?path=/<path>&$format=octetStream` at a `versionDescriptor`,
 * the raw bytes. https://learn.microsoft.com/en-us/rest/api/azure/devops/git/items/get?view=azure-devops-rest-7.1
 */
function fileContentOps(client: AzureClient): Pick<ScmProvider, 'getFileContent'> {
  return {
    async getFileContent(repo, query) {
      const path = fileContentPath(query.path, AZURE_PROVIDER_ID);
      try {
        const response = await client.send<Uint8Array>({
          path: `${client.repo(repo).path}/items`,
          query: {
            path: `/${path}`,
            $format: 'octetStream',
            download: false,
            ...versionDescriptor(query.ref),
          },
          headers: { accept: 'application/octet-stream' },
          responseType: 'bytes',
          maxBytes: FILE_CONTENT_MAX_BYTES,
        });
        if (/^application\/json\b/i.test(response.headers['content-type'] ?? ''))
          throw new ScmError('INVALID_REQUEST', {
            provider: AZURE_PROVIDER_ID,
            source: 'client',
            message: `path ${JSON.stringify(path)} is a folder, not a file: GET …/file-tree lists what it holds.`,
            details: { field: 'path', path },
          });
        return mapFileContent({ path, ref: query.ref, ...response }, client.context);
      } catch (error) {
        if (ScmError.isInstance(error) && error.code === 'REPOSITORY_NOT_FOUND') throw error;
        throw fileContentError(error, AZURE_PROVIDER_ID, { path, ref: query.ref });
      }
    },
  };
}
