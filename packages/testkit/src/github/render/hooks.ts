import type { DatasetRepository } from '../../dataset/types.js';
import { type Hosts, type Json } from './common.js';

export interface SimulatedHook {
  id: number;
  repo: number;
  url: string;
  events: string[];
  active: boolean;
  contentType: string;
  insecureSsl: string;
  hasSecret: boolean;
  createdAt: string;
}

export function renderHook(hosts: Hosts, repo: DatasetRepository, hook: SimulatedHook): Json {
  const api = `${hosts.api}/repos/${repo.fullName}/hooks/${hook.id}`;
  return {
    type: 'Repository',
    id: hook.id,
    name: 'web',
    active: hook.active,
    events: hook.events,
    // GitHub never echoes the secret; it masks it when one is set.
    config: {
      url: hook.url,
      content_type: hook.contentType,
      insecure_ssl: hook.insecureSsl,
      ...(hook.hasSecret ? { secret: '********' } : {}),
    },
    updated_at: hook.createdAt,
    created_at: hook.createdAt,
    url: api,
    test_url: `${api}/test`,
    ping_url: `${api}/pings`,
    deliveries_url: `${api}/deliveries`,
    last_response: { code: null, status: 'unused', message: null },
  };
}
