import type { DatasetRepository } from '../../dataset/types.js';
import type { AzureTreeItem } from '../azure-git.js';
import type { AzureRouteKit } from '../route-kit.js';
import { repositoryUrl } from './common.js';

/** A `GitItem`; `content` only when asked with `includeContent=true`. */
export function renderItem(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  commitId: string,
  item: AzureTreeItem,
  options: { content?: string; metadata?: boolean } = {},
): Record<string, unknown> {
  const name = item.path.split('/').at(-1) ?? '';
  return {
    objectId: item.objectId,
    gitObjectType: item.isFolder ? 'tree' : 'blob',
    commitId,
    path: item.path,
    ...(item.isFolder ? { isFolder: true } : {}),
    ...(options.metadata === true
      ? {
          contentMetadata: item.isFolder
            ? { fileName: name }
            : {
                encoding: 65001,
                contentType: 'rawtext',
                fileName: name,
                extension: name.includes('.') ? `.${name.split('.').at(-1) ?? ''}` : '',
              },
        }
      : {}),
    ...(options.content === undefined ? {} : { content: options.content }),
    url: `${repositoryUrl(kit, repo)}/items${item.path.split('/').map(encodeURIComponent).join('/')}?versionType=Commit&version=${commitId}`,
  };
}
