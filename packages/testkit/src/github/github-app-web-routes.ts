import type { Route, SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { parseManifest } from './github-apps.js';
import { appById, installApp, registerApp } from './github-app-registry.js';
import type { GitHubState } from './github-state.js';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

/** A small HTML page, as the browser side of github.com answers. */
export function htmlPage(status: number, title: string, message: string): SimulatorResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    text: `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · GitHub</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>\n`,
  };
}

const redirect = (location: URL): SimulatorResponse => ({
  status: 302,
  headers: { location: location.toString(), 'content-type': 'text/html; charset=utf-8' },
  text: '',
});

/**
 * The browser side of the GitHub App flows on the web host, acting as the simulated signed-in user
 * who clicks every button: registering an app from a manifest
 * (`POST /settings/apps/new`, `POST /organizations/:org/settings/apps/new`, a form with one
 * `manifest` field) and installing it (`GET /apps/:slug/installations/new`, on GHES `/github-apps/:slug/installations/new`).
 */
export function githubAppWebRoutes(state: GitHubState): Route[] {
  const fromManifest = (request: SimulatorRequest, owner: string): SimulatorResponse => {
    const form = new URLSearchParams(request.rawBody);
    const manifest = parseManifest(form.get('manifest') ?? undefined);
    if ('error' in manifest) return htmlPage(422, 'Invalid GitHub App manifest', manifest.error);
    // The user confirms at once: the app is registered and the browser sent back with a code.
    const { code } = registerApp(state, manifest, owner);
    const location = new URL(manifest.redirect_url);
    location.searchParams.set('code', code);
    if (request.query.state !== undefined) location.searchParams.set('state', request.query.state);
    return redirect(location);
  };
  const memberOf = (org: string | undefined): boolean =>
    state.dataset.organizations.some(
      (candidate) => candidate.login === org && candidate.members.includes(state.signedInUser),
    );

  return [
    {
      method: 'POST',
      path: '/settings/apps/new',
      handler: (request) => fromManifest(request, state.signedInUser),
    },
    {
      method: 'POST',
      path: '/organizations/:org/settings/apps/new',
      handler: (request) => {
        const org = request.params.org;
        if (org === undefined || !memberOf(org))
          return htmlPage(404, 'Page not found', `No organization ${org ?? ''} you can manage.`);
        return fromManifest(request, org);
      },
    },
    // github.com's install page, and GHES's (`/github-apps/…`).
    ...['/apps/:slug/installations/new', '/github-apps/:slug/installations/new'].map((path) => ({
      method: 'GET',
      path,
      handler: (request: SimulatorRequest): SimulatorResponse => {
        const app = appById(state, request.params.slug ?? '');
        if (app === undefined)
          return htmlPage(404, 'Page not found', 'There is no GitHub App with that name.');
        const target = request.query.target ?? state.signedInUser;
        const result = installApp(state, app.identity.id, target);
        if ('error' in result) return htmlPage(result.status, 'Cannot install', result.error);
        const { installation, action } = result;
        if (app.setupUrl === null)
          return htmlPage(
            200,
            `${app.name} installed`,
            `${app.name} is installed on ${target} (installation ${installation.id}).`,
          );
        const location = new URL(app.setupUrl);
        location.searchParams.set('installation_id', String(installation.id));
        location.searchParams.set('setup_action', action);
        if (request.query.state !== undefined)
          location.searchParams.set('state', request.query.state);
        return redirect(location);
      },
    })),
  ];
}
