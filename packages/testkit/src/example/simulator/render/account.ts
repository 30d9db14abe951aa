import type { DatasetUser } from '../../../dataset/types.js';
import { EXAMPLE_WEB } from './common.js';

export function renderUser(user: DatasetUser): Record<string, unknown> {
  return {
    id: user.id,
    handle: user.login,
    display_name: user.name,
    email: user.email,
    avatar_url: `${EXAMPLE_WEB}/avatars/${user.login}.png`,
    profile_url: `${EXAMPLE_WEB}/${user.login}`,
    joined_at: user.createdAt,
  };
}
