/** GitHub caps webhook payloads at 25 MB; anything larger is refused before it is read whole. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/**
 * A delivery's body must have arrived this long after its headers, or the connection is dropped
 * (GitHub itself waits 10 s for the whole answer): a sender cannot hold its buffered bytes for the
 * server's 300 s request timeout.
 */
export const WEBHOOK_BODY_TIMEOUT_MS = 30_000;
