import { randomBytes } from 'node:crypto';
import type { Dataset } from '../dataset/types.js';
import { createAppIdentity, type GitHubAppIdentity } from './github-credentials.js';
import { accountFor, nodeId, type Hosts } from './render.js';

/**
 * The GitHub Apps the simulator knows: the built-in one and those registered from a manifest
 * (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest),
 * each with its own key pair, secrets and installations.
 */
export interface SimulatedApp {
  identity: GitHubAppIdentity;
  name: string;
  description: string | null;
  /** The manifest's `url`: the app's homepage. */
  externalUrl: string;
  /** The user or organization login that owns the registration. */
  owner: string;
  permissions: Record<string, string>;
  events: string[];
  setupUrl: string | null;
  hookUrl: string | null;
  hookActive: boolean;
  webhookSecret: string | null;
  redirectUrl: string | null;
  /** OAuth callback URLs; an authorization's `redirect_uri` must be one of them when any is set. */
  callbackUrls: string[];
  /** False: the app installs only on its owner's account (the manifest default). */
  isPublic: boolean;
  createdAt: string;
}

export interface SimulatedInstallation {
  id: number;
  appId: number;
  /** The user or organization login the app is installed on. */
  account: string;
  createdAt: string;
  suspendedAt: string | null;
  suspendedBy: string | null;
}

/** The manifest fields the simulator reads, after validation. */
export interface GitHubAppManifest {
  name?: string;
  url: string;
  redirect_url: string;
  description?: string;
  hook_attributes?: { url: string; active?: boolean };
  callback_urls?: string[];
  setup_url?: string;
  public?: boolean;
  default_permissions?: Record<string, string>;
  default_events?: string[];
  request_oauth_on_install?: boolean;
  setup_on_update?: boolean;
}

