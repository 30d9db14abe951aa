import type { DatasetOrganization } from '../../dataset/types.js';
import { nodeId, type Hosts, type Json } from './common.js';

export function renderOrganizationSimple(hosts: Hosts, org: DatasetOrganization): Json {
  const api = `${hosts.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('O', org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${hosts.web}/avatars/u/${org.id}?v=4`,
    description: org.description,
  };
}
