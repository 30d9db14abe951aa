import { z } from 'zod';
import { SubscribeBody } from '../../unified/endpoints.js';

export const SubscriptionIdParams = z.object({ id: z.string().min(1).max(128) });

export const DeliveryParams = z.object({
  id: z.string().min(1).max(128),
  deliveryId: z.string().min(1).max(128),
});

export const ListQuery = z
  .object({ limit: z.unknown().optional(), cursor: z.unknown().optional() })
  .strict();

/** `PATCH /v1/subscriptions/:id`: the target, the event list and whether it delivers. */
export const UpdateSubscriptionBody = z
  .object({
    callbackUrl: SubscribeBody.shape.callbackUrl.optional(),
    events: SubscribeBody.shape.events.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine(
    (patch) =>
      patch.callbackUrl !== undefined || patch.events !== undefined || patch.active !== undefined,
    'give callbackUrl, events or active',
  );

export type UpdateSubscriptionInput = z.infer<typeof UpdateSubscriptionBody>;
