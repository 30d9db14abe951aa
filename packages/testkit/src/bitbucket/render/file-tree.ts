import type { DatasetTreeEntry } from '../../dataset/queries.js';
import type { DatasetRepository } from '../../dataset/types.js';
import { href, renderCommitRef, type Hosts, type Json } from './common.js';

export function renderTreeEntry(
  hosts: Hosts,
  repo: DatasetRepository,
  sha: string,
  entry: DatasetTreeEntry,
): Json {
  const links = {
    self: href(`${hosts.api}/repositories/${repo.fullName}/src/${sha}/${entry.path}`),
    meta: href(`${hosts.api}/repositories/${repo.fullName}/src/${sha}/${entry.path}?format=meta`),
  };
  if (entry.type === 'directory')
    return {
      type: 'commit_directory',
      path: entry.path,
      commit: renderCommitRef(hosts, repo, sha),
      links,
    };
  return {
    type: 'commit_file',
    path: entry.path,
    commit: renderCommitRef(hosts, repo, sha),
    // Real responses carry a list here (`[]`, `["executable"]`), although the OpenAPI
    // description says a single string; see the conformance test's known drift.
    attributes: entry.mode === '100755' ? ['executable'] : [],
    escaped_path: entry.path,
    size: entry.size,
    mimetype: null,
    links,
  };
}
