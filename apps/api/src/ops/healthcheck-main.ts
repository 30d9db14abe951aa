// `node dist/healthcheck.js`: the container's HEALTHCHECK. Exits 0 when this machine's gateway
// answers GET /ready with 200 within 2.5 s (database reachable, migrations applied, jobs running),
// 1 otherwise. It reads the same configuration as the gateway (PORT, HOST).
import { loadConfig } from '../config.js';

const config = loadConfig();
const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/ready`;

fetch(url, { signal: AbortSignal.timeout(2_500) }).then(
  async (response) => {
    if (response.ok) process.exit(0);
    process.stderr.write(
      `not ready: ${response.status} ${(await response.text()).slice(0, 300)}\n`,
    );
    process.exit(1);
  },
  (error: unknown) => {
    process.stderr.write(`not ready: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
