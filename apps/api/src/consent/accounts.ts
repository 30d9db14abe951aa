import { escapeHtml } from '../http/html.js';
import { isProviderId, providerName } from '../providers/catalogue.js';
import type { GatewayServices } from '../services.js';
import type { loadVerifiedConnections } from './consent.js';

type VerifiedConnection = Awaited<ReturnType<typeof loadVerifiedConnections>>[number];

/** Repositories per page of an account's list (the providers' maximum). */
export const REPOSITORY_PAGE_SIZE = 100;

/**
 * Which page of one account's repositories is shown (`connectionId:cursor`, as the paging buttons
 * send it); every other account shows its first page.
 */
export interface RepositoryPage {
  connectionId: string;
  cursor: string;
}

export function parseRepositoryPage(value: string | undefined): RepositoryPage | null {
  if (value === undefined) return null;
  const index = value.indexOf(':');
  if (index < 1) return null;
  const cursor = value.slice(index + 1);
  return cursor === '' ? null : { connectionId: value.slice(0, index), cursor };
}

/** Server-side paging and search of the lists (no script needed): GET buttons of the same form. */
export interface RepositoryPaging {
  /** The GET route the paging buttons submit the form to (with everything ticked so far). */
  action: string;
  page: RepositoryPage | null;
  search: string | null;
}

/** How many pages of an account's repositories a search reads (1,000 repositories). */
const SEARCH_PAGES = 10;

/**
 * The account's own repositories whose full name contains `search` (case-insensitive): its
 * listing walked, not the provider's search, which would also find other people's public ones.
 * The first 100 matches among its first 1,000 repositories; no further page.
 */
async function searchRepositories(
  services: GatewayServices,
  connection: VerifiedConnection,
  search: string,
): Promise<{ items: { id: string; fullName: string }[]; nextCursor: null }> {
  const needle = search.toLowerCase();
  const scm = services.providers.forConnection(connection);
  const matches: { id: string; fullName: string }[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < SEARCH_PAGES && matches.length < REPOSITORY_PAGE_SIZE; page++) {
    const listed = await scm.listRepositories({
      limit: REPOSITORY_PAGE_SIZE,
      ...(cursor === null ? {} : { cursor }),
    });
    matches.push(...listed.items.filter((repo) => repo.fullName.toLowerCase().includes(needle)));
    cursor = listed.nextCursor;
    if (cursor === null) break;
  }
  return { items: matches.slice(0, REPOSITORY_PAGE_SIZE), nextCursor: null };
}

/**
 * One fieldset per connected account with its repositories as checkboxes (a page of 100 the
 * provider lists, or the matches of `paging.search` among the account's own), paging buttons, and the ticked
 * repositories of other pages as hidden fields so that paging never loses a choice. Also the links
 * that connect an account ("Connected as …" once one is), coming back to `returnTo`.
 * `extra(connection)` adds controls to an account's fieldset (the management page's disconnect).
 * The markup carries the hooks of /assets/secure-git-connect-page.js (`data-repo-list`,
 * `data-repo-item`, `data-repo-name`): a filter and "select all" when scripts run.
 */
