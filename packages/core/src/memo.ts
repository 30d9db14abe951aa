import type { Clock } from './runtime.js';

/**
 * A small time-bounded memo of what does not change from page to page (a repository's default
 * branch, its environments). It lives inside one adapter, so inside one credential: two
 * connections never share an entry. Bounded (oldest out first), short-lived, and a failed load is
 * not kept; concurrent loads of one key share a single request.
 */
export interface Memo<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets one key (the next `get` loads it again). */
  delete(key: string): void;
}

export function createMemo<V>(options: { clock: Clock; ttlMs: number; max: number }): Memo<V> {
  const entries = new Map<string, { until: number; value: Promise<V> }>();
  return {
    get(key, load) {
      const now = options.clock.now();
      const found = entries.get(key);
      // A caller that joined a load which then failed (another caller's abort, say) loads once
      // for itself rather than inheriting that failure.
      if (found !== undefined && found.until > now) return found.value.catch(() => load());
      entries.delete(key);
      const value = load();
      if (entries.size >= options.max) entries.delete(entries.keys().next().value as string);
      entries.set(key, { until: now + options.ttlMs, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    delete(key) {
      entries.delete(key);
    },
  };
}

/** How long a default branch or an environment list is reused, and how many repositories are kept. */
export const MEMO_TTL_MS = 60_000;
export const MEMO_MAX = 500;
