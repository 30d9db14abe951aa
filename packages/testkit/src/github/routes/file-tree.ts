import { fileAt, findCommit, resolveRef, treeEntries } from '../../dataset/queries.js';
import type { Route } from '../../server/simulator-server.js';
import { hostsOf, notFound } from '../github-http.js';
import { treeSha } from '../render/commits.js';
import { renderTreeEntry } from '../render/file-tree.js';
import type { RouteKit } from '../route-kit.js';

/**
 * `GET /repos/:owner/:repo/git/trees/:sha`: a tree by its sha or a ref, `recursive` or not; and
 * `GET /repos/:owner/:repo/contents/:path`: a file (the raw media type `application/vnd.github.raw+json`
 * answers its bytes, with the blob sha as ETag; otherwise the JSON object with base64 `content`) or
 * a directory's entries. https://docs.github.com/rest/repos/contents#get-repository-content
 */
export function fileTreeRoutes(kit: RouteKit): Route[] {
  const { repoRoute } = kit;
  const contents = repoRoute('GET', '/contents/:path*', (request, repo) => {
    const path = request.params.path ?? '';
    const found = fileAt(repo, path, request.query.ref);
    if (found.kind === 'missing-ref' || found.kind === 'missing-path') return notFound();
    const hosts = hostsOf(request);
    if (found.kind === 'directory') {
      const entries = treeEntries(found.commit, { path }) ?? [];
      return {
        json: entries.map((entry) => ({
          type: entry.type === 'directory' ? 'dir' : 'file',
          name: entry.name,
          path: entry.path,
          sha: entry.sha,
          size: entry.size ?? 0,
          url: `${hosts.api}/repos/${repo.fullName}/contents/${entry.path}`,
        })),
      };
    }
    const accept = String(request.headers.accept ?? '');
    if (/application\/vnd\.github(\.v3)?\.raw/.test(accept))
      return {
        headers: {
          'content-type': 'application/vnd.github.raw; charset=utf-8',
          etag: `"${found.sha}"`,
        },
        text: found.content,
      };
    return {
      json: {
        type: 'file',
        encoding: 'base64',
        size: found.size,
        name: path.split('/').pop() ?? path,
        path,
        content: Buffer.from(found.content, 'utf8').toString('base64'),
        sha: found.sha,
        url: `${hosts.api}/repos/${repo.fullName}/contents/${path}`,
      },
    };
  });
  const trees = repoRoute('GET', '/git/trees/:sha', (request, repo) => {
    const ref = request.params.sha ?? '';
    const commit =
      repo.commits.find((candidate) => treeSha(candidate) === ref) ??
      (() => {
        const sha = resolveRef(repo, ref);
        return sha === undefined ? undefined : findCommit(repo, sha);
      })();
    if (commit === undefined) return notFound();
    const recursive =
      request.query.recursive !== undefined &&
      request.query.recursive !== '0' &&
      request.query.recursive !== 'false';
    const entries = treeEntries(commit, { recursive }) ?? [];
    const hosts = hostsOf(request);
    return {
      json: {
        sha: treeSha(commit),
        url: `${hosts.api}/repos/${repo.fullName}/git/trees/${treeSha(commit)}`,
        tree: entries.map((entry) => renderTreeEntry(hosts, repo, entry)),
        truncated: false,
      },
    };
  });
  return [...trees, ...contents];
}
