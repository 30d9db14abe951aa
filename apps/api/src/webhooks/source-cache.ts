// Who may sign a delivery (a hook's subscription, an app, an integration's secret) is read from
// the database for each delivery: the same few hooks send nearly every one, so the answer is kept
// for two seconds per process, like access tokens (auth/platform-auth.ts). A change made in this
// process (a subscription created, updated or deleted, an app or integration secret stored)
// clears it at once; other processes see it within the two seconds.

const TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

export interface SourceCache<T> {
  /** The cached answer for `key`, or `load()`'s (cached; a failed load is not). */
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Forgets every answer (after a change to subscriptions, apps or integration secrets). */
  invalidate(): void;
}

export function createSourceCache<T>(now: () => number = Date.now): SourceCache<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key, load) {
      const at = now();
      const hit = entries.get(key);
      // A clock that moved backwards, or an old entry, means a fresh lookup.
      if (hit !== undefined && at >= hit.at && at - hit.at < TTL_MS) return hit.value;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const value = load();
      entries.set(key, { at, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    invalidate() {
      entries.clear();
    },
  };
}
