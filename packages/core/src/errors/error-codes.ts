/**
 * The canonical error codes of the gateway's error model (seed contract "GitFlare", and
 * docs/architecture.md). This table is the only place a code's status and defaults live.
 */
export interface ErrorCodeDefinition {
  readonly status: number;
  readonly retryable: boolean;
  readonly userActionRequired: boolean;
  readonly suggestedAction: string | null;
  readonly message: string;
}

export const ERROR_CODES = {
  INVALID_REQUEST: {
    status: 400,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'fix_request',
    message: 'The request is malformed or semantically invalid.',
  },
  INVALID_LIMIT: {
    status: 400,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'fix_limit',
    message: 'limit must be an integer between 1 and 100.',
  },
  INVALID_CURSOR: {
    status: 400,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'restart_pagination',
    message: 'The provided pagination cursor is invalid.',
  },
  CURSOR_EXPIRED: {
    status: 410,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'restart_pagination',
    message: 'The pagination cursor has expired; restart from the first page.',
  },
  PAGINATION_NOT_SUPPORTED: {
    status: 400,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'fix_request',
    message: 'This request shape is incompatible with pagination.',
  },
  AUTH_REQUIRED: {
    status: 401,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'authenticate',
    message: 'Authentication is required.',
  },
  AUTH_EXPIRED: {
    status: 401,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'reconnect',
    message: 'The credentials have expired; refresh the token or reconnect.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'check_credentials',
    message: 'The credentials are invalid.',
  },
  INSUFFICIENT_SCOPE: {
    status: 403,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'request_scope',
    message: 'The token lacks a required permission or scope.',
  },
  PROVIDER_ACCOUNT_NOT_CONNECTED: {
    status: 403,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'connect_provider',
    message: 'No active provider account is connected for this request.',
  },
  ACCESS_BLOCKED_BY_POLICY: {
    status: 403,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'contact_admin',
    message: 'A policy blocks access to this provider or resource.',
  },
  REPOSITORY_NOT_APPROVED: {
    status: 403,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'request_repository_approval',
    message: 'The repository is outside the approved repository set.',
  },
  APPROVAL_REQUIRED: {
    status: 403,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'request_approval',
    message: 'The token has no usable approval yet.',
  },
  APPROVAL_PENDING: {
    status: 403,
    retryable: true,
    userActionRequired: true,
    suggestedAction: 'wait_for_approval',
    message: 'The authorization exists but is not active yet.',
  },
  RESOURCE_NOT_FOUND: {
    status: 404,
    retryable: false,
    userActionRequired: false,
    suggestedAction: null,
    message: 'The requested resource was not found.',
  },
  REPOSITORY_NOT_FOUND: {
    status: 404,
    retryable: false,
    userActionRequired: false,
    suggestedAction: 'check_repository',
    message: 'The repository was not found on the provider.',
  },
  INSTALLATION_NOT_FOUND: {
    status: 404,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'install_app',
    message: 'The provider installation or workspace context is missing.',
  },
  RATE_LIMITED: {
    status: 429,
    retryable: true,
    userActionRequired: false,
    suggestedAction: 'retry_later',
    message: 'The upstream provider rate-limited the request.',
  },
  UPSTREAM_TIMEOUT: {
    status: 504,
    retryable: true,
    userActionRequired: false,
    suggestedAction: 'retry',
    message: 'The provider timed out while serving the request.',
  },
  UPSTREAM_UNAVAILABLE: {
    status: 503,
    retryable: true,
    userActionRequired: false,
    suggestedAction: 'retry',
    message: 'The provider is temporarily unavailable.',
  },
  UNSUPPORTED_PROVIDER: {
    status: 400,
    retryable: false,
    userActionRequired: true,
    suggestedAction: 'use_supported_provider',
    message: 'The provider is unsupported or disabled.',
  },
  UNSUPPORTED_ENDPOINT: {
    status: 501,
    retryable: false,
    userActionRequired: false,
    suggestedAction: null,
    message: 'The provider does not support this endpoint.',
  },
  INTERNAL_ERROR: {
    status: 500,
    retryable: true,
    userActionRequired: false,
    suggestedAction: 'contact_support',
    message: 'An unexpected internal error occurred.',
  },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ScmErrorCode = keyof typeof ERROR_CODES;

export const SCM_ERROR_CODES = Object.keys(ERROR_CODES) as readonly ScmErrorCode[];

export function isScmErrorCode(value: unknown): value is ScmErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
