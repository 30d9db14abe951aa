import type { ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { invalidRequest } from '../gitlab-errors.js';
import { WireHookSchema } from '../gitlab-schemas.js';
import { HOOK_EVENT_FLAGS, mapEventSubscription } from '../map-hooks.js';

/** Every hook flag off, then those of the asked-for events on; an unknown event is refused. */
function hookFlags(events: readonly string[]): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const names of Object.values(HOOK_EVENT_FLAGS))
    for (const flag of names) flags[flag] = false;
  for (const event of events) {
    const names = (HOOK_EVENT_FLAGS as Record<string, readonly string[] | undefined>)[event];
    if (names === undefined)
      throw invalidRequest(
        `Unknown webhook event ${event.slice(0, 64)}; use ${Object.keys(HOOK_EVENT_FLAGS).join(', ')}`,
      );
    for (const flag of names) flags[flag] = true;
  }
  return flags;
}

/** Project hooks: `POST /projects/:id/hooks`, `DELETE /projects/:id/hooks/:hook_id`. */
export function hooksOps(
  client: GitLabClient,
): Pick<ScmProvider, 'createWebhook' | 'deleteWebhook'> {
  return {
    async createWebhook(repo, input) {
      if (!input.active) throw invalidRequest('GitLab project hooks cannot be created inactive');
      const hook = await client.call(WireHookSchema, {
        method: 'POST',
        path: client.projectPath(repo, '/hooks'),
        body: {
          url: input.callbackUrl,
          token: input.secret,
          enable_ssl_verification: true,
          ...hookFlags(input.events),
        },
      });
      return mapEventSubscription(hook, client.repoName(repo), client.context);
    },

    async deleteWebhook(repo, id) {
      if (!/^[0-9]{1,20}$/.test(id)) throw invalidRequest('A GitLab hook id is a number');
      await client.send({
        method: 'DELETE',
        path: client.projectPath(repo, `/hooks/${id}`),
        responseType: 'text',
      });
    },
  };
}
