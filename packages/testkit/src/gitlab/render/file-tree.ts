import type { DatasetTreeEntry } from '../../dataset/queries.js';
import type { Json } from './common.js';

/** `GET /projects/:id/repository/tree`: GitLab reports no sizes. */
export function renderTreeEntry(entry: DatasetTreeEntry): Json {
  return {
    id: entry.sha,
    name: entry.name,
    type: entry.type === 'directory' ? 'tree' : 'blob',
    path: entry.path,
    mode: entry.mode,
  };
}
