import type { Route } from '../../server/simulator-server.js';
import { itemsUnder, resolveVersion } from '../azure-git.js';
import { azureError, list } from '../azure-wire.js';
import { renderItem } from '../render/file-tree.js';
import type { AzureRouteKit } from '../route-kit.js';

/**
 * The items API (https://learn.microsoft.com/en-us/rest/api/azure/devops/git/items?view=azure-devops-rest-7.1):
 * `scopePath` + `recursionLevel` (`None`, `OneLevel`, `Full`) lists a folder, the folder itself
 * first; `path` reads one item — its metadata as JSON (with `content` when `includeContent=true`),
 * or the raw file for `$format=text|octetStream`, `download=true` or a non-JSON `Accept`. The
 * version is `versionDescriptor.version` / `.versionType`, default the default branch.
 */
export function fileTreeRoutes(kit: AzureRouteKit): Route[] {
  return kit.repoRoutes('GET', '/items', (request, repo) => {
    const q = request.query;
    const sha = resolveVersion(
      repo,
      q['versionDescriptor.version'],
      q['versionDescriptor.versionType'],
    );
    if (typeof sha !== 'string') return sha;
    const commit = kit.commitOf(repo, sha);
    if (commit === undefined)
      return azureError(500, 'TF400898: An Internal Error Occurred.', 'VssServiceException');
    const path = q.path ?? q.scopePath ?? '/';
    const level = q.path === undefined ? (q.recursionLevel ?? 'None') : 'None';
    const items = itemsUnder(commit, path, level);
    if (items === undefined)
      return azureError(
        404,
        `TF401174: The item '${path}' could not be found in the repository '${repo.name}' at the version specified by '<${(q['versionDescriptor.versionType'] ?? 'Branch').replace(/^./, (c) => c.toUpperCase())}: ${q['versionDescriptor.version'] ?? repo.defaultBranch} >' (resolved to commit '${sha}').`,
        'GitItemNotFoundException',
        'Microsoft.TeamFoundation.Git.Server',
      );
    const metadata = q.includeContentMetadata === 'true';
    if (q.path !== undefined) {
      const item = items[0];
      if (item === undefined) return list([]);
      const content = item.isFolder ? undefined : repo.blobs[item.objectId];
      const accept = typeof request.headers.accept === 'string' ? request.headers.accept : '';
      const raw =
        q.$format === 'text' ||
        q.$format === 'octetStream' ||
        q.download === 'true' ||
        (q.$format !== 'json' &&
          accept !== '' &&
          !accept.includes('json') &&
          !accept.includes('*/*'));
      if (raw && content !== undefined)
        return {
          headers: {
            'content-type':
              q.$format === 'octetStream' || q.download === 'true'
                ? 'application/octet-stream'
                : 'text/plain; charset=utf-8',
          },
          text: content,
        };
      return {
        json: renderItem(kit, repo, sha, item, {
          metadata,
          ...(q.includeContent === 'true' && content !== undefined ? { content } : {}),
        }),
      };
    }
    return list(items.map((item) => renderItem(kit, repo, sha, item, { metadata })));
  });
}
