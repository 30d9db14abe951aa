import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import type { BufferBudget, WebhookBuffers } from '../../webhooks/buffer-budget.js';
import { MAX_WEBHOOK_BYTES, WEBHOOK_BODY_TIMEOUT_MS } from './limits.js';

/** A body read whole, holding `release()`'s bytes of its budget until released (once). */
export interface WebhookBody {
  body: Buffer;
  release: () => void;
}

/** Why a body was not read: each is answered by the route (`aborted`: nobody is left to answer). */
export type BodyRefusal =
  'too-large' | 'busy' | 'aborted' | 'timeout' | 'unsupported-encoding' | 'bad-encoding';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * Reads a webhook body whole, inflating a content-encoded one (gzip, deflate, br, as
 * body-parser does), counting every byte it holds against its budget as it arrives: plain bodies
 * against `buffers.plain`, inflated ones against `buffers.encoded`. Past MAX_WEBHOOK_BYTES or the
 * budget, what was read is dropped at once and the rest read off as it was sent (a refused
 * content-encoded body is not inflated any further: a deflate stream grows ~1,000 to 1); a body that
 * has not arrived within `timeoutMs` drops its connection.
 *
 * Hand-written rather than body-parser's `raw()`: body-parser inflates into a per-request limit
 * and cannot count the inflated bytes against a budget shared by every request as they arrive.
 */
export function readWebhookBody(
  req: IncomingMessage,
  buffers: WebhookBuffers,
  timeoutMs: number = WEBHOOK_BODY_TIMEOUT_MS,
): Promise<WebhookBody | BodyRefusal> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && DECODERS[encoding] === undefined) {
    req.resume();
    return Promise.resolve('unsupported-encoding');
  }
  const decoder = encoding === 'identity' ? undefined : DECODERS[encoding]?.();
  const budget: BufferBudget = decoder === undefined ? buffers.plain : buffers.encoded;
  const source: Readable = decoder === undefined ? req : req.pipe(decoder);

  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let refused: 'too-large' | 'busy' | undefined =
      decoder === undefined && declared > MAX_WEBHOOK_BYTES ? 'too-large' : undefined;
    let chunks: Buffer[] = [];
    let held = 0;
    let settled = false;
    const giveBack = () => {
      budget.give(held);
      held = 0;
    };
    const settle = (result: WebhookBody | BodyRefusal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const drop = (reason: 'too-large' | 'busy') => {
      refused = reason;
      chunks = [];
      giveBack();
    };
    // The rest of a refused content-encoded body is read off as sent: the decoder is dropped, and
    // the body's end is the request's own.
    const readOffRaw = () => {
      if (decoder === undefined || decoder.destroyed) return;
      req.unpipe(decoder);
      decoder.destroy();
      const answer = refused ?? 'busy';
      if (req.readableEnded) settle(answer);
      else {
        req.on('end', () => {
          settle(answer);
        });
        req.resume();
      }
    };
    const timer = setTimeout(() => {
      if (refused === undefined) drop('busy');
      settle('timeout');
      req.destroy();
    }, timeoutMs);
    source.on('data', (chunk: Buffer) => {
      if (refused !== undefined) return;
      if (held + chunk.length > MAX_WEBHOOK_BYTES) drop('too-large');
      else if (!budget.take(chunk.length)) drop('busy');
      else {
        held += chunk.length;
        chunks.push(chunk);
        return;
      }
      readOffRaw();
    });
    source.on('end', () => {
      if (refused !== undefined) {
        settle(refused);
        return;
      }
      const body = Buffer.concat(chunks, held);
      chunks = [];
      let owed = held;
      settle({
        body,
        release: () => {
          budget.give(owed);
          owed = 0;
        },
      });
    });
    // The sender went away before the end of the body: nobody is left to answer.
    const abort = () => {
      if (settled) return;
      if (refused === undefined) drop('busy');
      settle('aborted');
    };
    req.on('close', () => {
      if (!req.complete) abort();
    });
    req.on('error', abort);
    if (decoder !== undefined)
      decoder.on('error', () => {
        if (settled) return;
        if (refused === undefined) drop('busy');
        req.unpipe(decoder);
        req.resume();
        settle('bad-encoding');
      });
  });
}
