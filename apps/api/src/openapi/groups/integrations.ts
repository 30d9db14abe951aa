import { z } from 'zod';
import {
  CallbackQuery,
  CompleteBody,
  IdParams,
  InstalledQuery,
  ProviderParams,
  StartBody,
  StateQuery,
} from '../../routes/integrations/schemas.js';
import { CreateTokenBody, TokenIdParams } from '../../routes/personal-tokens/schemas.js';
import {
  CreateBody as ScmCreateBody,
  IdParams as ScmIdParams,
  SearchInput,
} from '../../routes/scm-integrations/schemas.js';
import {
  GitHubConnectBody,
  ProviderParams as WorkspaceProviderParams,
  ReposQuery,
  TokenConnectBody,
} from '../../routes/workspace-integrations/schemas.js';
import { ScanOrgBody, ScanResultsQuery } from '../../routes/workspace-integrations/scan-schemas.js';
import {
  ScanCacheInvalidated,
  ScanPermissions,
  ScanProgress,
  ScanResults,
  ScanStarted,
  ScanStatus,
} from '../scan-views.js';
import {
  Installation,
  Integration,
  IntegrationConnected,
  IntegrationRepository,
  IntegrationStarted,
  IntegrationWebhookSecret,
  PersonalTokenCreated,
  PersonalTokens,
  ScmIntegration,
  ScmOrganizations,
  ScmPullRequests,
  ScmRepositories,
  SshKey,
  WorkspaceIntegration,
} from '../integration-views.js';
import {
  WorkspaceActions,
  WorkspaceChecks,
  WorkspaceConnected,
  WorkspaceDisconnected,
  WorkspaceHealth,
  WorkspaceRepos,
} from '../workspace-views.js';
import type { ResponseDoc, RouteDoc, RouteGroup } from '../route-doc.js';
import { SCM_EXAMPLES } from '../scm-examples.js';

// The integrations of a tenant: Oore CI's (GitHub App manifest, GitLab), Scalingo's SCM links and
// SSH keys, and the workspace integrations with the GitHub organization scan.

const SESSION = { kind: 'session' } as const;
const UPSTREAM = ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'RATE_LIMITED'] as const;

function json(status: number, description: string, schema: z.ZodType) {
  return { status, kind: 'json', description, schema } satisfies ResponseDoc;
}
const PAGE = { status: 200, kind: 'html', description: 'A page for the browser.' } as const;
const REDIRECT = { status: 302, kind: 'redirect', description: 'On to the next step.' } as const;

const complete = (path: string, summary: string): RouteDoc => ({
  method: 'post',
  path,
  summary,
  auth: SESSION,
  params: ProviderParams,
  body: { schema: CompleteBody, type: 'json' },
  responses: [
    json(
      201,
      'The integration; `install_url` when the GitHub App is still to be installed.',
      Integration.extend({ install_url: z.string().optional() }),
    ),
  ],
  // A state from another session or user (INSUFFICIENT_SCOPE), an expired one (AUTH_EXPIRED).
  errors: [
    'UNSUPPORTED_PROVIDER',
    'RESOURCE_NOT_FOUND',
    'INSUFFICIENT_SCOPE',
    'AUTH_EXPIRED',
    ...UPSTREAM,
  ],
});

