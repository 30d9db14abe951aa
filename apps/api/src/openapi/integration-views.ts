import { z } from 'zod';
import type {
  presentInstallation,
  presentIntegration,
  issueWebhookSecret,
  presentRepository,
  startIntegration,
} from '../routes/integrations/service.js';
import type {
  presentScmIntegration,
  scmOrganizations,
  searchScmPullRequests,
  searchScmRepositories,
} from '../routes/scm-integrations/service.js';
import type { createPersonalToken, listPersonalTokens } from '../routes/personal-tokens/service.js';
import type { presentLink } from '../routes/workspace-integrations/service.js';
import type { presentSshKey } from '../ssh-keys/store.js';
import { answers } from './route-doc.js';

// Answers of the integrations routes (Oore CI's and Scalingo's), each checked against its
// presenter's return type.

export const Integration = answers<ReturnType<typeof presentIntegration>>()(
  z.object({
    id: z.string(),
    provider: z.string(),
    host_url: z.string(),
    auth_mode: z.string(),
    status: z.string(),
    status_reason: z.string().nullable(),
    display_name: z.string(),
    app_id: z.string().nullable(),
    app_slug: z.string().nullable(),
    account: z.object({
      id: z.string(),
      username: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      avatar_url: z.string().nullable(),
      profile_url: z.string().nullable(),
    }),
    created_by: z.string().nullable(),
    created_at: z.number().describe('Unix seconds.'),
    updated_at: z.number().describe('Unix seconds.'),
  }),
);

type Started = Awaited<ReturnType<typeof startIntegration>>['body'];

const FlowStarted = z.object({
  url: z
    .string()
    .describe(
      "The gateway's link to open in the browser: it binds the flow to that browser, then goes on to the provider.",
    ),
  state: z.string().describe('The flow: `complete` (or `authorize`) takes it back with the code.'),
  expires_at: z.number().int().describe('Unix seconds: when the flow (and `url`) expire.'),
});

/** 200 of `POST /v1/integrations/:provider/start`: a flow to finish in the browser. */
export const IntegrationStarted = answers<Exclude<Started, { webhook_url: string }>>()(
  z.union([
    FlowStarted.extend({
      authorize_url: z
        .string()
        .describe(
          "OAuth mode: the provider's authorize URL (PKCE), for a front end that redirects itself.",
        ),
      redirect_uri: z
        .string()
        .describe("OAuth mode: the gateway's callback, to register on the OAuth application."),
    }).describe('OAuth mode (GitLab with `application_id` and `secret`).'),
    FlowStarted.describe('GitHub: the app manifest flow (the link posts the manifest to GitHub).'),
  ]),
);

/** 201 of `POST /v1/integrations/:provider/start`: token mode connects at once. */
export const IntegrationConnected = answers<Extract<Started, { webhook_url: string }>>()(
  Integration.extend({
    webhook_url: z.string().describe("The gateway's webhook URL to configure at the provider."),
    webhook_secret: z
      .string()
      .describe('The generated webhook secret: shown this once, stored sealed.'),
  }),
);

/** 200 of `POST /v1/integrations/:id/webhook-secret`. */
export const IntegrationWebhookSecret = answers<Awaited<ReturnType<typeof issueWebhookSecret>>>()(
  z.object({
    webhook_url: z.string().describe("The gateway's webhook URL to configure at the provider."),
    webhook_secret: z
      .string()
      .describe(
        'The secret token to set on the hooks: shown this once, stored sealed; the previous one stops working.',
      ),
  }),
);

export const IntegrationRepository = answers<ReturnType<typeof presentRepository>>()(
  z.object({
    id: z.string(),
    name: z.string(),
    full_name: z.string(),
    url: z.string(),
    visibility: z.enum(['public', 'private', 'internal']),
    default_branch: z.string().nullable(),
    clone_url: z.string().nullable(),
    ssh_url: z.string().nullable(),
    archived: z.boolean(),
  }),
);

