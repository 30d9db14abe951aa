import { escapeHtml } from '../../http/html.js';
import { SCOPES } from '../../scopes.js';

// The access page's parts that are not the account lists (consent/accounts.ts renders those).

interface Shared {
  repositories: { fullName: string; provider: string }[];
  scopes: ReadonlySet<string>;
}

/** What the app can read now: its repositories and permissions, as a table. */
export function renderShared(appName: string, shared: Shared): string {
  if (shared.repositories.length === 0)
    return `<p>${escapeHtml(appName)} can read none of these accounts' repositories.</p>`;
  const permissions = SCOPES.filter((entry) => shared.scopes.has(entry.scope))
    .map((entry) => escapeHtml(entry.label))
    .join(', ');
  return `<table data-shared><caption>Shared with ${escapeHtml(appName)}</caption>
<thead><tr><th scope="col">Repository</th><th scope="col">Provider</th></tr></thead>
<tbody>
${shared.repositories.map((repo) => `<tr><td>${escapeHtml(repo.fullName)}</td><td>${escapeHtml(repo.provider)}</td></tr>`).join('\n')}
</tbody></table>
<p>Permissions: ${permissions === '' ? 'none' : permissions}.</p>`;
}

/** The permission checkboxes: the app's registered scopes, ticked as given. */
export function renderScopeBoxes(
  offered: ReadonlySet<string>,
  ticked: ReadonlySet<string>,
): string {
  return SCOPES.filter((entry) => offered.has(entry.scope))
    .map(
      (entry) =>
        `<label><input type="checkbox" name="scope" value="${entry.scope}"${ticked.has(entry.scope) ? ' checked' : ''}> <strong>${escapeHtml(entry.label)}</strong> <span class="muted">${escapeHtml(entry.description)}</span></label>`,
    )
    .join('\n');
}

/** The confirmation step of "Revoke all access": nothing is revoked until its form is sent. */
export function renderRevokeConfirmation(input: {
  appName: string;
  action: string;
  back: string;
  form: string;
  confirm: string;
  shared: Shared;
}): string {
  return `<h1>Revoke all access of ${escapeHtml(input.appName)}?</h1>
${renderShared(input.appName, input.shared)}
<p>${escapeHtml(input.appName)} loses access to every repository above at once: its tokens stop working, and the webhooks it created through these accounts are removed. Your provider accounts stay connected. You can approve the app again later.</p>
<form method="post" action="${escapeHtml(input.action)}" autocomplete="off">
<input type="hidden" name="form" value="${escapeHtml(input.form)}">
<input type="hidden" name="confirm" value="${escapeHtml(input.confirm)}">
<p><button type="submit">Yes, revoke all access</button> <a class="button secondary" href="${escapeHtml(input.back)}">Cancel</a></p>
</form>`;
}
