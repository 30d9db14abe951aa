import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { WireHookSchema } from '../example-schemas.js';
import { mapEventSubscription } from '../map-hooks.js';

/** Repository webhooks: `POST /repos/:repo/hooks`, `DELETE /repos/:repo/hooks/:id`. */
export function hooksOps(
  client: ExampleClient,
): Pick<ScmProvider, 'createWebhook' | 'deleteWebhook'> {
  return {
    async createWebhook(repo, input) {
      const hook = await client.call(WireHookSchema, {
        method: 'POST',
        path: client.repoPath(repo, '/hooks'),
        body: {
          url: input.callbackUrl,
          events: input.events,
          active: input.active,
          secret: input.secret,
        },
      });
      return mapEventSubscription(hook, client.repoName(repo), client.context);
    },

    async deleteWebhook(repo, id) {
      await client.send({
        method: 'DELETE',
        path: client.repoPath(repo, `/hooks/${encodeURIComponent(id)}`),
        responseType: 'text',
      });
    },
  };
}
