import type { DatasetRepository } from '../../dataset/types.js';
import { href, renderRepositoryRef, type Hosts, type Json } from './common.js';

export interface StoredHook {
  uuid: string;
  repo: DatasetRepository;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  secretSet: boolean;
  /** Kept to sign deliveries; Bitbucket never returns it. */
  secret: string | null;
  createdAt: string;
}

export function renderHook(hosts: Hosts, hook: StoredHook): Json {
  return {
    type: 'webhook_subscription',
    uuid: hook.uuid,
    url: hook.url,
    description: hook.description,
    subject_type: 'repository',
    subject: renderRepositoryRef(hosts, hook.repo),
    active: hook.active,
    events: hook.events,
    secret_set: hook.secretSet,
    created_at: hook.createdAt,
    links: {
      self: href(
        `${hosts.api}/repositories/${hook.repo.fullName}/hooks/${encodeURIComponent(hook.uuid)}`,
      ),
    },
  };
}
