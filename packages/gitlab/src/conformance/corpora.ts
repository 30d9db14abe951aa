import { readFileSync } from 'node:fs';

/**
 * Real GitLab data kept in the repository's `fixtures/gitlab/` (where each file comes from and
 * under which licence: fixtures/SOURCES.md). A missing file fails the test that reads it.
 */
export const GITLAB_CORPUS = new URL('../../../../fixtures/gitlab/', import.meta.url);

/** A corpus file (`api/get_user.json`), parsed. */
export function readCorpus(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, GITLAB_CORPUS), 'utf8')) as unknown;
}

/**
 * The golden normalized form of corpus payload `<name>.json`: `src/__fixtures__/<name>.golden.json`
 * (the payload itself stays in the corpus).
 */
export function corpusGolden(name: string): URL {
  return new URL(`../__fixtures__/${name}.golden.json`, import.meta.url);
}

/** The `X-Gitlab-Event` each corpus webhook body (`webhooks/<file>`) was delivered with. */
export const CORPUS_WEBHOOK_EVENTS: Readonly<Record<string, string>> = {
  'push.json': 'Push Hook',
  'tag_push.json': 'Tag Push Hook',
  'merge_request.json': 'Merge Request Hook',
  'group_merge_request.json': 'Merge Request Hook',
  'note_merge_request.json': 'Note Hook',
  'note_issue.json': 'Note Hook',
  'note_commit.json': 'Note Hook',
  'issue.json': 'Issue Hook',
  'job.json': 'Job Hook',
};
