/** Waits for the lock directory `lock` and answers its release (see dir-lock.mjs). */
export function acquireDirLock(
  lock: string,
  options?: { giveUpMs?: number; pollMs?: number },
): () => void;