export const INTEGRATIONS_GROUP: RouteGroup = {
  name: 'Integrations (Oore CI)',
  audience:
    'user session; mutations need owner or admin; browser steps are bound to the browser that opened the link',
  description: 'GitHub Apps from a manifest and GitLab applications or tokens, per tenant.',
  routes: [
    {
      method: 'post',
      path: '/v1/integrations/:provider/start',
      summary: 'Starts connecting a provider: answers the URL to open in the browser.',
      auth: SESSION,
      params: ProviderParams,
      body: { schema: StartBody, type: 'json' },
      responses: [
        json(200, 'The next step: a flow to finish in the browser.', IntegrationStarted),
        json(
          201,
          'Connected at once (token mode), with the webhook URL and its secret, shown once.',
          IntegrationConnected,
        ),
      ],
      errors: ['UNSUPPORTED_PROVIDER', 'INSUFFICIENT_SCOPE', ...UPSTREAM],
    },
    {
      method: 'get',
      path: '/v1/integrations/:provider/create',
      summary:
        "The browser step that posts the GitHub App manifest to GitHub (or redirects to the provider's authorize page). A browser signed in here as the person who started the flow goes on by itself; one not signed in is first shown who asked and for which workspace, and nothing is bound until that page's button is posted (POST on this path); one signed in as anyone else is refused (AUTH_REQUIRED) and the link stays unused.",
      auth: { kind: 'browser' },
      params: ProviderParams,
      query: StateQuery,
      responses: [PAGE, REDIRECT],
      errors: ['UNSUPPORTED_PROVIDER', 'AUTH_REQUIRED'],
    },
    {
      method: 'post',
      path: '/v1/integrations/:provider/create',
      summary:
        "The confirmation page's button (a browser not signed in here): binds the flow to this browser and goes on as the signed-in starter's GET does. Only the gateway's own page may send it (Sec-Fetch-Site: same-origin, or Origin naming the gateway).",
      auth: { kind: 'browser' },
      params: ProviderParams,
      body: { type: 'form', schema: StateQuery },
      responses: [
        { ...PAGE, description: 'The manifest form, posted to the provider by itself.' },
        { status: 303, kind: 'redirect', description: "To the provider's authorize page." },
      ],
      errors: ['INVALID_REQUEST', 'UNSUPPORTED_PROVIDER', 'AUTH_REQUIRED'],
    },
    {
      method: 'get',
      path: '/v1/integrations/:provider/callback',
      summary: "The provider's redirect back (manifest code or OAuth code).",
      auth: { kind: 'browser' },
      params: ProviderParams,
      query: CallbackQuery,
      responses: [PAGE, REDIRECT, { status: 303, kind: 'redirect', description: 'To return_to.' }],
      errors: ['UNSUPPORTED_PROVIDER', ...UPSTREAM],
    },
    complete('/v1/integrations/:provider/complete', 'Completes a flow from its code and state.'),
    complete('/v1/integrations/:provider/authorize', 'The same as `complete` (seed alias).'),
    {
      method: 'get',
      path: '/v1/integrations/:provider/installed',
      summary: "GitHub's redirect after an app installation.",
      auth: { kind: 'browser' },
      params: ProviderParams,
      query: InstalledQuery,
      responses: [PAGE, { status: 303, kind: 'redirect', description: 'To return_to.' }],
      errors: ['UNSUPPORTED_PROVIDER', 'INSTALLATION_NOT_FOUND', 'INSUFFICIENT_SCOPE', ...UPSTREAM],
    },
    {
      method: 'get',
      path: '/v1/integrations',
      summary: "The tenant's integrations.",
      auth: SESSION,
      responses: [json(200, 'Every integration.', z.array(Integration))],
    },
    {
      method: 'get',
      path: '/v1/integrations/:id',
      summary: 'One integration.',
      auth: SESSION,
      params: IdParams,
      responses: [json(200, 'It.', Integration)],
      errors: ['RESOURCE_NOT_FOUND'],
    },
    {
      method: 'delete',
      path: '/v1/integrations/:id',
      summary: 'Removes an integration.',
      auth: SESSION,
      params: IdParams,
      responses: [json(200, 'Removed.', Integration.extend({ status: z.literal('revoked') }))],
      errors: ['RESOURCE_NOT_FOUND', 'INSUFFICIENT_SCOPE'],
    },
    {
      method: 'get',
      path: '/v1/integrations/:id/repositories',
      summary: 'The repositories the integration reaches.',
      auth: SESSION,
      params: IdParams,
      responses: [json(200, 'Its repositories.', z.array(IntegrationRepository))],
      errors: ['RESOURCE_NOT_FOUND', ...UPSTREAM],
    },
    {
      method: 'post',
      path: '/v1/integrations/:id/webhook-secret',
      summary:
        'A new webhook secret for hooks set up by hand (seed 001\'s "Secret token"): an OAuth-mode GitLab integration\'s first, or a replacement. Owner or admin; GitLab and Azure DevOps integrations only.',
      auth: SESSION,
      params: IdParams,
      responses: [json(200, 'The URL and secret, shown this once.', IntegrationWebhookSecret)],
      errors: ['RESOURCE_NOT_FOUND', 'INSUFFICIENT_SCOPE', 'INVALID_REQUEST'],
    },
    {
      method: 'get',
      path: '/v1/integrations/:id/installations',
      summary: "The GitHub App's installations, as stored.",
      auth: SESSION,
      params: IdParams,
      responses: [json(200, 'Its installations.', z.array(Installation))],
      errors: ['RESOURCE_NOT_FOUND'],
    },
    {
      method: 'post',
      path: '/v1/integrations/:id/installations',
      summary: "Re-reads the GitHub App's installations from GitHub.",
      auth: SESSION,
      params: IdParams,
      responses: [json(200, 'Its installations.', z.array(Installation))],
      errors: ['RESOURCE_NOT_FOUND', 'INSUFFICIENT_SCOPE', ...UPSTREAM],
    },
  ],
};

