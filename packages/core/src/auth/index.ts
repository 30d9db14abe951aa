export * from './oauth-tokens.js';
export * from './refreshing-token.js';
export * from './credential-retry.js';
export * from './pkce.js';
export * from './oauth-token-endpoint.js';
