import type { DatasetOrganization } from '../../../dataset/types.js';
import { EXAMPLE_WEB } from './common.js';

export function renderOrganization(org: DatasetOrganization): Record<string, unknown> {
  return {
    id: org.id,
    handle: org.login,
    display_name: org.name,
    summary: org.description,
    avatar_url: `${EXAMPLE_WEB}/avatars/${org.login}.png`,
    profile_url: `${EXAMPLE_WEB}/${org.login}`,
  };
}
