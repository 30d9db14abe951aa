import { ScmEventSchema, signHmacSha256, type Clock } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { createBitbucketWebhooks } from '../bitbucket-webhooks.js';
import { corpusFiles, corpusText, GOLDEN_BASE, webhookEventKey } from './corpora.js';

const RECEIVED_AT = Date.parse('2026-01-02T03:04:05Z');
const clock: Clock = { now: () => RECEIVED_AT, sleep: () => Promise.resolve() };
const secret = 'corpus-secret';

describe('recorded Bitbucket webhook bodies (corpora/bitbucket/webhooks) parse into ScmEvents', () => {
  const webhooks = createBitbucketWebhooks({ secrets: [secret], clock });

  for (const file of corpusFiles('webhooks')) {
    it(file, async () => {
      const eventKey = webhookEventKey(file);
      expect(eventKey, `no event key known for ${file}`).toBeDefined();
      const rawBody = corpusText(`webhooks/${file}`);
      const request = {
        headers: {
          'X-Event-Key': eventKey ?? '',
          'X-Request-UUID': `corpus-${file}`,
          'X-Hub-Signature': signHmacSha256(secret, rawBody),
        },
        rawBody,
      };
      expect(await webhooks.verify(request)).toEqual({ ok: true });
      const events = webhooks.parseAll(request).map((event) => ScmEventSchema.parse(event));
      expect(ScmEventSchema.parse(webhooks.parse(request))).toEqual(events[0]);
      for (const event of events) {
        expect(event.raw).toEqual(JSON.parse(rawBody));
        expect(event.deliveryId).toBe(`corpus-${file}`);
      }
      expectGolden(
        events.map(({ raw: _raw, ...normalized }) => normalized),
        goldenPath(GOLDEN_BASE, `webhooks/${file.replace(/\.json$/, '')}`),
      );
    });
  }
});
