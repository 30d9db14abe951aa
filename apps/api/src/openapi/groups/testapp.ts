import {
  CallbackQuery,
  ConfigForm,
  CsrfForm,
  ScenarioQuery,
} from '../../routes/testapp/schemas.js';
import type { ResponseDoc, RouteDoc, RouteGroup } from '../route-doc.js';
import { UndescribedObject } from '../components.js';

// The hosted integration sandbox (routes/testapp): pages and forms of a browser whose sandbox
// state is an encrypted HttpOnly cookie; the live probes answer JSON to `Accept: application/json`.

const BROWSER = { kind: 'browser' } as const;
const PAGE = { status: 200, kind: 'html', description: 'The page.' } as const;
const SEE_OTHER = { status: 303, kind: 'redirect', description: 'On to the next page.' } as const;
const probe = (description: string): ResponseDoc[] => [
  { status: 200, kind: 'html', description: `${description} (HTML tables).` },
  {
    status: 200,
    kind: 'json',
    description: `${description}, to \`Accept: application/json\`.`,
    schema: UndescribedObject,
  },
];
const live = (path: string, summary: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  method: 'get',
  path,
  summary,
  auth: BROWSER,
  responses: probe(summary),
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
    live('/testapp/live/commit-metrics', 'Commit metrics of the granted repositories'),
    live(
      '/testapp/live/endpoint-suite',
      'Every unified endpoint called for a sample repository: status, latency, items',
    ),
    live('/testapp/live/repository-scenario', 'One repository walked as an app would', {
      query: ScenarioQuery,
    }),
  ],
};
