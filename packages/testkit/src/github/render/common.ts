import { deriveSha } from '../../dataset/diff.js';
import type { Dataset } from '../../dataset/types.js';

/**
 * GitHub's REST wire format, rendered from the dataset with GitHub's own field names and the full
 * objects GitHub returns (every field its OpenAPI response schema requires), so the adapter and the
 * conformance tests see what api.github.com sends. The simulated provider's side: the adapter never
 * imports it. One file per resource group (the adapter's `ops/` groups); this one holds what they
 * share.
 */

/** Where rendered URLs point: the API root (`…/api/v3` on GHES) and the web root. */
export interface Hosts {
  api: string;
  web: string;
}

/** A rendered JSON object. */
export type Json = Record<string, unknown>;

/** GraphQL-style global node id: opaque, stable, unique per kind and id. */
export function nodeId(kind: string, id: number | string): string {
  return `${kind}_${Buffer.from(`${kind}:${String(id)}`).toString('base64url')}`;
}

export function renderSimpleUser(hosts: Hosts, login: string, id: number, type = 'User'): Json {
  const api = `${hosts.api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId(type === 'Organization' ? 'O' : 'U', id),
    avatar_url: `${hosts.web}/avatars/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${hosts.web}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** An account by login (user or organization); ids come from the dataset, or are derived. */
export function accountFor(dataset: Dataset, hosts: Hosts, login: string): Json {
  const org = dataset.organizations.find((candidate) => candidate.login === login);
  if (org !== undefined) return renderSimpleUser(hosts, org.login, org.id, 'Organization');
  const user = dataset.users.find((candidate) => candidate.login === login);
  return renderSimpleUser(hosts, login, user?.id ?? derivedId('user', login));
}

export function derivedId(...parts: string[]): number {
  return 10_000_000 + (Number.parseInt(deriveSha(...parts).slice(0, 7), 16) % 80_000_000);
}
