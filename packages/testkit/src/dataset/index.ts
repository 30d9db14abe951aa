export type * from './types.js';
export { generateDataset } from './generate-dataset.js';
export { createPrng, type Prng } from './prng.js';
export { deriveSha, diffTrees, gitBlobSha, renderUnifiedDiff, unifiedHunk } from './diff.js';
export {
  checksForRef,
  commitsOnBranch,
  deploymentsFor,
  findCommit,
  findRepository,
  findRepositoryOrThrow,
  pullRequestsByState,
  repositoriesFor,
  resolveRef,
  searchPullRequests,
  treeEntries,
  fileAt,
  type DatasetTreeEntry,
  type FileLookup,
} from './queries.js';
export {
  isDefaultBranchProtected,
  organizationOwners,
  repositoryCollaborators,
  type DatasetCollaborator,
  type DatasetPermission,
} from './governance.js';
