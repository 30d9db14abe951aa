import type { Dataset, DatasetUser, DatasetViewer } from '../../dataset/types.js';
import { renderSimpleUser, type Hosts, type Json } from './common.js';

export function renderPrivateUser(hosts: Hosts, viewer: DatasetViewer, dataset: Dataset): Json {
  const owned = dataset.repositories.filter((repo) => repo.owner === viewer.login);
  const privateCount = owned.filter((repo) => repo.visibility !== 'public').length;
  return {
    ...renderSimpleUser(hosts, viewer.login, viewer.id),
    name: viewer.name,
    company: null,
    blog: '',
    location: null,
    email: viewer.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: viewer.email,
    public_repos: owned.length - privateCount,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: viewer.createdAt,
    updated_at: viewer.createdAt,
    private_gists: 0,
    total_private_repos: privateCount,
    owned_private_repos: privateCount,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'pro', space: 976562499, collaborators: 0, private_repos: 9999 },
  };
}

export function renderPublicUser(hosts: Hosts, user: DatasetUser): Json {
  return {
    ...renderSimpleUser(hosts, user.login, user.id),
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
  };
}
