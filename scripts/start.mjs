// `pnpm start` will build and start apps/api (the gateway, SQLite, no configuration).
// Until that package exists, say so plainly instead of pretending.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('apps/api/package.json')) {
  console.error(
    'The gateway service (apps/api) is not built yet: it is the open "apps/api" issue.\n' +
      'Available today: `pnpm test` (every package) and `pnpm bench`. See README.md.',
  );
  process.exit(1);
}
const result = spawnSync('pnpm', ['--filter', '@scm/api...', 'build'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
const run = spawnSync('pnpm', ['--filter', '@scm/api', 'start'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