export async function renderAccounts(
  services: GatewayServices,
  input: {
    connections: VerifiedConnection[];
    /** The `connectionId:repositoryId` keys ticked. */
    selected: ReadonlySet<string>;
    returnTo: string;
    paging?: RepositoryPaging;
    /** Tick every repository shown (the no-script "select all"). */
    selectAll?: boolean;
    extra?: (connection: VerifiedConnection) => string;
  },
): Promise<{ sections: string; connectLinks: string; shown: number }> {
  const { providers, hosts } = services;
  const sections: string[] = [];
  const displayed = new Set<string>();
  for (const connection of input.connections) {
    const page = input.paging?.page;
    const cursor = page?.connectionId === connection.id ? page.cursor : undefined;
    const search = input.paging?.search ?? undefined;
    let items: { key: string; fullName: string }[] = [];
    let next: string | null = null;
    let problem: string | null = null;
    try {
      const listed =
        search === undefined
          ? await providers.forConnection(connection).listRepositories({
              limit: REPOSITORY_PAGE_SIZE,
              ...(cursor === undefined ? {} : { cursor }),
            })
          : await searchRepositories(services, connection, search);
      items = listed.items.map((repo) => ({
        key: `${connection.id}:${repo.id}`,
        fullName: repo.fullName,
      }));
      next = listed.nextCursor;
    } catch (error) {
      problem = error instanceof Error ? error.message : 'The provider could not be reached.';
    }
    for (const item of items) displayed.add(item.key);
    const login = escapeHtml(connection.accountLogin);
    const boxes = items
      .map((item) => {
        const checked = input.selectAll === true || input.selected.has(item.key);
        return `<label data-repo-item data-repo-name="${escapeHtml(item.fullName)}"><input type="checkbox" name="repository" value="${escapeHtml(item.key)}"${checked ? ' checked' : ''}> ${escapeHtml(item.fullName)}</label>`;
      })
      .join('\n');
    const paging = input.paging;
    const buttons =
      paging === undefined
        ? ''
        : [
            cursor === undefined
              ? ''
              : `<button class="secondary" type="submit" formmethod="get" formaction="${escapeHtml(paging.action)}" formnovalidate name="page" value="${escapeHtml(`${connection.id}:`)}">First page of ${login}</button>`,
            next === null
              ? ''
              : `<button class="secondary" type="submit" formmethod="get" formaction="${escapeHtml(paging.action)}" formnovalidate name="page" value="${escapeHtml(`${connection.id}:${next}`)}">Next ${REPOSITORY_PAGE_SIZE} repositories of ${login}</button>`,
          ]
            .filter((button) => button !== '')
            .join(' ');
    const empty =
      items.length === 0 && problem === null
        ? `<p class="muted">${search === undefined ? 'No repositories visible to this account.' : 'No repository of this account matches the search.'}</p>`
        : '';
    sections.push(`<fieldset data-repo-list><legend>${escapeHtml(providerName(connection.provider))} · ${login} <span class="muted">(${escapeHtml(connection.providerHost.host)})</span>${cursor === undefined ? '' : ' · a later page'}</legend>
${problem === null ? '' : `<p class="error">${escapeHtml(problem)}</p>`}
${empty}
${boxes}
${buttons === '' ? '' : `<p>${buttons}</p>`}
${input.extra?.(connection) ?? ''}
</fieldset>`);
  }
  // Ticked on another page (or approved before, out of sight): kept, so paging loses nothing.
  const carried = [...input.selected].filter((key) => !displayed.has(key));
  if (carried.length > 0)
    sections.push(
      `<p class="muted" data-repo-carried>${carried.length} ${carried.length === 1 ? 'repository' : 'repositories'} selected on other pages or searches stay selected.</p>
${carried.map((key) => `<input type="hidden" name="repository" value="${escapeHtml(key)}">`).join('\n')}`,
    );
  const connectLinks = hosts
    .list()
    .filter((host) => isProviderId(host.provider) && hosts.hasOAuth(host))
    .map((host) => {
      const name = `${providerName(host.provider)}${host.isDefault ? '' : ` (${host.host})`}`;
      const href = `/v1/auth/${escapeHtml(host.provider)}/start?web=1&amp;host=${encodeURIComponent(host.id)}&amp;returnTo=${encodeURIComponent(input.returnTo)}`;
      const signedIn = input.connections.filter(
        (connection) => connection.providerHostId === host.id,
      );
      if (signedIn.length === 0)
        return `<a class="button secondary" href="${href}">Connect ${escapeHtml(name)}</a>`;
      const logins = signedIn
        .map((connection) => `<strong>${escapeHtml(connection.accountLogin)}</strong>`)
        .join(', ');
      return `<span data-connected>Connected to ${escapeHtml(name)} as ${logins}</span> <a href="${href}">Use another ${escapeHtml(name)} account</a>`;
    })
    .join('<br>\n');
  return { sections: sections.join('\n'), connectLinks, shown: displayed.size };
}
