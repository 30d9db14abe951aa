// What other workspace packages (the benchmarks) may use of the service. It is not published.
export { createApp, type GatewayApp } from './app.js';
export { loadConfig, type GatewayConfig } from './config.js';
export { startDemo, type Demo, type DemoOptions } from './demo/start-demo.js';
