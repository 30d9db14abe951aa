import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { WebhookFixture } from '../contract/types.js';
import {
  appFromManifest,
  parseManifest,
  renderInstallation,
  type GitHubAppManifest,
  type SimulatedApp,
} from './github-apps.js';
import { accountFor, renderRepository, type Hosts } from './render.js';
import type { GitHubState, SimulatedInstallation } from './github-state.js';

/** A manifest code lives one hour, as GitHub's does. */
const MANIFEST_CODE_TTL_MS = 60 * 60 * 1000;
const FIRST_CREATED_APP_ID = 1_100_000;
const FIRST_INSTALLATION_ID = 71_000_000;

/** GitHub's timestamps: UTC, whole seconds. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A single-use code that `POST /app-manifests/:code/conversions` exchanges for the app. */
export function mintManifestCode(state: GitHubState, appId: number): string {
  const code = randomBytes(10).toString('hex');
  state.manifestCodes.set(code, { appId, expiresAt: state.now() + MANIFEST_CODE_TTL_MS });
  return code;
}

export function appById(state: GitHubState, id: number | string): SimulatedApp | undefined {
  return state.apps.find(
    (app) => String(app.identity.id) === String(id) || app.identity.slug === id,
  );
}

/** The logins an app can be installed on: the signed-in user and the dataset's organizations. */
export function isInstallTarget(state: GitHubState, login: string): boolean {
  return (
    login === state.signedInUser || state.dataset.organizations.some((org) => org.login === login)
  );
}

/** Registers a new app from a validated manifest, owned by `owner`, and mints its code. */
export function registerApp(
  state: GitHubState,
  manifest: GitHubAppManifest,
  owner: string,
): { app: SimulatedApp; code: string } {
  const id = Math.max(FIRST_CREATED_APP_ID - 1, ...state.apps.map((app) => app.identity.id)) + 1;
  const app = appFromManifest(manifest, {
    id,
    owner,
    taken: new Set(state.apps.map((candidate) => candidate.identity.slug)),
    createdAt: isoSeconds(state.now()),
  });
  state.apps.push(app);
  return { app, code: mintManifestCode(state, id) };
}

export type InstallResult =
  | { installation: SimulatedInstallation; action: 'install' | 'update' }
  | { status: number; error: string };

/**
 * Installs an app on an account, with every repository (`repository_selection: all`). A private
 * app installs only on its owner's account; installing again finds the existing installation.
 */
export function installApp(state: GitHubState, appId: number, target: string): InstallResult {
  const app = appById(state, appId);
  if (app === undefined) return { status: 404, error: `No app with id ${appId}.` };
  if (!isInstallTarget(state, target))
    return { status: 404, error: `No account ${target} the signed-in user can install on.` };
  if (!app.isPublic && target !== app.owner)
    return {
      status: 403,
      error: `${app.name} is private: it can only be installed on ${app.owner}, its owner.`,
    };
  const existing = state.installations.find(
    (installation) => installation.appId === app.identity.id && installation.account === target,
  );
  if (existing !== undefined) return { installation: existing, action: 'update' };
  const installation: SimulatedInstallation = {
    id: Math.max(FIRST_INSTALLATION_ID - 1, ...state.installations.map((i) => i.id)) + 1,
    appId: app.identity.id,
    account: target,
    createdAt: isoSeconds(state.now()),
    suspendedAt: null,
    suspendedBy: null,
  };
  state.installations.push(installation);
  return { installation, action: 'install' };
}

export function installationById(
  state: GitHubState,
  id: number | string,
): SimulatedInstallation | undefined {
  return state.installations.find((installation) => String(installation.id) === String(id));
}

/** Removes an installation; its tokens stop working. False when there was none. */
export function uninstall(state: GitHubState, id: number | string): boolean {
  const index = state.installations.findIndex((i) => String(i.id) === String(id));
  if (index === -1) return false;
  state.installations.splice(index, 1);
  return true;
}

/** Suspends (or, with `suspended` false, unsuspends) an installation. */
export function setSuspended(
  state: GitHubState,
  id: number | string,
  suspended: boolean,
  by: string,
): boolean {
  const installation = installationById(state, id);
  if (installation === undefined) return false;
  installation.suspendedAt = suspended ? isoSeconds(state.now()) : null;
  installation.suspendedBy = suspended ? by : null;
  return true;
}

/** An installation as a test sees it. */
export interface GitHubInstallationInfo {
  id: number;
  appId: number;
  /** The user or organization login the app is installed on. */
  account: string;
  suspended: boolean;
  createdAt: string;
}

/** A registered app as a test sees it, credentials included. */
export interface GitHubAppInfo {
  id: number;
  slug: string;
  name: string;
  /** The login owning the registration. */
  owner: string;
  clientId: string;
  clientSecret: string;
  /** PKCS#1 PEM, as the manifest conversion's `pem`. */
  privateKey: string;
  webhookSecret: string | null;
  permissions: Readonly<Record<string, string>>;
  events: readonly string[];
  setupUrl: string | null;
  hookUrl: string | null;
  redirectUrl: string | null;
  callbackUrls: readonly string[];
  public: boolean;
  installations: readonly GitHubInstallationInfo[];
}