export const Installation = answers<ReturnType<typeof presentInstallation>>()(
  z.object({
    id: z.string(),
    account: z.object({ id: z.string().nullable(), login: z.string(), type: z.string() }),
    repository_selection: z.string(),
    suspended: z.boolean(),
    suspended_at: z.number().nullable(),
    permissions: z.record(z.string(), z.string()),
    events: z.array(z.string()),
    last_synced_at: z.number(),
  }),
);

const Owner = z.object({ id: z.string(), email: z.string(), username: z.string() });

export const ScmIntegration = answers<ReturnType<typeof presentScmIntegration>>()(
  z.object({
    id: z.string(),
    scm_type: z.string(),
    url: z.string(),
    created_at: z.string(),
    uid: z.string(),
    username: z.string(),
    avatar_url: z.string().nullable(),
    email: z.string().nullable(),
    profile_url: z.string().nullable(),
    owner: Owner.nullable(),
  }),
);

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/** Scalingo's ids: numeric provider ids as numbers (as the seed shows them), others as strings. */
const ProviderId = z
  .union([z.number().int(), z.string()])
  .describe("The provider's id: a number when it is numeric (GitHub, GitLab), else a string.");

export const ScmRepositories = answers<{ repositories: Answer<typeof searchScmRepositories> }>()(
  z.object({
    repositories: z
      .array(
        z.object({
          id: ProviderId,
          name: z.string(),
          fullName: z.string().describe('`owner/name` (GitLab: `group/sub/project`).'),
          url: z.string().describe("The repository's web page."),
          description: z.string().nullable(),
        }),
      )
      .describe('Every match, up to 1000 (no pages).'),
  }),
);

export const ScmOrganizations = answers<{ organizations: Answer<typeof scmOrganizations> }>()(
  z.object({
    organizations: z
      .array(
        z.object({
          id: ProviderId,
          login: z.string(),
          avatarUrl: z.string().nullable(),
          url: z.string().describe("The organization's (GitLab: group's) API URL."),
          description: z.string().nullable(),
        }),
      )
      .describe("The account's organizations (GitHub) or groups (GitLab), up to 1000."),
  }),
);

export const ScmPullRequests = answers<{ pull_requests: Answer<typeof searchScmPullRequests> }>()(
  z.object({
    pull_requests: z
      .array(
        z.object({
          title: z.string(),
          number: z.number().int().describe('Its number in the repository (GitLab: the iid).'),
          html_url: z.string().describe('Its web page.'),
        }),
      )
      .describe('Every match, newest first when both closed and merged are asked, up to 1000.'),
  }),
);

export const SshKey = answers<ReturnType<typeof presentSshKey>>()(
  z.object({
    id: z.string(),
    name: z.string(),
    content: z.string(),
    fingerprint: z.string(),
    created_at: z.string(),
    owner: Owner,
  }),
);

const PersonalToken = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});

export const PersonalTokens = answers<Awaited<ReturnType<typeof listPersonalTokens>>>()(
  z.array(PersonalToken),
);

export const PersonalTokenCreated = answers<Awaited<ReturnType<typeof createPersonalToken>>>()(
  PersonalToken.extend({
    token: z.string().describe('Shown once: `sggpt_…`, sent as `Authorization: Bearer`.'),
  }),
);

export const WorkspaceIntegration = answers<ReturnType<typeof presentLink>>()(
  z.object({
    id: z.string(),
    provider: z.string(),
    status: z.string().describe('`connected`, `disconnected`, or `error` (see status_reason).'),
    status_reason: z.string().nullable(),
    account_login: z.string(),
    installation_id: z.string().nullable(),
    integration_id: z.string(),
    auth_mode: z.string(),
    host_url: z.string(),
    connected_at: z.string(),
    disconnected_at: z.string().nullable(),
  }),
);
