import {
  collectAll,
  paginate,
  ScmError,
  type Page,
  type PageQuery,
  type PullRequest,
  type ScmProvider,
} from '@scm/core';
import { requireRole } from '../../auth/roles.js';
import type { SessionUser } from '../../auth/sessions.js';
import { gatewayError } from '../../http/errors.js';
import { resolveTenantHost } from '../../integrations/hosts.js';
import { asIntegration, deleteIntegration, saveIntegration } from '../../integrations/store.js';
import { isProviderId, PROVIDER_CATALOGUE, providerEntry } from '../../providers/catalogue.js';
import type { ProviderHostRecord } from '../../providers/registry.js';
import type { GatewayServices } from '../../services.js';
import { addSshKeys, presentOwner } from '../../ssh-keys/store.js';
import type { CreateFields, ParsedQuery, ScmType } from './schemas.js';

// Scalingo's SCM integrations (seed 004) over the integrations plane (src/integrations/): the
// tenant's own integrations that act as a provider account, rendered in Scalingo's shapes. The
// stored token is never part of an answer. This file does all the decisions and database access;
// the router parses and answers.

const ADMINS = ['owner', 'admin'] as const;
/** How many results the searches and lists return: one provider page. */
const PAGE = 100;
/** The most results a search or the organization list answers (ten provider pages). */
export const MAX_RESULTS = 1_000;

const invalid = (field: string, message: string) =>
  gatewayError('INVALID_REQUEST', `${field}: ${message}`);

/** The SCM type of an integration's host: the provider's cloud (a default host of the operator) or self-hosted. */
export function scmTypeOf(host: ProviderHostRecord): ScmType | null {
  const cloud = host.tenantId === null && host.isDefault;
  const types = isProviderId(host.provider) ? providerEntry(host.provider).scmTypes : undefined;
  if (types === undefined) return null;
  return cloud ? types.cloud : types.selfHosted;
}

/** The catalogue entry whose cloud or self-hosted `scm_type` this is (SCM_TYPES holds only those). */
const entryOfType = (type: ScmType) => {
  const entry = PROVIDER_CATALOGUE.find(
    ({ scmTypes }) => scmTypes?.cloud === type || scmTypes?.selfHosted === type,
  );
  if (entry?.scmTypes === undefined) throw invalid('scm_type', `unknown scm_type ${type}`);
  return { id: entry.id, types: entry.scmTypes };
};

const SCM_PROVIDERS = PROVIDER_CATALOGUE.filter(({ scmTypes }) => scmTypes !== undefined).map(
  ({ id }) => id as string,
);

// GitHub App integrations act as an app, not as a user account: they are not SCM integrations.
const rowsWhere = (tenantId: string) => ({
  tenantId,
  customerId: null,
  provider: { in: SCM_PROVIDERS },
  tokenType: { not: 'github_app' },
});

