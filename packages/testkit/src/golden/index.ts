// `@scm/testkit/golden`: golden files and fixtures, without vitest (plain `node:assert`).
export { expectGolden, serializeGolden, UPDATE_GOLDEN_ENV } from './expect-golden.js';
export { FIXTURES_DIR, fixturePath, goldenPath, readFixture } from './fixtures.js';
