// What other workspace packages (the benchmarks) may use of the service. It is not published. The
// demo (`startDemo`) is `@scm/api/demo`: it is not part of the service's build.
export { createApp, type GatewayApp } from './app.js';
export { loadConfig, type GatewayConfig } from './config.js';
export { newTimeOrderedId } from './crypto/tokens.js';
export { insertJsonRowsSql, sqliteJsonRow } from './db/insert-rows.js';
export { USAGE_LOG_COLUMNS } from './usage/usage-recorder.js';