async function findRows(services: GatewayServices, tenantId: string, id?: string) {
  const rows = await services.prisma.connection.findMany({
    where: { ...rowsWhere(tenantId), ...(id === undefined ? {} : { id }) },
    include: { providerHost: true, user: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.flatMap((row) => {
    const scmType = scmTypeOf(row.providerHost);
    return scmType === null ? [] : [{ ...row, scmType }];
  });
}

type ScmRow = Awaited<ReturnType<typeof findRows>>[number];

async function findRow(services: GatewayServices, tenantId: string, id: string): Promise<ScmRow> {
  const [row] = await findRows(services, tenantId, id);
  if (row === undefined) throw gatewayError('RESOURCE_NOT_FOUND', 'No such SCM integration.');
  return row;
}

/** Scalingo's `scm_integration` object, without `access_token`. */
export function presentScmIntegration(row: ScmRow) {
  return {
    id: row.id,
    scm_type: row.scmType,
    url: row.providerHost.webBaseUrl,
    created_at: row.createdAt.toISOString(),
    uid: row.accountId,
    username: row.accountLogin,
    avatar_url: row.accountAvatarUrl,
    email: row.accountEmail,
    profile_url: row.accountProfileUrl,
    owner: row.user === null ? null : presentOwner(row.user),
  };
}

export async function listScmIntegrations(services: GatewayServices, session: SessionUser) {
  return (await findRows(services, session.tenantId)).map(presentScmIntegration);
}

export async function getScmIntegration(
  services: GatewayServices,
  session: SessionUser,
  id: string,
) {
  return presentScmIntegration(await findRow(services, session.tenantId, id));
}

/** What the provider's refusal of a new integration says about which field was wrong. */
function creationError(error: unknown, url: string): unknown {
  if (!ScmError.isInstance(error)) return error;
  if (error.source === 'gateway' && error.code === 'INVALID_REQUEST') return error;
  if (['AUTH_EXPIRED', 'INVALID_CREDENTIALS', 'INSUFFICIENT_SCOPE'].includes(error.code))
    return invalid('access_token', `the instance at ${url} refused the token (${error.message})`);
  if (error.code === 'RATE_LIMITED') return error;
  return invalid(
    'url',
    `no ${error.provider !== null && isProviderId(error.provider) ? (providerEntry(error.provider).scmTypes?.selfHostedName ?? error.provider) : 'provider'} API answered at ${url} (${error.message})`,
  );
}

/**
 * `POST /v1/scm_integrations`: a GitHub Enterprise or self-hosted GitLab instance, named by URL,
 * with a token of its user. The host is checked and registered for the tenant, the account behind
 * the token read from the instance, and the integration stored (token sealed). Everything the
 * caller got wrong is INVALID_REQUEST naming the field (the router answers it with 422).
 */
export async function createScmIntegration(
  services: GatewayServices,
  session: SessionUser,
  body: CreateFields,
) {
  const type = body.scm_type;
  const { id: provider, types } = entryOfType(type);
  if (type === types.cloud)
    throw invalid(
      'scm_type',
      `${type} integrations are created with the OAuth connect flow (GET /v1/auth/${provider}/start), not with this route; it takes ${PROVIDER_CATALOGUE.flatMap(({ scmTypes }) => (scmTypes === undefined ? [] : [scmTypes.selfHosted])).join(' or ')}`,
    );
  let host: ProviderHostRecord;
  try {
    host = await resolveTenantHost(services, {
      tenantId: session.tenantId,
      provider,
      hostUrl: body.url,
      userId: session.user.id,
    });
  } catch (error) {
    if (ScmError.isInstance(error) && error.source === 'gateway')
      throw invalid('url', error.message);
    throw error;
  }
  if (scmTypeOf(host) !== type)
    throw invalid(
      'url',
      `${body.url} is ${types.cloudName}; connect it with the OAuth connect flow (GET /v1/auth/${provider}/start)`,
    );
  const token = body.access_token;
  let scopes: string[] = [];
  let viewer;
  try {
    const support = providerEntry(provider).accessToken;
    if (support !== undefined) {
      const info = await support.scopesOf({
        location: host,
        transport: services.providers.transport(host),
        token,
      });
      if (!info.active) throw invalid('access_token', 'the token is revoked or expired');
      scopes = info.scopes;
    }
    viewer = await services.providers.forToken(host, token).getViewer();
  } catch (error) {
    throw creationError(error, host.webBaseUrl);
  }
  // The same account linked again by its user refreshes that integration; another user's link
  // to it stays theirs (its token is not swapped for this one).
  const linked = await services.prisma.connection.findFirst({
    where: { ...rowsWhere(session.tenantId), providerHostId: host.id, accountId: viewer.id },
    select: { userId: true },
  });
  if (linked !== null && linked.userId !== session.user.id)
    throw invalid(
      'access_token',
      `${viewer.login} on ${host.webBaseUrl} is already linked in this tenant by another user`,
    );
  const connection = await saveIntegration(services, {
    tenantId: session.tenantId,
    customerId: null,
    userId: session.user.id,
    host,
    viewer,
    authMode: 'token',
    tokens: { accessToken: token, refreshToken: null, expiresAt: null, scopes },
    displayName: `${viewer.login} on ${host.host}`,
  });
  return presentScmIntegration(await findRow(services, session.tenantId, connection.id));
}

/** The user who linked an integration, or an owner or admin of the tenant. */
function requireLinkerOrAdmin(session: SessionUser, row: ScmRow, action: string): void {
  if (row.userId === session.user.id) return;
  requireRole(session, ADMINS, `${action} an SCM integration another user linked`);
}

export async function removeScmIntegration(
  services: GatewayServices,
  session: SessionUser,
  id: string,
) {
  const row = await findRow(services, session.tenantId, id);
  requireLinkerOrAdmin(session, row, 'delete');
  await deleteIntegration(services, row.id);
}

/** Runs a provider call as the integration (a refused token turns it `error`). */
function withProvider<T>(
  services: GatewayServices,
  row: ScmRow,
  call: (provider: ScmProvider) => Promise<T>,
): Promise<T> {
  return asIntegration(services, row.id, () => call(services.providers.forConnection(row)));
}

/**
 * Every page of a listing, up to MAX_RESULTS items: Scalingo's searches answer one list, not
 * pages, so the gateway follows the provider's pages (PAGE items each) with core's `paginate`.
 */
function collectPages<T>(
  services: GatewayServices,
  row: ScmRow,
  list: (provider: ScmProvider, page: PageQuery) => Promise<Page<T>>,
): Promise<T[]> {
  return collectAll(
    paginate((page) => withProvider(services, row, (provider) => list(provider, page)), {
      limit: PAGE,
      maxPages: MAX_RESULTS / PAGE,
    }),
  );
}

/**
 * `POST …/:id/import_keys`: the linked account's SSH keys, added to the calling user's account as
 * `<scm_type>-<title>` (a key already there is not added again).
 */
export async function importScmKeys(services: GatewayServices, session: SessionUser, id: string) {
  const row = await findRow(services, session.tenantId, id);
  requireLinkerOrAdmin(session, row, 'import the keys of');
  const keys = await withProvider(services, row, (provider) => provider.listSshKeys());
  return addSshKeys(
    services,
    session.user.id,
    keys.map((key) => ({ name: `${row.scmType}-${key.title ?? key.id}`, content: key.key })),
  );
}

/** Numeric provider ids as numbers (the seed's `"id": 89341704`); others as they are. */
const numericId = (id: string): number | string => (/^\d{1,15}$/.test(id) ? Number(id) : id);

function booleanQualifier(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid('query', `${name}: must be true or false`);
}

/**
 * `search_repos`: keywords (matched in names) and the `fork:` and `user:` qualifiers. Forks are
 * left out unless `fork:true`, as GitHub's repository search does.
 */
export async function searchScmRepositories(
  services: GatewayServices,
  session: SessionUser,
  id: string,
  query: ParsedQuery,
) {
  const row = await findRow(services, session.tenantId, id);
  const fork = booleanQualifier(query.qualifiers.get('fork'), 'fork') ?? false;
  const search = query.keywords.join(' ');
  const repositories = await collectPages(services, row, (provider, page) =>
    provider.listRepositories({
      ...page,
      ...(search === '' ? {} : { search, forks: fork }),
      ...(query.qualifiers.has('user') ? { owner: query.qualifiers.get('user') } : {}),
    }),
  );
  return repositories
    .filter((repo) => fork || !repo.fork)
    .map((repo) => ({
      id: numericId(repo.id),
      name: repo.name,
      fullName: repo.fullName,
      url: repo.webUrl,
      description: repo.description,
    }));
}

/** The API URL of an organization (GitHub) or group (GitLab), as the seed's `url`. */
function organizationApiUrl(row: ScmRow, org: { id: string; login: string }): string {
  const api = row.providerHost.apiBaseUrl.replace(/\/+$/, '');
  const types = isProviderId(row.provider) ? providerEntry(row.provider).scmTypes : undefined;
  return types === undefined ? api : types.organizationUrl(api, org);
}

export async function scmOrganizations(
  services: GatewayServices,
  session: SessionUser,
  id: string,
) {
  const row = await findRow(services, session.tenantId, id);
  const organizations = await collectPages(services, row, (provider, page) =>
    provider.listOrganizations(page),
  );
  return organizations.map((org) => ({
    id: numericId(org.id),
    login: org.login,
    avatarUrl: org.avatarUrl,
    url: organizationApiUrl(row, org),
    description: org.description,
  }));
}

/**
 * `search_pull_requests`: `is:open|closed` (closed as GitHub means it: merged ones included) and
 * `repo:owner/name`; nothing else.
 */
export async function searchScmPullRequests(
  services: GatewayServices,
  session: SessionUser,
  id: string,
  query: ParsedQuery,
) {
  if (query.keywords.length > 0)
    throw invalid(
      'query',
      `takes only the is: and repo: qualifiers, not words (${query.keywords.slice(0, 3).join(', ')})`,
    );
  const state = query.qualifiers.get('is');
  if (state !== undefined && state !== 'open' && state !== 'closed')
    throw invalid('query', 'is: must be open or closed');
  const repo = query.qualifiers.get('repo');
  if (repo !== undefined && !/^[^/\s]+(\/[^/\s]+)+$/.test(repo))
    throw invalid('query', 'repo: must be owner/name');
  const row = await findRow(services, session.tenantId, id);
  const states =
    state === undefined
      ? [undefined]
      : state === 'open'
        ? ['open' as const]
        : ['closed' as const, 'merged' as const];
  const found: PullRequest[] = [];
  for (const wanted of states)
    found.push(
      ...(await collectPages(services, row, (provider, page) =>
        provider.searchPullRequests({
          ...page,
          ...(wanted === undefined ? {} : { state: wanted }),
          ...(repo === undefined ? {} : { repo }),
        }),
      )),
    );
  if (states.length > 1) found.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  return found
    .slice(0, MAX_RESULTS)
    .map((pr) => ({ title: pr.title, number: pr.number, html_url: pr.webUrl }));
}
