import type {
  Dataset,
  DatasetRelease,
  DatasetRepository,
  DatasetTag,
} from '../../dataset/types.js';
import { accountFor, nodeId, type Hosts, type Json } from './common.js';

export function renderBranch(
  hosts: Hosts,
  repo: DatasetRepository,
  name: string,
  sha: string,
  isProtected: boolean,
): Json {
  return {
    name,
    commit: { sha, url: `${hosts.api}/repos/${repo.fullName}/commits/${sha}` },
    protected: isProtected,
  };
}

export function renderTag(hosts: Hosts, repo: DatasetRepository, tag: DatasetTag): Json {
  return {
    name: tag.name,
    commit: { sha: tag.sha, url: `${hosts.api}/repos/${repo.fullName}/commits/${tag.sha}` },
    zipball_url: `${hosts.api}/repos/${repo.fullName}/zipball/refs/tags/${tag.name}`,
    tarball_url: `${hosts.api}/repos/${repo.fullName}/tarball/refs/tags/${tag.name}`,
    node_id: nodeId('REF', `${repo.id}:${tag.name}`),
  };
}

export function renderRelease(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  release: DatasetRelease,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/releases/${release.id}`,
    html_url: `${hosts.web}/${repo.fullName}/releases/tag/${release.tagName}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    upload_url: `${hosts.web.replace('://', '://uploads.')}/repos/${repo.fullName}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${api}/tarball/${release.tagName}`,
    zipball_url: `${api}/zipball/${release.tagName}`,
    id: release.id,
    node_id: nodeId('RE', release.id),
    tag_name: release.tagName,
    target_commitish: repo.defaultBranch,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.createdAt,
    updated_at: release.publishedAt ?? release.createdAt,
    published_at: release.publishedAt,
    author: accountFor(dataset, hosts, release.author),
    assets: [],
  };
}
