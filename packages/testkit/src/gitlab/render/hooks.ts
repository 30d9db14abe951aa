import type { GitLabProjectHook } from '../route-kit.js';
import type { Json } from './common.js';

const HOOK_FLAGS = [
  'push_events',
  'tag_push_events',
  'merge_requests_events',
  'note_events',
  'pipeline_events',
  'job_events',
  'deployment_events',
  'releases_events',
  'issues_events',
  'confidential_issues_events',
  'wiki_page_events',
] as const;

/** A project hook as GitLab shows it: the secret token is never echoed back. */
export function renderHook(hook: GitLabProjectHook): Json {
  const flags: Record<string, boolean> = {};
  for (const flag of HOOK_FLAGS) {
    // GitLab's default for push_events is true; every other event is opt-in.
    flags[flag] = typeof hook.body[flag] === 'boolean' ? hook.body[flag] : flag === 'push_events';
  }
  return {
    id: hook.id,
    url: hook.body.url,
    project_id: hook.repo,
    ...flags,
    enable_ssl_verification: hook.body.enable_ssl_verification !== false,
    token_present: typeof hook.body.token === 'string' && hook.body.token !== '',
    signing_token_present:
      typeof hook.body.signing_token === 'string' && hook.body.signing_token !== '',
    alert_status: 'executable',
    disabled_until: null,
    created_at: hook.createdAt,
  };
}
