import { escapeHtml } from '../../http/html.js';
import { PROVIDER_IDS } from '../../providers/catalogue.js';
import type {
  CommitMetricsRow,
  EndpointSuite,
  ProbeCall,
  RepositoryRef,
  ScenarioStep,
} from './probes.js';
import type { TestappSession } from './session.js';

// The sandbox's pages: plain HTML forms and tables (no script needed). Nothing of the session's
// secret or tokens is ever written into a page: only whether they exist, the client id and scopes.

const e = escapeHtml;

export function renderSandbox(input: {
  session: TestappSession;
  csrf: string;
  gatewayUrl: string;
  redirectUri: string;
  notice: string | null;
}): string {
  const { session, csrf } = input;
  const config = session.config;
  const token = session.token;
  const status =
    token !== null
      ? `<p class="ok">Authorized: the sandbox holds an access token with <code>${e(token.scope)}</code>, valid until ${e(token.expiresAt)}${token.refreshToken === null ? '' : ' (and a refresh token)'}.</p>`
      : config !== null
        ? `<p>App <code>${e(config.clientId)}</code> is configured, not authorized yet: save the form again to run the consent flow.</p>`
        : '<p>No app configured yet.</p>';
  const probes =
    token === null
      ? ''
      : `<h2>Live probes</h2>
<p>Each probe calls this gateway's unified API over HTTP with the sandbox's token, as your app would.</p>
<ul>
<li><a href="/testapp/live/commit-metrics">Commit metrics</a>: commits, authors and the latest commit of each granted repository.</li>
<li><a href="/testapp/live/endpoint-suite">Endpoint suite</a>: every unified endpoint called for a sample repository, with status, latency and item count.</li>
</ul>
<form method="get" action="/testapp/live/repository-scenario" autocomplete="on">
<fieldset><legend>Repository scenario</legend>
<label for="scenario-provider">Provider</label>
<input id="scenario-provider" name="provider" placeholder="${PROVIDER_IDS[0]}" autocomplete="off">
<label for="scenario-repo">Repository id (from the endpoint suite; empty: the first granted repository)</label>
<input id="scenario-repo" name="repoId" autocomplete="off">
<p><button type="submit">Run the repository scenario</button></p>
</fieldset>
</form>
<form method="post" action="/testapp/disconnect">
<input type="hidden" name="csrf" value="${e(csrf)}">
<p><button class="secondary" type="submit">Disconnect (revoke the token)</button></p>
</form>`;
  return `<h1>Test app sandbox</h1>
${input.notice === null ? '' : `<p class="error" role="alert">${e(input.notice)}</p>`}
<p>Try one of your apps against this gateway: the sandbox runs the real OAuth authorization-code flow (with PKCE) against <code>${e(input.gatewayUrl)}</code>, then calls the unified API with the token it got.</p>
<ol>
<li>On the <a href="/app/dashboard">dashboard</a>, add <code>${e(input.redirectUri)}</code> to your app's redirect URIs.</li>
<li>Paste the app's client id and secret below and save: you go through the consent page and come back here.</li>
<li>Run the live probes.</li>
</ol>
<p class="muted">The client secret and the tokens stay in an encrypted, HttpOnly cookie of this browser; they are never shown again. The sandbox only ever calls this gateway.</p>
<h2>Status</h2>
${status}
<h2>App</h2>
<form method="post" action="/testapp/config" autocomplete="off">
<input type="hidden" name="csrf" value="${e(csrf)}">
<fieldset><legend>Your app's credentials</legend>
<label for="testapp-client-id">Client id</label>
<input id="testapp-client-id" name="client_id" required autocomplete="off" spellcheck="false" value="${config === null ? '' : e(config.clientId)}">
<label for="testapp-client-secret">Client secret${config === null ? '' : ' (empty: keep the saved one)'}</label>
<input id="testapp-client-secret" name="client_secret" type="password" autocomplete="new-password"${config === null ? ' required' : ''}>
<label for="testapp-customer">Customer ref (optional: the customer the consent is for)</label>
<input id="testapp-customer" name="customer_ref" autocomplete="off" value="${config?.customerRef == null ? '' : e(config.customerRef)}">
</fieldset>
<p><button type="submit">Save and authorize</button></p>
</form>
${probes}`;
}

