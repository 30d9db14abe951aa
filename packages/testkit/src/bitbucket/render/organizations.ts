import type { DatasetOrganization } from '../../dataset/types.js';
import { uuidFor } from '../bitbucket-dataset.js';
import { href, type Hosts, type Json } from './common.js';

export function renderWorkspace(hosts: Hosts, org: DatasetOrganization): Json {
  return {
    type: 'workspace',
    uuid: uuidFor('workspace', org.login),
    slug: org.login,
    name: org.name,
    is_private: false,
    created_on: org.createdAt,
    links: {
      self: href(`${hosts.api}/workspaces/${org.login}`),
      html: href(`${hosts.web}/${org.login}/`),
      avatar: href(`${hosts.web}/workspaces/${org.login}/avatar/`),
    },
  };
}

export function renderWorkspaceAccess(
  hosts: Hosts,
  org: DatasetOrganization,
  admin: boolean,
): Json {
  return { type: 'workspace_access', administrator: admin, workspace: renderWorkspace(hosts, org) };
}