const scm = (
  method: 'get' | 'post',
  path: string,
  summary: string,
  extra: Partial<RouteDoc> & Pick<RouteDoc, 'responses'>,
): RouteDoc => ({
  method,
  path,
  summary,
  auth: SESSION,
  invalidStatus: 422,
  errors: ['RESOURCE_NOT_FOUND'],
  ...extra,
});

/** A search (`?query=` in the URL; a POST may send `{ "query": … }` instead), or a plain list. */
const search = <S extends z.ZodType>(
  method: 'get' | 'post',
  path: string,
  summary: string,
  schema: S,
  example: z.infer<S>,
  input: 'query' | 'none' = 'query',
): RouteDoc =>
  scm(method, path, summary, {
    params: ScmIdParams,
    ...(input === 'none'
      ? {}
      : method === 'get'
        ? { query: SearchInput }
        : { query: SearchInput, body: { schema: SearchInput, type: 'json' } }),
    responses: [{ ...json(200, 'The results.', schema), example }],
    errors: ['RESOURCE_NOT_FOUND', ...UPSTREAM],
  });

export const SCM_INTEGRATIONS_GROUP: RouteGroup = {
  name: 'SCM integrations (Scalingo)',
  audience:
    'user session; invalid input is 422; deleting or importing keys of another user’s link needs owner or admin',
  description: "A user's links to SCM accounts by token, their searches, and imported SSH keys.",
  routes: [
    scm('get', '/v1/scm_integrations', 'The links visible to the user.', {
      responses: [json(200, 'The links.', z.object({ scm_integrations: z.array(ScmIntegration) }))],
      errors: [],
    }),
    scm('post', '/v1/scm_integrations', 'Links an SCM account by token.', {
      body: { schema: ScmCreateBody, type: 'json' },
      responses: [json(201, 'The link.', z.object({ scm_integration: ScmIntegration }))],
      // The provider's refusals name the field at fault (422): only its rate limit passes through.
      errors: ['RATE_LIMITED'],
    }),
    scm('get', '/v1/scm_integrations/:id', 'One link.', {
      params: ScmIdParams,
      responses: [json(200, 'The link.', z.object({ scm_integration: ScmIntegration }))],
    }),
    {
      method: 'delete',
      path: '/v1/scm_integrations/:id',
      summary: 'Removes a link.',
      auth: SESSION,
      invalidStatus: 422,
      params: ScmIdParams,
      responses: [{ status: 204, kind: 'empty', description: 'Removed.' }],
      errors: ['RESOURCE_NOT_FOUND', 'INSUFFICIENT_SCOPE'],
    },
    scm('post', '/v1/scm_integrations/:id/import_keys', "Imports the account's SSH keys.", {
      params: ScmIdParams,
      responses: [json(201, 'The imported keys.', z.object({ keys: z.array(SshKey) }))],
      errors: ['RESOURCE_NOT_FOUND', 'INSUFFICIENT_SCOPE', ...UPSTREAM],
    }),
    ...(['get', 'post'] as const).flatMap((method) => [
      search(
        method,
        '/v1/scm_integrations/:id/search_repos',
        'Searches repositories.',
        ScmRepositories,
        SCM_EXAMPLES.repositories,
      ),
      search(
        method,
        '/v1/scm_integrations/:id/orgs',
        "The account's organizations.",
        ScmOrganizations,
        SCM_EXAMPLES.organizations,
        'none',
      ),
      search(
        method,
        '/v1/scm_integrations/:id/search_pull_requests',
        'Searches pull requests.',
        ScmPullRequests,
        SCM_EXAMPLES.pullRequests,
      ),
    ]),
    {
      method: 'get',
      path: '/v1/tokens',
      summary: "The user's personal API tokens in this workspace (never their values).",
      auth: SESSION,
      responses: [json(200, 'The tokens.', z.object({ tokens: PersonalTokens }))],
    },
    {
      method: 'post',
      path: '/v1/tokens',
      summary: 'Creates a personal API token (`sggpt_…`), shown once; it acts as the user here.',
      description:
        'Managed from a signed-in session only: a personal token cannot create or revoke tokens (INSUFFICIENT_SCOPE).',
      auth: SESSION,
      body: { schema: CreateTokenBody, type: 'json' },
      responses: [json(201, 'The token.', z.object({ token: PersonalTokenCreated }))],
      errors: ['INSUFFICIENT_SCOPE'],
    },
    {
      method: 'delete',
      path: '/v1/tokens/:id',
      summary: 'Revokes a personal API token.',
      auth: SESSION,
      params: TokenIdParams,
      responses: [{ status: 204, kind: 'empty', description: 'Revoked.' }],
      errors: ['INSUFFICIENT_SCOPE', 'RESOURCE_NOT_FOUND'],
    },
    {
      method: 'get',
      path: '/v1/ssh_keys',
      summary: "The user's imported SSH keys.",
      auth: SESSION,
      responses: [json(200, 'The keys.', z.object({ keys: z.array(SshKey) }))],
    },
    {
      method: 'get',
      path: '/v1/ssh_keys/:id',
      summary: 'One SSH key.',
      auth: SESSION,
      params: ScmIdParams,
      responses: [json(200, 'The key.', z.object({ key: SshKey }))],
      errors: ['RESOURCE_NOT_FOUND'],
    },
    {
      method: 'delete',
      path: '/v1/ssh_keys/:id',
      summary: 'Deletes an SSH key.',
      auth: SESSION,
      params: ScmIdParams,
      responses: [{ status: 204, kind: 'empty', description: 'Deleted.' }],
      errors: ['RESOURCE_NOT_FOUND'],
    },
  ],
};

