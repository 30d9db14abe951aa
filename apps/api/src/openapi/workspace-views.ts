import { z } from 'zod';
import type {
  connectGitHub,
  connectWithAccessToken,
  disconnectIntegration,
  integrationHealth,
  providerActions,
  providerChecks,
  workspaceRepositories,
} from '../routes/workspace-integrations/service.js';
import { WorkspaceIntegration } from './integration-views.js';
import { answers } from './route-doc.js';

// Answers of the workspace integrations routes (seed 002, `/api/integrations/:provider/…`), each
// checked against what its service returns.

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export const WorkspaceConnected = answers<{
  integration: Answer<typeof connectGitHub> | Answer<typeof connectWithAccessToken>;
}>()(
  z.object({
    integration: WorkspaceIntegration.extend({
      webhook: z
        .object({
          url: z
            .string()
            .describe("The gateway's webhook URL to configure at the provider for this account."),
          secret: z
            .string()
            .describe('The generated webhook secret: shown this once, stored sealed.'),
        })
        .optional()
        .describe('Token connects only (not a GitHub App installation).'),
    }),
  }),
);

export const WorkspaceDisconnected = answers<Answer<typeof disconnectIntegration>>()(
  z.object({
    integration: WorkspaceIntegration,
    disabled_subscriptions: z
      .number()
      .int()
      .describe(
        'How many event subscriptions on the integration were turned off (a reconnect leaves them off).',
      ),
  }),
);

const CatalogueItem = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  supported: z
    .boolean()
    .describe("Whether this provider's adapter has the operation the item needs."),
});

export const WorkspaceChecks = answers<{ checks: ReturnType<typeof providerChecks> }>()(
  z.object({
    checks: z
      .array(CatalogueItem)
      .describe(
        'Every check, in order: `branch_protection`, `ci_status`, `pull_request_reviews`, `deployments`.',
      ),
  }),
);

export const WorkspaceActions = answers<{ actions: ReturnType<typeof providerActions> }>()(
  z.object({
    actions: z
      .array(CatalogueItem)
      .describe('Every action, in order: `label`, `comment`, `commit_status`, `notify`.'),
  }),
);

const HealthBase = {
  latency_ms: z
    .number()
    .int()
    .nullable()
    .describe('How long the check took; null when nothing was called.'),
  rate_limit_remaining: z
    .number()
    .int()
    .nullable()
    .describe("The provider's remaining rate limit on the last call; null when it sends none."),
  token_expires_at: z
    .string()
    .nullable()
    .describe("ISO 8601 time the stored token expires; null when it does not (or isn't known)."),
};

export const WorkspaceHealth = answers<Answer<typeof integrationHealth>>()(
  z.discriminatedUnion('healthy', [
    z.object({ healthy: z.literal(true), ...HealthBase }),
    z.object({
      healthy: z.literal(false),
      ...HealthBase,
      reason: z
        .string()
        .describe('Why: not connected, installation removed or suspended, or the provider error.'),
    }),
  ]),
);

export const WorkspaceRepos = answers<Answer<typeof workspaceRepositories>>()(
  z.object({
    repos: z.array(
      z.object({
        id: z.string().describe("The provider's repository id."),
        name: z.string().describe('The full name, `owner/name`.'),
        private: z.boolean().describe('Private or internal.'),
      }),
    ),
    total: z.number().int().describe('How many repositories match `search`, on every page.'),
    page: z.number().int(),
    per_page: z.number().int(),
  }),
);
