import { z } from 'zod';
import { isGatewayPath } from '../../http/gateway-path.js';

// Oore CI's integrations API (seeds 000 and 001): request bodies and query strings.

const text = (max: number) => z.string().trim().min(1).max(max);

/** A path on this gateway to send the browser to when a flow is done (never another site). */
const returnTo = z
  .string()
  .max(500)
  .refine(isGatewayPath, 'return_to must be a path on this gateway');

/**
 * `POST /v1/integrations/{provider}/start`. GitHub: the app manifest flow (optionally on a GHES
 * `host_url`, under an `organization`). GitLab (seed 001): `host_url` with the OAuth application's
 * `application_id` and `secret` (OAuth mode), or with a personal access `token` (token mode).
 */
export const StartBody = z
  .object({
    host_url: text(500).optional(),
    display_name: text(100).optional(),
    organization: text(39).optional(),
    application_id: text(200).optional(),
    secret: text(500).optional(),
    token: text(4096).optional(),
    return_to: returnTo.optional(),
  })
  .strict()
  .refine((body) => body.token === undefined || body.application_id === undefined, {
    message: 'send either token (token mode) or application_id and secret (OAuth mode), not both',
  })
  .refine((body) => (body.application_id === undefined) === (body.secret === undefined), {
    message: 'application_id and secret go together',
  });
export type StartBody = z.infer<typeof StartBody>;

export const ProviderParams = z.object({ provider: z.string().max(40) });
export const IdParams = z.object({ id: z.string().min(1).max(100) });

export const StateQuery = z.object({ state: text(200) });

/** The provider's redirect back: `code` and `state`, or an `error`. */
export const CallbackQuery = z.object({
  state: text(200),
  code: text(500).optional(),
  error: text(200).optional(),
  error_description: z.string().max(1000).optional(),
});

/** `POST …/complete` and `…/authorize`: a front end that received the code itself. */
export const CompleteBody = z.object({ code: text(500), state: text(200) }).strict();

/** GitHub's setup URL: `installation_id`, `setup_action`, and the `state` given to the install page. */
export const InstalledQuery = z.object({
  installation_id: z.string().regex(/^\d{1,20}$/, 'installation_id must be a number'),
  setup_action: z.enum(['install', 'update', 'request']).optional(),
  state: text(200).optional(),
});
