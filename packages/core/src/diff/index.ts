export { splitUnifiedDiff } from './split-unified-diff.js';