const scan = (
  method: 'get' | 'post',
  path: string,
  summary: string,
  answer: z.ZodType,
): RouteDoc => ({
  method,
  path,
  summary,
  auth: SESSION,
  responses: [json(200, 'The answer.', answer)],
  // RESOURCE_NOT_FOUND: no GitHub integration connected (and, for progress, no scan yet).
  errors: ['RESOURCE_NOT_FOUND', 'INSTALLATION_NOT_FOUND', 'INSUFFICIENT_SCOPE'],
});

export const WORKSPACE_GROUP: RouteGroup = {
  name: 'Workspace integrations',
  audience:
    'user session (the workspace is the tenant); connect, disconnect and the organization scan need owner or admin',
  description: "The workspace's provider integrations and the GitHub organization scan.",
  routes: [
    {
      ...scan(
        'post',
        '/api/integrations/github/scan-org',
        'Starts the organization scan.',
        ScanStarted,
      ),
      body: { schema: ScanOrgBody, type: 'json' },
      invalidStatus: 422,
      responses: [
        json(202, 'Started.', ScanStarted),
        json(200, 'Already running: that scan.', ScanStarted),
      ],
      errors: ['RESOURCE_NOT_FOUND', 'INSTALLATION_NOT_FOUND', 'INSUFFICIENT_SCOPE', ...UPSTREAM],
    },
    scan(
      'get',
      '/api/integrations/github/scan-progress',
      'The latest scan not invalidated (running, completed or failed): its progress.',
      ScanProgress,
    ),
    scan(
      'get',
      '/api/integrations/github/scan-permissions',
      'What the installation may read.',
      ScanPermissions,
    ),
    scan(
      'post',
      '/api/integrations/github/scan-cache/invalidate',
      'Forgets cached scan reads.',
      ScanCacheInvalidated,
    ),
    scan('get', '/api/integrations/github/scan-status', 'The last scan: its status.', ScanStatus),
    {
      ...scan('get', '/api/integrations/github/scan-results', 'The findings, paged.', ScanResults),
      query: ScanResultsQuery,
    },
    {
      method: 'get',
      path: '/api/integrations',
      summary: "The workspace's integrations, one per provider.",
      auth: SESSION,
      responses: [
        json(200, 'One per provider.', z.object({ integrations: z.array(WorkspaceIntegration) })),
      ],
    },
    {
      method: 'post',
      path: '/api/integrations/:provider/connect',
      summary: 'Connects a provider: a GitHub App installation, or a token.',
      auth: SESSION,
      params: WorkspaceProviderParams,
      body: { schema: z.union([GitHubConnectBody, TokenConnectBody]), type: 'json' },
      invalidStatus: 422,
      responses: [
        json(
          200,
          "Connected; with a token, `webhook` is the gateway's webhook URL and its secret, shown once.",
          WorkspaceConnected,
        ),
      ],
      errors: ['UNSUPPORTED_PROVIDER', 'INSUFFICIENT_SCOPE', 'INVALID_CREDENTIALS', ...UPSTREAM],
    },
    ...(['disconnect'] as const).map((action): RouteDoc => ({
      method: 'post',
      path: `/api/integrations/:provider/${action}`,
      summary: 'Disconnects the provider.',
      auth: SESSION,
      params: WorkspaceProviderParams,
      responses: [json(200, 'Disconnected.', WorkspaceDisconnected)],
      errors: ['UNSUPPORTED_PROVIDER', 'INSUFFICIENT_SCOPE', 'RESOURCE_NOT_FOUND'],
    })),
    ...(
      [
        ['checks', 'The checks the provider integration runs.', 'Its checks.', WorkspaceChecks],
        ['actions', 'What the integration can do.', 'Its actions.', WorkspaceActions],
        [
          'health',
          "The integration's health, checked against the provider.",
          'Healthy or not (a provider fault is `healthy: false` with the reason, never an error).',
          WorkspaceHealth,
        ],
      ] as const
    ).map(([action, summary, answer, schema]): RouteDoc => ({
      method: 'get',
      path: `/api/integrations/:provider/${action}`,
      summary,
      auth: SESSION,
      params: WorkspaceProviderParams,
      responses: [json(200, answer, schema)],
      errors: ['UNSUPPORTED_PROVIDER'],
    })),
    {
      method: 'get',
      path: '/api/integrations/:provider/repos',
      summary: 'The repositories the integration reaches, paged.',
      auth: SESSION,
      params: WorkspaceProviderParams,
      query: ReposQuery,
      responses: [
        {
          ...json(200, 'One page.', WorkspaceRepos),
          example: {
            repos: [
              { id: '123', name: 'acme/api', private: true },
              { id: '456', name: 'acme/api-docs', private: false },
            ],
            total: 2,
            page: 1,
            per_page: 30,
          } satisfies z.infer<typeof WorkspaceRepos>,
        },
      ],
      errors: ['UNSUPPORTED_PROVIDER', 'RESOURCE_NOT_FOUND', ...UPSTREAM],
    },
  ],
};
