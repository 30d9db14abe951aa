import type { ScmProvider } from '@scm/core';
import { NUMERIC_ID, type GitHubClient } from '../github-client.js';
import { invalidInput } from '../github-errors.js';
import { WireHookSchema } from '../github-schemas.js';
import { mapEventSubscription } from '../map-hooks.js';

/** Repository webhooks: `POST /repos/:owner/:repo/hooks`, `DELETE /repos/:owner/:repo/hooks/:id`. */
export function hooksOps(
  client: GitHubClient,
): Pick<ScmProvider, 'createWebhook' | 'deleteWebhook'> {
  return {
    async createWebhook(repo, input) {
      const { body } = await client.inRepo(repo, () =>
        client.call(WireHookSchema, {
          method: 'POST',
          path: client.repoPath(repo, '/hooks'),
          body: {
            name: 'web',
            active: input.active,
            events: input.events,
            config: {
              url: input.callbackUrl,
              content_type: 'json',
              insecure_ssl: '0',
              ...(input.secret === undefined ? {} : { secret: input.secret }),
            },
          },
        }),
      );
      return mapEventSubscription(body, client.repoName(repo), client.context);
    },

    async deleteWebhook(repo, id) {
      if (!NUMERIC_ID.test(id)) throw invalidInput('A GitHub webhook id is numeric');
      await client.inRepo(repo, () =>
        client.send({
          method: 'DELETE',
          path: client.repoPath(repo, `/hooks/${id}`),
          responseType: 'text',
        }),
      );
    },
  };
}
