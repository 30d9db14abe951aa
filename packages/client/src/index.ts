export { createScmClient, type ScmClient, type ScmClientOptions, type paths } from './client.js';
export { paginate, type CollectionParams, type CollectionPath, type ItemOf } from './paginate.js';
export {
  SCM_ERROR_CODES,
  ScmApiError,
  type ErrorBody,
  type OAuthErrorBody,
  type ScmErrorCode,
} from './scm-api-error.js';
export type { components, operations } from './generated/openapi.js';
