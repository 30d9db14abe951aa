import { CheckSchema, EventSubscriptionSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { errorCodeOf, walkAll } from '../expect-helpers.js';
import type { ContractSuite } from './suite.js';

/**
 * Write actions: createWebhook and deleteWebhook, createComment, setCommitStatus (then seen by
 * listChecks) and addLabels. They run after the listings, which count the dataset's items only.
 */
export function actionsSection(suite: ContractSuite): void {
  const { f, supported } = suite;

  describe('write actions', () => {
    it('createWebhook creates a subscription and deleteWebhook removes it', async (context) => {
      if (!supported('createWebhook')) return context.skip();
      const input = {
        callbackUrl: 'https://hooks.example.test/scm',
        events: ['push', 'pull_request'],
        active: true,
        secret: 'contract-secret',
      };
      const subscription = EventSubscriptionSchema.parse(
        await f().provider.createWebhook(f().ref, input),
      );
      expect(subscription).toMatchObject({
        callbackUrl: input.callbackUrl,
        active: true,
        provider: f().provider.id,
      });
      expect(subscription.events.length).toBeGreaterThan(0);
      expect(JSON.stringify(subscription)).not.toContain(input.secret);
      if (supported('deleteWebhook')) {
        await f().provider.deleteWebhook(f().ref, subscription.id);
        expect(await errorCodeOf(f().provider.deleteWebhook(f().ref, subscription.id))).toBe(
          'RESOURCE_NOT_FOUND',
        );
      }
    });

    it('createComment comments on a pull request', async (context) => {
      if (!supported('createComment')) return context.skip();
      const pr = f().repo.pullRequests[0];
      const comment = await f().provider.createComment(f().ref, {
        number: pr?.number ?? 1,
        body: 'Looks good',
      });
      expect(comment.id).not.toBe('');
    });

    it('setCommitStatus sets a status that listChecks then shows', async (context) => {
      if (!supported('setCommitStatus')) return context.skip();
      const name = `contract/${Date.now().toString(36)}`;
      const check = CheckSchema.parse(
        await f().provider.setCommitStatus(f().ref, {
          sha: f().branchHead,
          state: 'failure',
          context: name,
          description: 'from the suite',
        }),
      );
      expect(check).toMatchObject({
        sha: f().branchHead,
        name,
        status: 'completed',
        conclusion: 'failure',
      });
      if (supported('listChecks')) {
        const { items } = await walkAll(
          (query) => f().provider.listChecks(f().ref, { ...query, ref: f().branchHead }),
          100,
        );
        expect(items.map((item) => item.name)).toContain(name);
      }
    });

    it('addLabels adds labels to a pull request', async (context) => {
      if (!supported('addLabels')) return context.skip();
      const result = await f().provider.addLabels(f().ref, {
        number: f().repo.pullRequests[0]?.number ?? 1,
        labels: ['contract'],
      });
      expect(result.labels).toContain('contract');
    });
  });
}
