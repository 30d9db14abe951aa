import { deriveSha } from '../../dataset/diff.js';
import type { DatasetRepository } from '../../dataset/types.js';
import type { AzureRouteKit } from '../route-kit.js';
import { renderIdentity, repositoryUrl } from './common.js';

export interface AzureRef {
  name: string;
  objectId: string;
  /** The commit an annotated tag points at. */
  peeledObjectId?: string;
  creator: string;
}

/** The sha of an annotated tag's own object (not the commit it points at). */
function tagObjectSha(repo: DatasetRepository, tag: string): string {
  return deriveSha('azure-tag-object', repo.fullName, tag);
}

/** Every ref of a repository, by name (Azure's ordinal order): heads, then tags. */
export function refsOf(kit: AzureRouteKit, repo: DatasetRepository): AzureRef[] {
  const creatorOf = (sha: string): string =>
    kit.commitOf(repo, sha)?.author.login ?? kit.dataset.viewer.login;
  const heads = repo.branches.map((branch) => ({
    name: `refs/heads/${branch.name}`,
    objectId: branch.sha,
    creator: creatorOf(branch.sha),
  }));
  const tags = repo.tags.map((tag) =>
    tag.message === null
      ? { name: `refs/tags/${tag.name}`, objectId: tag.sha, creator: creatorOf(tag.sha) }
      : {
          name: `refs/tags/${tag.name}`,
          objectId: tagObjectSha(repo, tag.name),
          peeledObjectId: tag.sha,
          creator: creatorOf(tag.sha),
        },
  );
  return [...heads, ...tags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A `GitRef`; `peeledObjectId` only when asked with `peelTags=true`, as Azure does. */
export function renderRef(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  ref: AzureRef,
  peel: boolean,
): Record<string, unknown> {
  return {
    name: ref.name,
    objectId: ref.objectId,
    ...(peel && ref.peeledObjectId !== undefined ? { peeledObjectId: ref.peeledObjectId } : {}),
    creator: renderIdentity(kit, ref.creator),
    url: `${repositoryUrl(kit, repo)}/refs?filter=${encodeURIComponent(ref.name.slice('refs/'.length))}`,
  };
}