function callRow(call: ProbeCall): string {
  const status =
    call.status === null
      ? '<td>—</td>'
      : `<td class="${call.status < 400 ? 'ok' : 'error'}">${call.status}</td>`;
  return `<tr><th scope="row"><code>${e(call.label)}</code></th><td>${e(call.method)}</td><td><code>${e(call.path)}</code></td>${status}<td>${call.ms === null ? '—' : `${call.ms} ms`}</td><td>${call.items ?? '—'}</td><td>${e(call.note)}</td></tr>`;
}

function callTable(caption: string, calls: readonly ProbeCall[]): string {
  return `<table data-probe="calls"><caption>${e(caption)}</caption>
<thead><tr><th scope="col">Endpoint</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Latency</th><th scope="col">Items</th><th scope="col">Note</th></tr></thead>
<tbody>
${calls.map(callRow).join('\n')}
</tbody></table>`;
}

const BACK = '<p><a href="/testapp">Back to the sandbox</a></p>';

export function renderEndpointSuite(suite: EndpointSuite): string {
  const ok = suite.calls.filter((call) => call.status !== null && call.status < 400).length;
  const repository =
    suite.repository === null
      ? '<p class="error">The token reaches no repository: approve at least one on the consent page.</p>'
      : `<p>Sample repository: <code>${e(suite.repositoryName ?? suite.repository.repoId)}</code> (${e(suite.repository.provider)}, id <code>${e(suite.repository.repoId)}</code>).</p>`;
  return `<h1>Endpoint suite</h1>
${repository}
<p>${ok} of ${suite.calls.length} endpoints answered successfully.</p>
${callTable('Every unified endpoint, in route-table order', suite.calls)}
${BACK}`;
}

function metricsRow(row: CommitMetricsRow): string {
  return `<tr><th scope="row"><a href="/testapp/live/repository-scenario?provider=${encodeURIComponent(row.provider)}&amp;repoId=${encodeURIComponent(row.repoId)}">${e(row.fullName)}</a></th><td>${e(row.provider)}</td><td class="${row.status < 400 ? 'ok' : 'error'}">${row.status}</td><td>${row.ms} ms</td><td>${row.commits}${row.more ? '+' : ''}</td><td>${row.authors}</td><td>${e(row.latest ?? '—')}</td><td>${e(row.note)}</td></tr>`;
}

export function renderCommitMetrics(input: {
  listing: ProbeCall;
  rows: CommitMetricsRow[];
  total: number;
}): string {
  const commits = input.rows.reduce((sum, row) => sum + row.commits, 0);
  return `<h1>Commit metrics</h1>
${callTable('The granted repositories', [input.listing])}
<p>${input.total} granted repositories${input.total > input.rows.length ? ` (the first ${input.rows.length} measured)` : ''}; ${commits} commits on their default branches' first pages.</p>
<table data-probe="commit-metrics"><caption>Commits per repository (first page of 100)</caption>
<thead><tr><th scope="col">Repository</th><th scope="col">Provider</th><th scope="col">Status</th><th scope="col">Latency</th><th scope="col">Commits</th><th scope="col">Authors</th><th scope="col">Latest commit</th><th scope="col">Note</th></tr></thead>
<tbody>
${input.rows.map(metricsRow).join('\n')}
</tbody></table>
${BACK}`;
}

function stepSection(step: ScenarioStep): string {
  const facts =
    step.facts.length === 0
      ? ''
      : `<dl>${step.facts.map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value)}</dd>`).join('')}</dl>`;
  return `<h2>${e(step.call.label)}</h2>
${callTable(step.call.label, [step.call])}
${facts}`;
}

export function renderScenario(input: {
  repository: RepositoryRef | null;
  steps: ScenarioStep[];
}): string {
  if (input.repository === null)
    return `<h1>Repository scenario</h1><p class="error">The token reaches no repository: approve at least one on the consent page.</p>${BACK}`;
  return `<h1>Repository scenario</h1>
<p>Repository <code>${e(input.repository.repoId)}</code> on ${e(input.repository.provider)}.</p>
${input.steps.map(stepSection).join('\n')}
${BACK}`;
}
