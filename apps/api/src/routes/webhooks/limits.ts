/** GitHub caps webhook payloads at 25 MB; anything larger is refused before it is read whole. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
