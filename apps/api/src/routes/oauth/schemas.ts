import { z } from 'zod';

export const AuthorizeQuerySchema = z.object({
  response_type: z.string().optional(),
  client_id: z.string().min(1).max(200),
  redirect_uri: z.string().min(1).max(2048),
  scope: z.string().max(2000).optional(),
  state: z.string().max(1024).optional(),
  customer_ref: z.string().min(1).max(200).optional(),
  customer_name: z.string().min(1).max(200).optional(),
  code_challenge: z.string().min(43).max(128).optional(),
  code_challenge_method: z.string().optional(),
});

export const ApproveSchema = z.object({
  request: z.string().min(1).max(4096),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
  repository: z.union([z.string(), z.array(z.string())]).optional(),
});

/**
 * `POST /oauth/token` (RFC 6749 §4.1.3, §4.4.2 and §6), form-encoded or JSON; client credentials
 * by HTTP Basic or in the body. An unknown `grant_type` is the service's unsupported_grant_type.
 */
export const TokenRequestSchema = z.object({
  grant_type: z.string().min(1, 'grant_type is required').max(100),
  client_id: z.string().min(1).max(200).optional(),
  client_secret: z.string().min(1).max(500).optional(),
  code: z.string().min(1).max(500).optional(),
  redirect_uri: z.string().min(1).max(2048).optional(),
  code_verifier: z.string().min(43).max(128).optional(),
  refresh_token: z.string().min(1).max(500).optional(),
  scope: z.string().max(2000).optional(),
});
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** `POST /oauth/revoke` (RFC 7009) and `POST /oauth/introspect` (RFC 7662). */
export const TokenQuerySchema = z.object({
  token: z.string().min(1, 'token is required').max(500),
  token_type_hint: z.string().max(100).optional(),
  client_id: z.string().min(1).max(200).optional(),
  client_secret: z.string().min(1).max(500).optional(),
});
export type TokenQuery = z.infer<typeof TokenQuerySchema>;

/** The redirect target of `GET /oauth/authorize`: checked before anything may redirect to it. */
export const AuthorizeClientSchema = z.object({
  client_id: z.string().min(1, 'client_id is required').max(200),
  redirect_uri: z.string().min(1, 'redirect_uri is required').max(2048),
});

/** `POST /v1/platform/tokens`. */
export const PlatformTokenSchema = z.object({
  clientId: z.string().min(1).max(200),
  clientSecret: z.string().min(1).max(500),
  grantId: z.string().min(1).max(200).optional(),
  permissions: z.array(z.string()).max(20).optional(),
});
export type PlatformTokenRequest = z.infer<typeof PlatformTokenSchema>;

/**
 * `GET /oauth/authorize` with `request`: the consent form sent back for another page of
 * repositories, a search or "select all", with everything ticked so far (nothing is saved until
 * Approve).
 */
export const ConsentPageSchema = z.object({
  request: z.string().min(1).max(4096).describe('The signed consent request of the form.'),
  client_id: z.string().min(1).max(200),
  scope: z.union([z.string(), z.array(z.string()).max(50)]).optional(),
  repository: z.union([z.string(), z.array(z.string()).max(500)]).optional(),
  page: z.string().max(2048).optional().describe('`connectionId:cursor` of the page to show.'),
  q: z.string().max(200).optional().describe('Search the repositories on the provider.'),
  select: z.literal('all').optional().describe('Tick every repository shown.'),
  clear: z.string().max(1).optional().describe('Drop the search.'),
});
