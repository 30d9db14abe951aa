import type { Dispatcher } from 'undici';
import type { HttpClientOptions } from './http/types.js';
import type { Organization, SshKey, Viewer } from './schemas/account.js';
import type { Check, Deployment, EventSubscription } from './schemas/ci.js';
import type { Commit, Diff } from './schemas/commit.js';
import type { ProviderId } from './schemas/common.js';
import type { ScmEvent } from './schemas/events.js';
import type { PullRequest } from './schemas/pull-request.js';
import type {
  Branch,
  Contributor,
  FileTreeEntry,
  Release,
  Repository,
  Tag,
} from './schemas/repository.js';
import type { Page, PageQuery } from './pagination.js';
import type { RepoRef } from './repo-ref.js';
import type { Clock, Logger } from './runtime.js';
import type { CallOptions } from './call-options.js';
import type { FileContent } from './schemas/file-content.js';
import type { RawRequest, RawResponse } from './raw-request.js';
import type { CacheStore } from './http/cache.js';
import type { RetryOptions } from './http/retry.js';

/** Every operation of the contract, by name; `capabilities` says which a provider serves. */
export const OPERATIONS = [
  'getViewer',
  'listRepositories',
  'getRepository',
  'listBranches',
  'listCommits',
  'getCommitDiff',
  'listPullRequests',
  'getPullRequestDiff',
  'listContributors',
  'listTags',
  'listReleases',
  'listChecks',
  'listDeployments',
  'listFileTree',
  'getFileContent',
  'listOrganizations',
  'searchPullRequests',
  'listSshKeys',
  'createWebhook',
  'deleteWebhook',
  'createComment',
  'addLabels',
  'setCommitStatus',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * Where each operation takes its `CallOptions`: the index of that last, optional argument
 * (`getViewer(options?)` → 0, `getRepository(repo, options?)` → 1, `listBranches(repo, query,
 * options?)` → 2). `withCallOptions` reads the signal from there.
 */
export const CALL_OPTIONS_INDEX: Readonly<Record<Operation, number>> = Object.freeze({
  getViewer: 0,
  listRepositories: 1,
  getRepository: 1,
  listBranches: 2,
  listCommits: 2,
  getCommitDiff: 2,
  listPullRequests: 2,
  getPullRequestDiff: 2,
  listContributors: 2,
  listTags: 2,
  listReleases: 2,
  listChecks: 2,
  listDeployments: 2,
  listFileTree: 2,
  getFileContent: 2,
  listOrganizations: 1,
  searchPullRequests: 1,
  listSshKeys: 0,
  createWebhook: 2,
  deleteWebhook: 2,
  createComment: 2,
  addLabels: 2,
  setCommitStatus: 2,
});

export interface OperationSupport {
  supported: boolean;
  /** Why it is unsupported, or what differs from the other providers. */
  notes?: string;
}
export type Capabilities = Readonly<Record<Operation, OperationSupport>>;

/** Builds a capability table: every operation supported unless listed. */
export function defineCapabilities(
  overrides: Partial<Record<Operation, OperationSupport>> = {},
): Capabilities {
  const table = {} as Record<Operation, OperationSupport>;
  for (const operation of OPERATIONS)
    table[operation] = overrides[operation] ?? { supported: true };
  return Object.freeze(table);
}

export interface RepositoryQuery extends PageQuery {
  search?: string | undefined;
  /** A user, organization, group or workspace whose repositories to list. */
  owner?: string | undefined;
  /**
   * With `search`: include forks. GitHub's repository search leaves them out unless asked
   * (`fork:true`); other providers' searches, and every plain listing, include them anyway.
   */
  forks?: boolean | undefined;
}
export interface CommitQuery extends PageQuery {
  branch?: string | undefined;
}
export type PullRequestStateFilter = 'open' | 'closed' | 'merged' | 'all';
export interface PullRequestQuery extends PageQuery {
  state?: PullRequestStateFilter | undefined;
}
export interface CheckQuery extends PageQuery {
  ref?: string | undefined;
  branch?: string | undefined;
}
export interface DeploymentQuery extends PageQuery {
  environment?: string | undefined;
  state?: string | undefined;
}
export interface FileTreeQuery extends PageQuery {
  ref?: string | undefined;
  branch?: string | undefined;
  path?: string | undefined;
  recursive?: boolean | undefined;
}
/** What `getFileContent` reads: one file, at a ref (the default branch when absent). */
export interface FileContentQuery {
  /** The file's path from the repository root, without a leading slash (`src/index.ts`). */
  path: string;
  /** A branch, tag or commit sha; the default branch when absent. */
  ref?: string | undefined;
}
export interface PullRequestSearchQuery extends PageQuery {
  state?: PullRequestStateFilter | undefined;
  /** Full path of a repository to restrict the search to. */
  repo?: string | undefined;
  author?: string | undefined;
}

export interface CreateWebhookInput {
  callbackUrl: string;
  events: string[];
  active: boolean;
  secret?: string | undefined;
}
export interface CommentInput {
  /** Pull request (merge request) number. */
  number: number;
  body: string;
}
export interface LabelsInput {
  number: number;
  labels: string[];
}
export interface CommitStatusInput {
  sha: string;
  state: 'pending' | 'success' | 'failure' | 'error';
  context: string;
  description?: string | undefined;
  targetUrl?: string | undefined;
}

/** A webhook delivery as received: header names in any case, the body exactly as sent. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  rawBody: string | Uint8Array;
}
export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: 'missing_signature' | 'invalid_signature' | 'no_secret_configured' };

export interface ProviderWebhooks {
  verify(request: WebhookRequest): Promise<VerifyResult>;
  /**
   * Parses a delivery (already verified) into its normalized event: the first of `parseAll`, the
   * event the delivery itself is (a push delivery gives its push, not the ref events it implies).
   */
  parse(request: WebhookRequest): ScmEvent;
  /**
   * Parses a delivery (already verified) into every normalized event it carries, never none: one
   * per ref a push changed (a Bitbucket push may change several), each followed by its `ref`
   * event when the push created or deleted the ref. Other deliveries give one event.
   */
  parseAll(request: WebhookRequest): ScmEvent[];
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch milliseconds; null when the token does not expire. */
  expiresAt: number | null;
  scopes: string[];
  tokenType: string;
}
export interface ProviderOAuth {
  authorizeUrl(input: {
    redirectUri: string;
    state: string;
    scopes?: string[] | undefined;
    /**
     * PKCE (RFC 7636): the S256 challenge of the verifier the caller keeps and later passes to
     * `exchangeCode` as `codeVerifier`. Sent with `code_challenge_method=S256`.
     */
    codeChallenge?: string | undefined;
  }): string;
  exchangeCode(input: {
    code: string;
    redirectUri: string;
    codeVerifier?: string | undefined;
  }): Promise<OAuthTokens>;
  refresh(refreshToken: string): Promise<OAuthTokens>;
}

