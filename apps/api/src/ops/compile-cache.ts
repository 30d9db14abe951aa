// Node's on-disk compile cache (Node >= 22.1; absent on Node 20, where both calls do nothing).
import * as nodeModule from 'node:module';

const { enableCompileCache, flushCompileCache } = nodeModule as {
  enableCompileCache?: (directory?: string) => unknown;
  flushCompileCache?: () => void;
};

/** Turns the cache on in `directory` (src/boot.ts, before the gateway's modules load). */
export function enableCompileCacheIn(directory: string): void {
  enableCompileCache?.(directory);
}

/**
 * Writes what the cache has gathered. Node writes it as the process exits; main.ts writes it once
 * the gateway listens (and a WEB_CONCURRENCY primary before it forks), so the workers read what
 * the primary compiled and a restart after a crash (an OOM kill) finds it. Only new entries are
 * written: 20–60 ms on a first start, under 1 ms on a start that read the cache.
 */
export function writeCompileCache(): void {
  flushCompileCache?.();
}
