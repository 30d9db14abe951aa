import type { DatasetTreeEntry } from '../../../dataset/queries.js';

export function renderTreeEntry(entry: DatasetTreeEntry): Record<string, unknown> {
  return {
    path: entry.path,
    kind: entry.type === 'directory' ? 'tree' : 'blob',
    object_sha: entry.sha,
    size: entry.size,
    mode: entry.mode,
  };
}
