// `pnpm start`: builds apps/api and what it depends on, then starts the gateway (SQLite under
// apps/api/data, no configuration). Environment variables are passed through (see apps/api/README.md).
import { spawnSync } from 'node:child_process';

const build = spawnSync('pnpm', ['--filter', '@scm/api...', 'run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync('pnpm', ['--filter', '@scm/api', 'run', process.argv[2] === 'demo' ? 'demo' : 'start'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
