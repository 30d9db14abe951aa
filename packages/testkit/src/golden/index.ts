// `@scm/testkit/golden`: golden files and fixtures, without vitest (plain `node:assert`).
export { expectGolden, serializeGolden, UPDATE_GOLDEN_ENV } from './expect-golden.js';
export { FIXTURES_DIR, fixturePath, goldenPath, readFixture } from './fixtures.js';
export {
  constructionAnswer,
  expectSettingsGolden,
  type ProviderFactory,
} from './settings-golden.js';
