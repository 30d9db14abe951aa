import {
  createHttpClient,
  systemClock,
  transportOptions,
  type ProviderSettingsBase,
} from '@scm/core';
import { z } from 'zod';
import { mapGitLabError, unexpectedShape } from './gitlab-errors.js';
import { GITLAB_DEFAULT_BASE_URL } from './gitlab-settings.js';
import { GITLAB_PROVIDER_ID } from './map-common.js';

/** What GitLab says about the personal (or project/group) access token a request carries. */
export interface GitLabTokenInfo {
  id: string;
  name: string;
  /** `api`, `read_api`, `read_repository`, `write_repository`, … */
  scopes: string[];
  active: boolean;
  revoked: boolean;
  /** `YYYY-MM-DD`, or null for a token without expiry. */
  expiresAt: string | null;
  userId: string | null;
}

// https://docs.gitlab.com/api/personal_access_tokens/#get-details-on-a-personal-access-token
const TokenSelfSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  revoked: z.boolean(),
  scopes: z.array(z.string()),
  active: z.boolean(),
  expires_at: z.string().nullable().optional(),
  user_id: z.number().int().nullable().optional(),
});

export interface GitLabTokenInfoOptions extends Pick<
  ProviderSettingsBase,
  'dispatcher' | 'userAgent' | 'timeoutMs' | 'retry' | 'logger' | 'clock'
> {
  /** The instance root (`https://gitlab.com`, `https://example.com/gitlab`). */
  baseUrl?: string | undefined;
  token: string;
}

/**
 * `GET /api/v4/personal_access_tokens/self`: the scopes and state of the token itself, so a token
 * handed in can be checked for the scopes a feature needs before it is stored. A refused token is
 * AUTH_EXPIRED / INVALID_CREDENTIALS as everywhere else in the adapter.
 */
export async function getGitLabTokenInfo(
  options: GitLabTokenInfoOptions,
): Promise<GitLabTokenInfo> {
  const root = (options.baseUrl ?? GITLAB_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const http = createHttpClient({
    ...transportOptions(options),
    baseUrl: `${root}/api/v4`,
    provider: GITLAB_PROVIDER_ID,
    clock: options.clock ?? systemClock,
    headers: { 'private-token': options.token },
    mapError: mapGitLabError,
  });
  try {
    const response = await http.request({ method: 'GET', path: '/personal_access_tokens/self' });
    const parsed = TokenSelfSchema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape('/personal_access_tokens/self');
    const wire = parsed.data;
    return {
      id: String(wire.id),
      name: wire.name,
      scopes: wire.scopes,
      active: wire.active,
      revoked: wire.revoked,
      expiresAt: wire.expires_at ?? null,
      userId: wire.user_id === null || wire.user_id === undefined ? null : String(wire.user_id),
    };
  } finally {
    await http.close();
  }
}