/** What `github.apps` offers tests: the browser's steps without a browser, and the state. */
export interface GitHubAppsHandle {
  /** Every app: the built-in one first, then those registered from manifests. */
  list(): GitHubAppInfo[];
  /** An app by id or slug. */
  get(idOrSlug: number | string): GitHubAppInfo | undefined;
  /**
   * Registers an app from a manifest as `POST /settings/apps/new` would (for an organization
   * with `org`), and returns it with its single-use conversion code. Throws on an invalid manifest.
   */
  createFromManifest(
    manifest: Record<string, unknown>,
    options?: { org?: string },
  ): { app: GitHubAppInfo; code: string };
  /** Mints another conversion code for an app (single use, one hour). */
  issueManifestCode(appId: number): string;
  /**
   * Installs an app as `GET /apps/:slug/installations/new` would: on `target` (default the
   * signed-in user), every repository. Throws when the target is not allowed.
   */
  install(appId: number, options?: { target?: string }): GitHubInstallationInfo;
  /** Every installation, or those of one app. */
  installations(appId?: number): GitHubInstallationInfo[];
  suspend(installationId: number): void;
  unsuspend(installationId: number): void;
  /** Removes the installation; its tokens stop working. */
  uninstall(installationId: number): void;
  /**
   * The `installation` webhook GitHub sends the app's hook URL for an installation (take
   * `deleted` before `uninstall`), signed with the app's webhook secret: send it with
   * `github.deliver(url, event)`. Nothing is sent by itself.
   */
  installationEvent(
    installationId: number,
    action?: 'created' | 'deleted' | 'suspend' | 'unsuspend' | 'new_permissions_accepted',
  ): WebhookFixture;
}

function installationInfo(installation: SimulatedInstallation): GitHubInstallationInfo {
  return {
    id: installation.id,
    appId: installation.appId,
    account: installation.account,
    suspended: installation.suspendedAt !== null,
    createdAt: installation.createdAt,
  };
}

export function createAppsHandle(state: GitHubState, hosts: () => Hosts): GitHubAppsHandle {
  const info = (app: SimulatedApp): GitHubAppInfo => ({
    id: app.identity.id,
    slug: app.identity.slug,
    name: app.name,
    owner: app.owner,
    clientId: app.identity.clientId,
    clientSecret: app.identity.clientSecret,
    privateKey: app.identity.privateKey,
    webhookSecret: app.webhookSecret,
    permissions: { ...app.permissions },
    events: [...app.events],
    setupUrl: app.setupUrl,
    hookUrl: app.hookUrl,
    redirectUrl: app.redirectUrl,
    callbackUrls: [...app.callbackUrls],
    public: app.isPublic,
    installations: state.installations
      .filter((installation) => installation.appId === app.identity.id)
      .map(installationInfo),
  });
  const existing = (installationId: number): void => {
    if (installationById(state, installationId) === undefined)
      throw new Error(`no installation ${installationId}`);
  };
  return {
    list: () => state.apps.map(info),
    get: (idOrSlug) => {
      const app = appById(state, idOrSlug);
      return app === undefined ? undefined : info(app);
    },
    createFromManifest: (manifest, options = {}) => {
      const parsed = parseManifest(JSON.stringify(manifest));
      if ('error' in parsed) throw new Error(parsed.error);
      const owner = options.org ?? state.signedInUser;
      if (!isInstallTarget(state, owner)) throw new Error(`no organization ${owner}`);
      const { app, code } = registerApp(state, parsed, owner);
      return { app: info(app), code };
    },
    issueManifestCode: (appId) => {
      if (appById(state, appId) === undefined) throw new Error(`no app ${appId}`);
      return mintManifestCode(state, appId);
    },
    install: (appId, options = {}) => {
      const result = installApp(state, appId, options.target ?? state.signedInUser);
      if ('error' in result) throw new Error(result.error);
      return installationInfo(result.installation);
    },
    installations: (appId) =>
      state.installations
        .filter((installation) => appId === undefined || installation.appId === appId)
        .map(installationInfo),
    suspend: (installationId) => {
      existing(installationId);
      setSuspended(state, installationId, true, state.signedInUser);
    },
    unsuspend: (installationId) => {
      existing(installationId);
      setSuspended(state, installationId, false, state.signedInUser);
    },
    uninstall: (installationId) => {
      existing(installationId);
      uninstall(state, installationId);
    },
    installationEvent: (installationId, action = 'created') => {
      const installation = installationById(state, installationId);
      const app = installation === undefined ? undefined : appById(state, installation.appId);
      if (installation === undefined || app === undefined)
        throw new Error(`no installation ${installationId}`);
      const at = hosts();
      const repositories = state.dataset.repositories
        .filter((repo) => repo.owner === installation.account)
        .map((repo) => {
          const rendered = renderRepository(state.dataset, at, repo);
          return {
            id: repo.id,
            node_id: rendered.node_id,
            name: repo.name,
            full_name: repo.fullName,
            private: repo.visibility !== 'public',
          };
        });
      const payload = {
        action,
        installation: renderInstallation(state.dataset, at, app, installation),
        ...(action === 'created' || action === 'deleted' ? { repositories } : {}),
        requester: null,
        sender: accountFor(state.dataset, at, state.signedInUser),
      };
      const rawBody = JSON.stringify(payload);
      const secret = app.webhookSecret ?? '';
      const hmac = (algorithm: string): string =>
        createHmac(algorithm, secret).update(rawBody).digest('hex');
      return {
        name: `installation ${action}`,
        request: {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'GitHub-Hookshot/044aadd',
            'X-GitHub-Event': 'installation',
            'X-GitHub-Delivery': randomUUID(),
            'X-GitHub-Hook-ID': String(app.identity.id),
            'X-GitHub-Hook-Installation-Target-Type': 'integration',
            'X-GitHub-Hook-Installation-Target-ID': String(app.identity.id),
            'X-Hub-Signature': `sha1=${hmac('sha1')}`,
            'X-Hub-Signature-256': `sha256=${hmac('sha256')}`,
          },
          rawBody,
        },
        expected: { type: 'installation', action, installationId: String(installation.id) },
      };
    },
  };
}