/** Settings every provider factory accepts besides its own credentials. */
export interface ProviderSettingsBase {
  /** API base URL, for GitHub Enterprise Server or self-managed GitLab. */
  baseUrl?: string | undefined;
  /** An undici dispatcher (tests inject `MockAgent`); by default a keep-alive pool per origin. */
  dispatcher?: Dispatcher | undefined;
  userAgent?: string | undefined;
  timeoutMs?: number | undefined;
  /** The whole of one HTTP call, retries and waits included (see HttpClientOptions.deadlineMs). */
  deadlineMs?: number | undefined;
  retry?: Partial<RetryOptions> | undefined;
  cache?: CacheStore | undefined;
  logger?: Logger | undefined;
  clock?: Clock | undefined;
  /** Attach the provider's payload as `raw` on every normalized item. */
  includeRaw?: boolean | undefined;
}

/** The transport settings of a provider's settings, to spread into `createHttpClient`. */
export function transportOptions(
  settings: ProviderSettingsBase,
): Pick<
  HttpClientOptions,
  'dispatcher' | 'userAgent' | 'timeoutMs' | 'deadlineMs' | 'retry' | 'cache' | 'logger' | 'clock'
> {
  const { dispatcher, userAgent, timeoutMs, deadlineMs, retry, cache, logger, clock } = settings;
  return { dispatcher, userAgent, timeoutMs, deadlineMs, retry, cache, logger, clock };
}

