import type { GitLabGroup } from '../gitlab-dataset.js';
import type { Json, RenderContext } from './common.js';

/** `GET /groups`: a group or a subgroup. */
export function renderGroup(context: RenderContext, group: GitLabGroup): Json {
  return {
    id: group.id,
    web_url: `${context.web()}/groups/${group.fullPath}`,
    name: group.name,
    path: group.path,
    description: group.description,
    visibility: 'private',
    full_name: group.fullPath.split('/').join(' / '),
    full_path: group.fullPath,
    parent_id: group.parentId,
    avatar_url: null,
    created_at: group.createdAt,
  };
}
