import { loadConfig } from '../src/config.js';
import { demoOptionsFromEnv, startDemo } from './start-demo.js';

/**
 * `pnpm demo`: see demo/start-demo.ts. PORT and HOST apply; the database is a fresh SQLite file in
 * a temporary folder, or the one of DATA_DIR (kept) when it is set.
 */
async function main(): Promise<void> {
  const config = loadConfig(undefined, { LOG_LEVEL: 'warn' });
  const demo = await startDemo(config, demoOptionsFromEnv(process.env));
  process.stdout.write(demo.text);
  const stop = (): void => {
    void demo.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
