import type { DatasetTreeEntry } from '../../dataset/queries.js';
import type { DatasetRepository } from '../../dataset/types.js';
import { type Hosts, type Json } from './common.js';

export function renderTreeEntry(
  hosts: Hosts,
  repo: DatasetRepository,
  entry: DatasetTreeEntry,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return entry.type === 'directory'
    ? {
        path: entry.path,
        mode: '040000',
        type: 'tree',
        sha: entry.sha,
        url: `${api}/git/trees/${entry.sha}`,
      }
    : {
        path: entry.path,
        mode: entry.mode,
        type: 'blob',
        sha: entry.sha,
        size: entry.size,
        url: `${api}/git/blobs/${entry.sha}`,
      };
}
