import { createHmac } from 'node:crypto';
import type { ScmEvent } from '@scm/core';

// What a subscriber receives, built once. Ingest serialises each normalized event once
// (`renderEvents`): the pieces make the stored `events` column and, kept in this process
// (`OutboundBodies`), the bodies of its deliveries, so a delivery made by the process that took the
// event reads no ~16 KB column back, parses nothing and serialises nothing (#16). After a restart,
// or once evicted, the body is built from the stored row: the same bytes.

/** The body a subscriber receives: the Standard Webhooks envelope around the normalized event. */
export function deliveryPayload(event: ScmEvent, occurredAt: Date) {
  return { type: `scm.${event.type}`, timestamp: occurredAt.toISOString(), data: event };
}

/** Normalized events, each serialised once. */
export interface RenderedEvents {
  /** The `events` column: the JSON array (what `JSON.stringify(events)` gives). */
  column: string;
  /** Each event's type and JSON. */
  events: readonly { type: string; json: string }[];
}

/**
 * At most this many characters of normalized events per delivery: twice the largest body the
 * webhook route takes (25 MB). Each event carries the whole delivery as `raw`, so a delivery that
 * yields many events (Azure's `refUpdates[]`, Bitbucket's `changes[]`: one or two per ref, with no
 * upper bound) multiplies its body: 10,000 refs in a 250 KB push would be ~2.5 GB of JSON.
 */
export const MAX_RENDERED_CHARS = 50 * 1024 * 1024;

/**
 * Serialises each event once, or answers `undefined` as soon as they come to more than
 * `maxChars` (so no more than about `maxChars` is ever built).
 */
export function renderEvents(
  events: readonly ScmEvent[],
  maxChars: number = MAX_RENDERED_CHARS,
): RenderedEvents | undefined {
  const [only] = events;
  if (events.length === 1 && only !== undefined) {
    // Most deliveries carry one event: the column serialised in one go, the event's JSON a slice
    // of it (no copy of the ~16 KB).
    const column = JSON.stringify(events);
    if (column.length > maxChars) return undefined;
    return { column, events: [{ type: only.type, json: column.slice(1, -1) }] };
  }
  const rendered: { type: string; json: string }[] = [];
  let chars = 1; // the brackets, and a comma between events
  for (const event of events) {
    const json = JSON.stringify(event);
    chars += json.length + 1;
    if (chars > maxChars) return undefined;
    rendered.push({ type: event.type, json });
  }
  return { column: `[${rendered.map((event) => event.json).join(',')}]`, events: rendered };
}

/**
 * `JSON.stringify(deliveryPayload(event, occurredAt))` from the event's JSON, without parsing or
 * serialising the event again (the envelope's keys in the same order).
 */
export function deliveryBody(type: string, json: string, occurredAt: Date): string {
  return `{"type":${JSON.stringify(`scm.${type}`)},"timestamp":${JSON.stringify(occurredAt.toISOString())},"data":${json}}`;
}

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com, what the `standardwebhooks`
 * package's `sign` answers): `v1,` and the base64 HMAC-SHA256 of `${id}.${seconds}.${body}`,
 * keyed by the secret's bytes (`whsec_` then base64). node:crypto's HMAC instead of the package's
 * JavaScript SHA-256: the body is the whole normalized event, ~16 KB.
 */
export function signStandardWebhook(
  key: Buffer,
  id: string,
  timestamp: Date,
  body: string | Uint8Array,
): string {
  const seconds = Math.floor(timestamp.getTime() / 1000);
  return `v1,${createHmac('sha256', key).update(`${id}.${seconds}.`).update(body).digest('base64')}`;
}

/** The key bytes of a `whsec_…` secret. */
export function standardWebhookKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  if (key.length === 0) throw new Error('The signing secret is empty.');
  return key;
}

/** The rendered events of stored inbound events, kept for their deliveries by this process. */
export interface OutboundBodies {
  /** Keeps `events` of event `eventId` (received at `receivedAt`) for `uses` deliveries. */
  put(eventId: string, receivedAt: Date, events: RenderedEvents['events'], uses: number): void;
  /** The body of a delivery of the `index`-th event of `eventId`, if still kept (one use spent). */
  take(eventId: string, index: number): string | undefined;
}

/** About 32 MB of UTF-16 at most; the oldest go first. */
const MAX_CHARS = 16 * 1024 * 1024;
/**
 * A body not taken within a minute is dropped: another process took its delivery (several share
 * the queue on PostgreSQL), or it waits for a retry; either reads the stored event.
 */
const MAX_AGE_MS = 60_000;

export function createOutboundBodies(
  maxChars: number = MAX_CHARS,
  now: () => number = Date.now,
): OutboundBodies {
  const entries = new Map<
    string,
    {
      receivedAt: Date;
      events: RenderedEvents['events'];
      uses: number;
      chars: number;
      keptAt: number;
    }
  >();
  let chars = 0;
  const drop = (eventId: string) => {
    const entry = entries.get(eventId);
    if (entry === undefined) return;
    entries.delete(eventId);
    chars -= entry.chars;
  };
  return {
    put(eventId, receivedAt, events, uses) {
      const size = events.reduce((sum, event) => sum + event.json.length, 0);
      if (uses <= 0 || size > maxChars) return;
      drop(eventId);
      const keptAt = now();
      for (const [oldest, entry] of entries) {
        if (chars + size <= maxChars && keptAt - entry.keptAt < MAX_AGE_MS) break;
        drop(oldest);
      }
      entries.set(eventId, { receivedAt, events, uses, chars: size, keptAt });
      chars += size;
    },
    take(eventId, index) {
      const entry = entries.get(eventId);
      const event = entry?.events[index];
      if (entry === undefined || event === undefined) return undefined;
      entry.uses -= 1;
      if (entry.uses <= 0) drop(eventId);
      return deliveryBody(event.type, event.json, entry.receivedAt);
    },
  };
}
