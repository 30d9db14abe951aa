export * from './oauth-tokens.js';
export * from './refreshing-token.js';
