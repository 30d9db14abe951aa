export * from './common.js';
export * from './account.js';
export * from './repository.js';
export * from './commit.js';
export * from './pull-request.js';
export * from './ci.js';
export * from './events.js';
export * from './file-content.js';
