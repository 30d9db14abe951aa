// `pnpm start`: builds apps/api and what it depends on, then starts the gateway (SQLite under
// apps/api/data, no configuration). Environment variables are passed through (see apps/api/README.md).
import { spawnSync } from 'node:child_process';

// turbo builds the gateway's workspace dependencies in parallel and skips what is cached.
const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@scm/api...', '--output-logs=errors-only'], {
  stdio: 'inherit',
  env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
});
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync('pnpm', ['--filter', '@scm/api', 'run', process.argv[2] === 'demo' ? 'demo' : 'start'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
