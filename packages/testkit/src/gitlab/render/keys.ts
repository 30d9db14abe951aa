import type { DatasetSshKey } from '../../dataset/types.js';
import type { Json } from './common.js';

/** `GET /user/keys`: GitLab returns no fingerprint there. */
export function renderSshKey(key: DatasetSshKey): Json {
  return {
    id: key.id,
    title: key.title,
    key: key.key,
    created_at: key.createdAt,
    expires_at: null,
    usage_type: 'auth_and_signing',
  };
}
