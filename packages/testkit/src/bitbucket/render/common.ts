import type {
  Dataset,
  DatasetPerson,
  DatasetRepository,
  DatasetUser,
} from '../../dataset/types.js';
import { uuidFor } from '../bitbucket-dataset.js';

/**
 * Bitbucket Cloud's wire format (developer.atlassian.com/cloud/bitbucket/rest/), rendered from the
 * dataset, one file per resource group (the adapter's `ops/` groups); this one holds what several
 * render: the hosts, accounts, and the short repository and commit objects Bitbucket nests. The
 * simulator's side only: the adapter never imports it.
 */

/** Where the simulator listens; links in the wire format point there. */
export interface Hosts {
  /** `http://127.0.0.1:<port>/2.0`. */
  api: string;
  /** `http://127.0.0.1:<port>`: html links and OAuth. */
  web: string;
}

export type Json = Record<string, unknown>;

export const href = (value: string): Json => ({ href: value });

/** Bitbucket shows a 12-character hash where it abbreviates (pull request source and destination). */
export const shortHash = (sha: string): string => sha.slice(0, 12);

export function renderAccount(
  hosts: Hosts,
  user: DatasetUser | { login: string; name: string; id: number },
): Json {
  const uuid = uuidFor('user', user.id);
  return {
    type: 'user',
    uuid,
    account_id: `557058:${uuid.slice(1, -1)}`,
    nickname: user.login,
    display_name: user.name,
    links: {
      self: href(`${hosts.api}/users/${encodeURIComponent(uuid)}`),
      html: href(`${hosts.web}/${encodeURIComponent(uuid)}/`),
      avatar: href(`${hosts.web}/account/${user.login}/avatar/`),
    },
  };
}

/** An account by login: a dataset user when there is one, else a synthetic one (a bot, a foreign author). */
export function accountFor(hosts: Hosts, dataset: Dataset, login: string): Json {
  const user = dataset.users.find((candidate) => candidate.login === login);
  return renderAccount(hosts, user ?? { login, name: login, id: Number.parseInt(login, 36) || 0 });
}

export function repoLinks(hosts: Hosts, repo: DatasetRepository): Json {
  return {
    self: href(`${hosts.api}/repositories/${repo.fullName}`),
    html: href(`${hosts.web}/${repo.fullName}`),
    avatar: href(`${hosts.web}/ravatar/${encodeURIComponent(repo.uuid)}`),
  };
}

/** The short repository object Bitbucket nests in commits, pull requests and hooks. */
export function renderRepositoryRef(hosts: Hosts, repo: DatasetRepository): Json {
  return {
    type: 'repository',
    full_name: repo.fullName,
    name: repo.name,
    uuid: repo.uuid,
    links: repoLinks(hosts, repo),
  };
}

export function renderAuthor(hosts: Hosts, dataset: Dataset, person: DatasetPerson): Json {
  const author: Json = { type: 'author', raw: `${person.name} <${person.email}>` };
  if (person.login !== null) author.user = accountFor(hosts, dataset, person.login);
  return author;
}

export function commitLinks(hosts: Hosts, repo: DatasetRepository, sha: string): Json {
  return {
    self: href(`${hosts.api}/repositories/${repo.fullName}/commit/${sha}`),
    html: href(`${hosts.web}/${repo.fullName}/commits/${sha}`),
  };
}

/** The short commit object (hash and links) nested in refs, statuses and pull requests. */
export function renderCommitRef(hosts: Hosts, repo: DatasetRepository, sha: string): Json {
  return { type: 'commit', hash: sha, links: commitLinks(hosts, repo, sha) };
}
