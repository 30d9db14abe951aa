/**
 * Real GitLab data kept in the repository's `fixtures/gitlab/` (where each file comes from and
 * under which licence: fixtures/SOURCES.md). A missing file fails the test that reads it.
 */
export const GITLAB_CORPUS = new URL('../../../../fixtures/gitlab/', import.meta.url);
