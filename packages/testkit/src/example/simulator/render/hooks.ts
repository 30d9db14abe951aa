/** A repository webhook as the API answers it; the secret is never sent back. */
export function renderHook(hook: {
  id: string;
  url: string;
  events: readonly unknown[];
  active: boolean;
  createdAt: string;
}): Record<string, unknown> {
  return {
    id: hook.id,
    url: hook.url,
    events: hook.events,
    active: hook.active,
    created_at: hook.createdAt,
  };
}
