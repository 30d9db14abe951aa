#!/usr/bin/env node
// Where Docker runs: builds the gateway's image (Dockerfile), starts it on SQLite with a throw-away
// data volume, waits for its HEALTHCHECK to report healthy, checks it runs as a non-root user, and
// removes what it made. Not part of `pnpm test` (CI machines have no Docker daemon); the image's
// parts are tested there instead: the healthcheck command (apps/api/src/ops/healthcheck.*) and
// the production bundle (`pnpm --filter @scm/api deploy --prod --legacy`, see apps/api/README.md).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const tag = `scm-gateway-check:${Date.now()}`;
const name = `scm-gateway-check-${randomBytes(4).toString('hex')}`;
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();

try {
  docker('info', '--format', '{{.ServerVersion}}');
} catch {
  process.stderr.write('No Docker daemon answers here: nothing to check.\n');
  process.exit(2);
}

try {
  execFileSync('docker', ['build', '--tag', tag, '.'], { stdio: 'inherit' });
  docker(
    'run',
    '--detach',
    '--name',
    name,
    '--env',
    `SGG_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`,
    tag,
  );
  const deadline = Date.now() + 120_000;
  let status = 'starting';
  while (status !== 'healthy' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    status = docker('inspect', '--format', '{{.State.Health.Status}}', name);
    if (status === 'unhealthy') break;
  }
  const user = docker('exec', name, 'id', '-u');
  process.stdout.write(`health: ${status}, user id: ${user}\n`);
  if (status !== 'healthy' || user === '0') {
    process.stdout.write(docker('logs', '--tail', '50', name));
    process.exit(1);
  }
} finally {
  try {
    docker('rm', '--force', name);
  } catch {
    // never started
  }
  try {
    docker('rmi', '--force', tag);
  } catch {
    // never built
  }
}