/** GitHub limits app names to 34 characters. */
const MAX_NAME_LENGTH = 34;
const ACCESS_LEVELS = new Set(['read', 'write', 'admin']);

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Validates a manifest as GitHub's registration page does; the error says what is wrong. */
export function parseManifest(raw: string | undefined): GitHubAppManifest | { error: string } {
  if (raw === undefined || raw.trim() === '') return { error: 'The manifest is missing.' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { error: 'The manifest is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'The manifest must be a JSON object.' };
  const manifest = value as Record<string, unknown>;
  if (!isHttpUrl(manifest.url)) return { error: 'Url must be a valid URL (manifest `url`).' };
  if (!isHttpUrl(manifest.redirect_url))
    return { error: 'Redirect url must be a valid URL (manifest `redirect_url`).' };
  if (manifest.name !== undefined) {
    if (typeof manifest.name !== 'string' || manifest.name.trim() === '')
      return { error: 'Name can’t be blank.' };
    if (manifest.name.length > MAX_NAME_LENGTH)
      return { error: `Name is too long (maximum is ${MAX_NAME_LENGTH} characters).` };
  }
  if (manifest.description !== undefined && typeof manifest.description !== 'string')
    return { error: 'Description must be a string.' };
  const hook = manifest.hook_attributes;
  if (hook !== undefined) {
    if (typeof hook !== 'object' || hook === null || Array.isArray(hook))
      return { error: 'Hook attributes must be an object.' };
    const { url, active } = hook as Record<string, unknown>;
    if (!isHttpUrl(url)) return { error: 'Hook url must be a valid URL (`hook_attributes.url`).' };
    if (active !== undefined && typeof active !== 'boolean')
      return { error: 'Hook active must be true or false.' };
  }
  if (manifest.setup_url !== undefined && !isHttpUrl(manifest.setup_url))
    return { error: 'Setup url must be a valid URL (manifest `setup_url`).' };
  const callbacks = manifest.callback_urls;
  if (callbacks !== undefined && (!Array.isArray(callbacks) || !callbacks.every(isHttpUrl)))
    return { error: 'Callback urls must be a list of valid URLs.' };
  if (Array.isArray(callbacks) && callbacks.length > 10)
    return { error: 'Callback urls: at most 10 are allowed.' };
  const permissions = manifest.default_permissions;
  if (permissions !== undefined) {
    if (typeof permissions !== 'object' || permissions === null || Array.isArray(permissions))
      return { error: 'Default permissions must be an object.' };
    for (const [name, level] of Object.entries(permissions))
      if (typeof level !== 'string' || !ACCESS_LEVELS.has(level))
        return { error: `Default permission ${name} must be read, write or admin.` };
  }
  const events = manifest.default_events;
  if (
    events !== undefined &&
    (!Array.isArray(events) || !events.every((e) => typeof e === 'string'))
  )
    return { error: 'Default events must be a list of event names.' };
  for (const flag of ['public', 'request_oauth_on_install', 'setup_on_update'])
    if (manifest[flag] !== undefined && typeof manifest[flag] !== 'boolean')
      return { error: `${flag} must be true or false.` };
  return manifest as unknown as GitHubAppManifest;
}

/** GitHub's slug: the name lowercased, every run of other characters one `-`, made unique. */
export function slugFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'app';
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** Registers an app from a validated manifest, owned by `owner`. */
export function appFromManifest(
  manifest: GitHubAppManifest,
  options: { id: number; owner: string; taken: ReadonlySet<string>; createdAt: string },
): SimulatedApp {
  const name = manifest.name ?? `${options.owner}-app-${options.id}`;
  const permissions = { metadata: 'read', ...manifest.default_permissions };
  return {
    identity: createAppIdentity(
      options.id,
      slugFor(name, options.taken),
      `Iv23li${randomBytes(7).toString('hex')}`,
    ),
    name,
    description: manifest.description ?? null,
    externalUrl: manifest.url,
    owner: options.owner,
    permissions: Object.fromEntries(
      Object.entries(permissions).sort(([a], [b]) => a.localeCompare(b)),
    ),
    events: [...(manifest.default_events ?? [])],
    setupUrl: manifest.setup_url ?? null,
    hookUrl: manifest.hook_attributes?.url ?? null,
    hookActive: manifest.hook_attributes?.active ?? true,
    webhookSecret: randomBytes(20).toString('hex'),
    redirectUrl: manifest.redirect_url,
    callbackUrls: [...(manifest.callback_urls ?? [])],
    isPublic: manifest.public ?? false,
    createdAt: options.createdAt,
  };
}

/** The `integration` object of `GET /app` and of the manifest conversion. */
export function renderApp(
  dataset: Dataset,
  hosts: Hosts,
  app: SimulatedApp,
  installationsCount: number,
): Record<string, unknown> {
  const { identity } = app;
  return {
    id: identity.id,
    slug: identity.slug,
    client_id: identity.clientId,
    node_id: nodeId('A', identity.id),
    owner: accountFor(dataset, hosts, app.owner),
    name: app.name,
    description: app.description,
    external_url: app.externalUrl,
    // GHES serves app pages under /github-apps.
    html_url: `${hosts.web}/${hosts.api === hosts.web ? 'apps' : 'github-apps'}/${identity.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
    installations_count: installationsCount,
  };
}

/** An installation as the `/app/installations` routes answer it. */
export function renderInstallation(
  dataset: Dataset,
  hosts: Hosts,
  app: SimulatedApp,
  installation: SimulatedInstallation,
): Record<string, unknown> {
  const account = accountFor(dataset, hosts, installation.account);
  return {
    id: installation.id,
    client_id: app.identity.clientId,
    account,
    repository_selection: 'all',
    access_tokens_url: `${hosts.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${hosts.api}/installation/repositories`,
    html_url: `${hosts.web}/settings/installations/${installation.id}`,
    app_id: app.identity.id,
    app_slug: app.identity.slug,
    target_id: account.id,
    target_type: account.type,
    permissions: app.permissions,
    events: app.events,
    created_at: installation.createdAt,
    updated_at: installation.suspendedAt ?? installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by:
      installation.suspendedBy === null
        ? null
        : accountFor(dataset, hosts, installation.suspendedBy),
    suspended_at: installation.suspendedAt,
  };
}
