/** The scope catalogue of the seed contract (GitFlare, "Supported Read Scopes"). */
export const SCOPES = [
  {
    scope: 'read:profile',
    label: 'Profile',
    description: 'Read the connected account profile details.',
  },
  {
    scope: 'read:repositories',
    label: 'Repositories',
    description: 'List and inspect repository metadata.',
  },
  { scope: 'read:branches', label: 'Branches', description: 'List repository branches.' },
  {
    scope: 'read:commits',
    label: 'Commits',
    description: 'List commit history and commit metadata.',
  },
  {
    scope: 'read:pull-requests',
    label: 'Pull Requests',
    description: 'Read pull/merge request summaries.',
  },
  {
    scope: 'read:diffs',
    label: 'Diffs',
    description: 'Read pull/merge request diffs, changed files and file contents.',
  },
  {
    scope: 'read:authors',
    label: 'Authors',
    description: 'Read repository contributors/authors data.',
  },
  { scope: 'read:tags', label: 'Tags', description: 'Read repository tags.' },
  { scope: 'read:releases', label: 'Releases', description: 'Read repository releases.' },
  { scope: 'read:checks', label: 'Checks', description: 'Read CI/check run status metadata.' },
  {
    scope: 'read:deployments',
    label: 'Deployments',
    description: 'Read repository deployment records.',
  },
  {
    scope: 'read:file-tree',
    label: 'File Tree',
    description: 'Read repository file tree structure.',
  },
  {
    scope: 'events:subscribe',
    label: 'Events Subscribe',
    description: 'Create repository event subscriptions/webhooks when provider supports it.',
  },
] as const;

export type Scope = (typeof SCOPES)[number]['scope'];
export const SCOPE_NAMES: readonly Scope[] = SCOPES.map((entry) => entry.scope);

export function isScope(value: string): value is Scope {
  return (SCOPE_NAMES as readonly string[]).includes(value);
}

/** `"read:a read:b"` or `"read:a,read:b"` → the unique scopes, in catalogue order. */
export function parseScopeList(value: string): string[] {
  const given = new Set(value.split(/[\s,]+/).filter((item) => item !== ''));
  return [...given];
}

export function sortScopes(scopes: Iterable<string>): Scope[] {
  const set = new Set(scopes);
  return SCOPE_NAMES.filter((scope) => set.has(scope));
}
