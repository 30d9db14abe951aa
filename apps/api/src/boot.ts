// dist/main.js (`pnpm start`, the container's command): turns on Node's on-disk compile cache,
// then loads the gateway (main.ts). Static imports would load every module before the first line
// ran, so main.ts comes in through import() after it. The cache (Node >= 22.1; a no-op on Node 20)
// keeps V8's compiled code of the ~230 modules a start loads: a restart reads it instead of
// compiling them again, about 5 % of the time to the first 200 on Node 24 (bench/README.md, the
// start case). It lives beside the code, as writable as the code itself, not in a shared /tmp.
// NODE_COMPILE_CACHE=<dir> puts it elsewhere; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';

const { enableCompileCache, flushCompileCache } = nodeModule as {
  enableCompileCache?: (directory?: string) => unknown;
  flushCompileCache?: () => void;
};
if (process.env.NODE_COMPILE_CACHE === undefined)
  enableCompileCache?.(fileURLToPath(new URL('../.node-compile-cache', import.meta.url)));

await import('./main.js');
// Node writes the cache when the process exits; written now as well — once main.ts and every
// module it imports are compiled, while main() waits on its database — it is there for the
// workers a WEB_CONCURRENCY primary forks next, and for a restart after a crash (an OOM kill).
// Only what is new is written: a start that read the cache writes nothing here.
flushCompileCache?.();
