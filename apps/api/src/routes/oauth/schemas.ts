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

/** `POST /oauth/token` (RFC 6749 §4.1.3 and §4.4.2; client credentials may come by HTTP Basic). */
export const TokenRequestSchema = z.object({
  grant_type: z.enum(['authorization_code', 'client_credentials'], {
    message: 'grant_type must be authorization_code or client_credentials',
  }),
  client_id: z.string().min(1).max(200).optional(),
  client_secret: z.string().min(1).max(500).optional(),
  code: z.string().min(1).max(500).optional(),
  redirect_uri: z.string().min(1).max(2048).optional(),
  code_verifier: z.string().min(43).max(128).optional(),
  scope: z.string().max(2000).optional(),
});
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** `POST /v1/platform/tokens`. */
export const PlatformTokenSchema = z.object({
  clientId: z.string().min(1).max(200),
  clientSecret: z.string().min(1).max(500),
  grantId: z.string().min(1).max(200).optional(),
  permissions: z.array(z.string()).max(20).optional(),
});
export type PlatformTokenRequest = z.infer<typeof PlatformTokenSchema>;
