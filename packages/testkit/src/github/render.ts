/**
 * GitHub's REST wire format, one file per resource group in `render/` (the adapter's `ops/`
 * groups). This module re-exports them for the files that render across groups (the App and
 * OAuth routes).
 */
export * from './render/account.js';
export * from './render/ci.js';
export * from './render/commits.js';
export * from './render/common.js';
export * from './render/file-tree.js';
export * from './render/hooks.js';
export * from './render/keys.js';
export * from './render/organizations.js';
export * from './render/pull-requests.js';
export * from './render/refs.js';
export * from './render/repositories.js';
