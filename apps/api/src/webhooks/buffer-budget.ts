import { ScmError } from '@scm/core';

/**
 * Webhook body bytes held in memory at once, across requests (`WEBHOOK_BUFFER_MB`). The route
 * reads a delivery whole before it can verify it, so without a bound anyone could make the process
 * hold 25 MB per open request — a gzip body inflates a few KB into 25 MB.
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

/** The answer while the budget is spent: RATE_LIMITED, retry after a second. */
export function buffersFull(): ScmError {
  return new ScmError('RATE_LIMITED', {
    source: 'gateway',
    message: 'Too many webhook bodies are being read at once; retry shortly.',
    retryAfterSeconds: 1,
  });
}
