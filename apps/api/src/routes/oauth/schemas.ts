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
