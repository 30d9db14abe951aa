// A gateway process for the kill test (src/webhooks/crash.integration.test.ts): the real app on
// the database of SCM_CRASH_DB_PROVIDER / SCM_CRASH_DB_URL (already migrated by the parent), with
// the master key SCM_CRASH_MASTER_KEY (hex) and the JOB_* settings of the environment. Prints
// `listening <port>` and waits to be killed.
// Run with `node --import ../../../scripts/ts-loader.mjs crash-gateway.ts`.
import type { DatabaseProvider } from '../../db/database.js';
import { startGatewayOn } from './gateway-on.js';

const env: Record<string, string> = {};
for (const name of ['JOB_LEASE_SECONDS', 'JOB_MAINTENANCE_INTERVAL_SECONDS']) {
  const value = process.env[name];
  if (value !== undefined) env[name] = value;
}
const gateway = await startGatewayOn({
  provider: process.env.SCM_CRASH_DB_PROVIDER as DatabaseProvider,
  url: process.env.SCM_CRASH_DB_URL ?? '',
  masterKey: Buffer.from(process.env.SCM_CRASH_MASTER_KEY ?? '', 'hex'),
  migrate: false,
  env,
});
process.stdout.write(`listening ${new URL(gateway.url).port}\n`);
setInterval(() => undefined, 60_000);
