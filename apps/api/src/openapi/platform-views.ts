import { z } from 'zod';
import type { FirewallSettings as FirewallSettingsView } from '../firewall-service.js';
import type {
  createGrant,
  introspectToken,
  listGrants,
  listTokens,
  revokeGrant,
  revokeToken,
} from '../routes/admin/service.js';
import { answers } from './route-doc.js';

// Answers of the platform admin routes (grants, tokens, the firewall config), each checked against
// what its service returns.

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const Instant = (what: string) => z.string().describe(`${what} (ISO 8601, UTC).`);
const ISSUED_BY = '`authorization_code`, `client_credentials` or `refresh_token`.';

export const Grant = answers<Answer<typeof createGrant>>()(
  z.object({
    id: z.string().describe('`authz_…`: the authorization.'),
    tenantId: z.string(),
    clientId: z.string(),
    customerId: z.string().nullable().describe('The customer it was granted for, if any.'),
    status: z.string().describe('`active` or `revoked`.'),
    permissions: z.array(z.string()).describe('The scopes granted.'),
    allRepositories: z
      .boolean()
      .describe('Every repository of the connections (no `repositories` were listed).'),
    connectionIds: z.array(z.string()).describe('Sorted.'),
    repositories: z
      .array(
        z.object({
          connectionId: z.string(),
          provider: z.string(),
          repositoryId: z.string(),
          fullName: z.string(),
        }),
      )
      .describe('The repositories it is limited to, by full name (empty with `allRepositories`).'),
    createdAt: Instant('When it was granted'),
    revokedAt: Instant('When it was revoked').nullable(),
  }),
);

/** One grant of the list: the same view. */
export const GrantListed = answers<Answer<typeof listGrants>[number]['view']>()(Grant);

export const GrantRevoked = answers<Answer<typeof revokeGrant>>()(
  Grant.extend({
    revoked: z
      .object({
        accessTokens: z.number().int().describe('Tokens revoked now.'),
        authorizationCodes: z.number().int().describe('Unused codes spent now.'),
      })
      .describe('What this call revoked (zeros when the grant already was).'),
  }),
);

/** A platform token, never its secret or hash. */
export const PlatformToken = answers<Answer<typeof listTokens>[number]['view']>()(
  z.object({
    id: z.string(),
    tenantId: z.string(),
    clientId: z.string(),
    authorizationId: z.string().nullable().describe('The grant it reads through, if any.'),
    issuedBy: z.string().describe(ISSUED_BY),
    permissions: z.array(z.string()),
    expiresAt: Instant('When it expires'),
    revokedAt: Instant('When it was revoked').nullable(),
    createdAt: Instant('When it was issued'),
    active: z
      .boolean()
      .describe('It would authenticate now: live, unexpired, its app and grant live.'),
  }),
);

export const TokenRevoked = answers<Answer<typeof revokeToken>>()(
  PlatformToken.extend({
    revokedNow: z.boolean().describe('false when it already was revoked.'),
  }),
);

export const AdminIntrospection = answers<Answer<typeof introspectToken>>()(
  z
    .union([
      z.object({ active: z.literal(false) }),
      z.object({
        active: z.literal(true),
        id: z.string(),
        tenantId: z.string(),
        clientId: z.string(),
        authorizationId: z.string().nullable(),
        permissions: z.array(z.string()),
        expiresAt: Instant('When it expires'),
        issuedBy: z.string().describe(ISSUED_BY),
        scope: z.string().describe('RFC 7662: the permissions, space-separated.'),
        client_id: z.string().describe('RFC 7662: `clientId`.'),
        token_type: z.literal('Bearer'),
        exp: z.number().int().describe('RFC 7662: expiry, seconds since the epoch.'),
        iat: z.number().int().describe('RFC 7662: issue time, seconds since the epoch.'),
      }),
    ])
    .describe('`{ "active": false }` for anything that would not authenticate now.'),
);

export const FirewallSettings = answers<FirewallSettingsView>()(
  z.object({
    enabled: z.boolean().describe('false: diffs and file contents pass unfiltered.'),
    blockedFilePatterns: z
      .array(z.string())
      .describe('Globs of paths whose diffs and contents are refused.'),
    updatedAt: z
      .string()
      .nullable()
      .describe('When they were last changed (ISO 8601, UTC); null: never, the defaults apply.'),
  }),
);
