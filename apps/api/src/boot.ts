// dist/main.js (`pnpm start`, the container's command): turns on Node's on-disk compile cache,
// then loads the gateway (main.ts). Static imports would load every module before the first line
// ran, so main.ts comes in through import() after it. The cache (Node >= 22.1; a no-op on Node 20)
// keeps V8's compiled code of the ~230 modules a start loads: a restart reads it instead of
// compiling them again, about 5 % of the time to the first 200 on Node 24 (bench/README.md, the
// start case). It lives beside the code, as writable as the code itself, not in a shared /tmp.
// NODE_COMPILE_CACHE=<dir> puts it elsewhere; NODE_DISABLE_COMPILE_CACHE=1 turns it off. Node
// writes it at exit, main.ts also once the gateway listens (ops/compile-cache.ts).
import { fileURLToPath } from 'node:url';
import { enableCompileCacheIn } from './ops/compile-cache.js';

if (process.env.NODE_COMPILE_CACHE === undefined)
  enableCompileCacheIn(fileURLToPath(new URL('../.node-compile-cache', import.meta.url)));

await import('./main.js');