/**
 * The one shape every provider adapter returns. See docs/architecture.md. Every operation takes
 * an optional last `CallOptions` argument whose `signal` cancels it (see `withCallOptions`).
 */
export interface ScmProvider {
  readonly id: ProviderId;
  readonly capabilities: Capabilities;
  getViewer(options?: CallOptions): Promise<Viewer>;
  listRepositories(query: RepositoryQuery, options?: CallOptions): Promise<Page<Repository>>;
  getRepository(repo: RepoRef, options?: CallOptions): Promise<Repository>;
  listBranches(repo: RepoRef, query: PageQuery, options?: CallOptions): Promise<Page<Branch>>;
  listCommits(repo: RepoRef, query: CommitQuery, options?: CallOptions): Promise<Page<Commit>>;
  getCommitDiff(repo: RepoRef, sha: string, options?: CallOptions): Promise<Diff>;
  listPullRequests(
    repo: RepoRef,
    query: PullRequestQuery,
    options?: CallOptions,
  ): Promise<Page<PullRequest>>;
  getPullRequestDiff(repo: RepoRef, number: number, options?: CallOptions): Promise<Diff>;
  listContributors(
    repo: RepoRef,
    query: PageQuery,
    options?: CallOptions,
  ): Promise<Page<Contributor>>;
  listTags(repo: RepoRef, query: PageQuery, options?: CallOptions): Promise<Page<Tag>>;
  listReleases(repo: RepoRef, query: PageQuery, options?: CallOptions): Promise<Page<Release>>;
  listChecks(repo: RepoRef, query: CheckQuery, options?: CallOptions): Promise<Page<Check>>;
  listDeployments(
    repo: RepoRef,
    query: DeploymentQuery,
    options?: CallOptions,
  ): Promise<Page<Deployment>>;
  listFileTree(
    repo: RepoRef,
    query: FileTreeQuery,
    options?: CallOptions,
  ): Promise<Page<FileTreeEntry>>;
  /**
   * One file's content at a ref: text as a UTF-8 string, anything else base64
   * (`encoding: 'base64'`). A file over `FILE_CONTENT_MAX_BYTES` is refused (INVALID_REQUEST, its
   * size named); a missing path or ref is RESOURCE_NOT_FOUND naming both.
   */
  getFileContent(
    repo: RepoRef,
    query: FileContentQuery,
    options?: CallOptions,
  ): Promise<FileContent>;
  listOrganizations(query: PageQuery, options?: CallOptions): Promise<Page<Organization>>;
  searchPullRequests(
    query: PullRequestSearchQuery,
    options?: CallOptions,
  ): Promise<Page<PullRequest>>;
  listSshKeys(options?: CallOptions): Promise<SshKey[]>;
  createWebhook(
    repo: RepoRef,
    input: CreateWebhookInput,
    options?: CallOptions,
  ): Promise<EventSubscription>;
  deleteWebhook(repo: RepoRef, id: string, options?: CallOptions): Promise<void>;
  createComment(
    repo: RepoRef,
    input: CommentInput,
    options?: CallOptions,
  ): Promise<{ id: string; webUrl: string | null }>;
  addLabels(
    repo: RepoRef,
    input: LabelsInput,
    options?: CallOptions,
  ): Promise<{ labels: string[] }>;
  setCommitStatus(repo: RepoRef, input: CommitStatusInput, options?: CallOptions): Promise<Check>;
  /**
   * The escape hatch, as octokit's `request` and gitbeaker's requester: any API path of the
   * provider, sent through the adapter's own authenticated, retrying, rate-limit-aware transport.
   * `path` is relative to the adapter's base URL; an absolute URL is refused, so the credential
   * never leaves for another host. Errors are mapped as for every other operation.
   */
  request<T = unknown>(input: RawRequest): Promise<RawResponse<T>>;
  readonly webhooks: ProviderWebhooks;
  readonly oauth?: ProviderOAuth | undefined;
  /** Releases pooled connections the provider opened itself. */
  close(): Promise<void>;
}
