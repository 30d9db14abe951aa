// `pnpm start`: builds apps/api and what it depends on, then starts the gateway (SQLite under
// apps/api/data, no configuration). Environment variables are passed through (see apps/api/README.md).
// `pnpm demo`: the same build, then the gateway against the provider simulators.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const api = join(dirname(fileURLToPath(import.meta.url)), '../apps/api');

// turbo builds the gateway's workspace dependencies in parallel and skips what is cached.
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@scm/api...', '--output-logs=errors-only'],
  {
    stdio: 'inherit',
    env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

// The gateway runs as this script's child, with its signals passed on: SIGTERM / Ctrl-C stop it
// gracefully (queued usage logs written, database closed), and its exit code is ours.
const child = spawn(
  process.execPath,
  [join(api, process.argv[2] === 'demo' ? 'dist/demo.js' : 'dist/main.js')],
  { cwd: api, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 128 + (signal === 'SIGINT' ? 2 : 15)));
});
