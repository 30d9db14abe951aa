import type { ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import { invalidRequest } from '../bitbucket-errors.js';
import { WireHookSchema } from '../bitbucket-schemas.js';
import { mapEventSubscription } from '../map-hooks.js';

/** Core event names → Bitbucket event keys (developer.atlassian.com/cloud/bitbucket/manage-webhooks/#event-payloads). */
const WEBHOOK_EVENTS: Readonly<Record<string, readonly string[]>> = {
  push: ['repo:push'],
  tag: ['repo:push'],
  branch: ['repo:push'],
  pull_request: [
    'pullrequest:created',
    'pullrequest:updated',
    'pullrequest:fulfilled',
    'pullrequest:rejected',
  ],
  pull_request_comment: ['pullrequest:comment_created'],
  comment: ['pullrequest:comment_created'],
  check: ['repo:commit_status_created', 'repo:commit_status_updated'],
  status: ['repo:commit_status_created', 'repo:commit_status_updated'],
};

/**
 * Repository webhooks: `POST /repositories/:repo/hooks` (core event names, or Bitbucket event
 * keys as they are) and `DELETE /repositories/:repo/hooks/{uuid}`.
 */
export function hooksOps(
  client: BitbucketClient,
): Pick<ScmProvider, 'createWebhook' | 'deleteWebhook'> {
  return {
    async createWebhook(repo, input) {
      const events = new Set<string>();
      for (const event of input.events) {
        const keys = event.includes(':') ? [event] : WEBHOOK_EVENTS[event];
        if (keys === undefined)
          throw invalidRequest(`Bitbucket has no webhook event for ${event.slice(0, 100)}`);
        for (const key of keys) events.add(key);
      }
      if (events.size === 0) throw invalidRequest('events must name at least one event');
      const hook = await client.inRepo(repo, () =>
        client.call(WireHookSchema, {
          method: 'POST',
          path: client.repoPath(repo, '/hooks'),
          body: {
            description: 'SCM Gateway',
            url: input.callbackUrl,
            active: input.active,
            events: [...events],
            secret: input.secret,
          },
        }),
      );
      return mapEventSubscription(hook, client.repoName(repo), client.context);
    },

    async deleteWebhook(repo, id) {
      if (!id.startsWith('{') || !id.endsWith('}') || id.length > 40)
        throw invalidRequest('A Bitbucket webhook id is a {uuid}.');
      await client.inRepo(repo, () =>
        client.send({
          method: 'DELETE',
          path: client.repoPath(repo, `/hooks/${encodeURIComponent(id)}`),
          responseType: 'text',
        }),
      );
    },
  };
}
