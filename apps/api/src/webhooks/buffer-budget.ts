import type { ScmError } from '@scm/core';
import { gatewayBusy } from '../http/errors.js';

/**
 * Webhook body bytes held in memory at once, across requests. The route reads a delivery whole
 * before it can verify it, so without a bound anyone could make the process hold 25 MB per open
 * request. Bytes are counted as they arrive (inflated, for a content-encoded body), never
 * reserved ahead.
 */
export interface BufferBudget {
  /** Reserves `bytes`: false, reserving nothing, when that would pass the budget. */
  take(bytes: number): boolean;
  /** Gives back what `take` reserved. */
  give(bytes: number): void;
  /** The bytes reserved now. */
  held(): number;
}

export function createBufferBudget(maxBytes: number): BufferBudget {
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > maxBytes) return false;
      used += bytes;
      return true;
    },
    give(bytes) {
      used = Math.max(0, used - bytes);
    },
    held: () => used,
  };
}

/**
 * The two budgets: plain bodies (what every provider sends) get `WEBHOOK_BUFFER_MB`; content-
 * encoded ones (a compressing proxy's) a quarter of it, at least 25 MB, of their own — a few KB of
 * gzip inflate to 25 MB, so they must not be able to spend what plain deliveries need.
 */
export interface WebhookBuffers {
  plain: BufferBudget;
  encoded: BufferBudget;
}

export function createWebhookBuffers(plainBytes: number): WebhookBuffers {
  return {
    plain: createBufferBudget(plainBytes),
    encoded: createBufferBudget(Math.max(25 * 1024 * 1024, Math.floor(plainBytes / 4))),
  };
}

/** The answer while the budget is spent: RATE_LIMITED, retry after a second. */
export function buffersFull(): ScmError {
  return gatewayBusy('Too many webhook bodies are being read at once; retry shortly.');
}
