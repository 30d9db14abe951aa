import {
  CallbackQuery,
  ConfigForm,
  CsrfForm,
  ScenarioQuery,
} from '../../routes/testapp/schemas.js';
import { z } from 'zod';
import type {
  runCommitMetrics,
  runEndpointSuite,
  runRepositoryScenario,
} from '../../routes/testapp/probes.js';
import { answers, type ResponseDoc, type RouteDoc, type RouteGroup } from '../route-doc.js';

// The hosted integration sandbox (routes/testapp): pages and forms of a browser whose sandbox
// state is an encrypted HttpOnly cookie; the live probes answer JSON to `Accept: application/json`.

const BROWSER = { kind: 'browser' } as const;
const PAGE = { status: 200, kind: 'html', description: 'The page.' } as const;
const SEE_OTHER = { status: 303, kind: 'redirect', description: 'On to the next page.' } as const;
type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/** One call a probe made to the unified API: never a token, never a response body. */
const ProbeCall = z.object({
  label: z.string().describe('The unified endpoint key (`repositories.commits`…) or step name.'),
  method: z.string(),
  path: z
    .string()
    .describe('The path called, with its query; the route template when it was not called.'),
  status: z.number().int().nullable().describe('The HTTP status; null when not called.'),
  ms: z.number().int().nullable().describe('Latency in milliseconds; null when not called.'),
  items: z
    .number()
    .int()
    .nullable()
    .describe("Items in a collection's `data`, 1 for one object; null when not called or failed."),
  note: z
    .string()
    .describe('Why it was not called, the error code and message of a failure, or empty.'),
});

const RepositoryRef = z
  .object({ provider: z.string(), repoId: z.string() })
  .describe("The repository probed (the unified listing's provider and id).");

const CommitMetrics = answers<Answer<typeof runCommitMetrics>>()(
  z.object({
    listing: ProbeCall.describe('The call that listed the granted repositories.'),
    rows: z.array(
      z.object({
        provider: z.string(),
        repoId: z.string(),
        fullName: z.string(),
        status: z.number().int().describe("The status of the repository's commits call."),
        ms: z.number().int(),
        commits: z.number().int().describe("Commits on the default branch's first page (≤ 100)."),
        more: z.boolean().describe('There are more commits than that page.'),
        authors: z.number().int().describe('Distinct authors on that page.'),
        latest: z.string().nullable().describe('The newest commit date on that page (ISO 8601).'),
        note: z.string(),
      }),
    ),
    total: z.number().int().describe('Granted repositories (the rows are the first 20).'),
  }),
);

const EndpointSuite = answers<Answer<typeof runEndpointSuite>>()(
  z.object({
    repository: RepositoryRef.nullable().describe(
      'The sample repository; null: the token reaches none.',
    ),
    repositoryName: z.string().nullable(),
    calls: z.array(ProbeCall).describe('One per unified endpoint, in route table order.'),
  }),
);

const RepositoryScenario = answers<Answer<typeof runRepositoryScenario>>()(
  z.object({
    repository: RepositoryRef.nullable().describe('null: the token reaches no repository.'),
    steps: z.array(
      z.object({
        call: ProbeCall,
        facts: z
          .array(z.tuple([z.string(), z.string()]))
          .describe('What the step found, as `[label, value]` pairs (empty when it failed).'),
      }),
    ),
  }),
);

const probe = (description: string, schema: z.ZodType): ResponseDoc[] => [
  { status: 200, kind: 'html', description: `${description} (HTML tables).` },
  {
    status: 200,
    kind: 'json',
    description: `${description}, to \`Accept: application/json\`.`,
    schema,
  },
];
const live = (
  path: string,
  summary: string,
  schema: z.ZodType,
  extra: Partial<RouteDoc> = {},
): RouteDoc => ({
  method: 'get',
  path,
  summary,
  auth: BROWSER,
  responses: probe(summary, schema),
  errors: ['AUTH_EXPIRED', 'UPSTREAM_UNAVAILABLE'],
  ...extra,
});

export const TESTAPP_GROUP: RouteGroup = {
  name: 'Test app sandbox',
  audience: 'testapp session cookie (encrypted, HttpOnly)',
  description:
    "A developer's own app run through the OAuth flow against this gateway, then live probes of the unified API with its token. The sandbox calls only this gateway's public URL.",
  routes: [
    {
      method: 'get',
      path: '/testapp',
      summary: 'The sandbox page: configure an app, authorize it, run the live probes.',
      auth: BROWSER,
      responses: [PAGE],
    },
    {
      method: 'post',
      path: '/testapp/config',
      summary:
        "Saves the app's credentials and starts the authorization (PKCE) at /oauth/authorize.",
      auth: BROWSER,
      body: { schema: ConfigForm, type: 'form' },
      responses: [SEE_OTHER],
    },
    {
      method: 'post',
      path: '/testapp/disconnect',
      summary: "Revokes the sandbox's tokens (RFC 7009) and forgets them.",
      auth: BROWSER,
      body: { schema: CsrfForm, type: 'form' },
      responses: [SEE_OTHER],
      errors: ['UPSTREAM_UNAVAILABLE'],
    },
    {
      method: 'get',
      path: '/testapp/callback',
      summary: 'The redirect URI of the sandbox: checks `state`, exchanges the code for tokens.',
      auth: BROWSER,
      query: CallbackQuery,
      responses: [SEE_OTHER],
      errors: ['UPSTREAM_UNAVAILABLE'],
    },
    live(
      '/testapp/live/commit-metrics',
      'Commit metrics of the granted repositories',
      CommitMetrics,
    ),
    live(
      '/testapp/live/endpoint-suite',
      'Every unified endpoint called for a sample repository: status, latency, items',
      EndpointSuite,
    ),
    live(
      '/testapp/live/repository-scenario',
      'One repository walked as an app would',
      RepositoryScenario,
      { query: ScenarioQuery },
    ),
  ],
};
