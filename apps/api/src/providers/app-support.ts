import { ScmError, type Page, type Repository } from '@scm/core';
import {
  convertGitHubAppManifest,
  createGitHubAppAuth,
  createGitHubInstallations,
  githubAppManifestFormAction,
  type GitHubInstallation,
} from '@scm/github';
import type { GatewayTransport, HostLocation } from './catalogue.js';

// Provider apps a tenant registers through the provider's own "create an app from a manifest" page
// and then installs on accounts: GitHub Apps (github.com and GHES). The integrations plane talks to
// this interface; the catalogue says which provider has one.

/** A new app's credentials, as the provider hands them out once. Seal them; never log them. */
export interface AppCredentials {
  appId: string;
  slug: string;
  name: string;
  owner: string | null;
  htmlUrl: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string | null;
  privateKey: string;
}

/** An installation of an app on a user or organization account. */
export interface AppInstallation {
  id: string;
  accountId: string | null;
  accountLogin: string;
  accountType: string;
  repositorySelection: 'all' | 'selected';
  suspendedAt: string | null;
  permissions: Readonly<Record<string, string>>;
  events: readonly string[];
}

export interface AppManifestInput {
  name: string;
  /** The app's homepage. */
  url: string;
  hookUrl: string;
  redirectUrl: string;
  callbackUrls: string[];
  setupUrl: string;
}

interface AppIdentity {
  location: HostLocation;
  transport: GatewayTransport;
  appId: string;
  privateKey: string;
}

export interface AppSupport {
  /** The manifest to post, in the provider's field names. */
  manifest(input: AppManifestInput): Record<string, unknown>;
  /** Where the browser posts the manifest (a user's or an organization's "new app" page). */
  manifestFormAction(input: { webBaseUrl: string; state: string; organization?: string }): string;
  /** The page that installs the app, carrying `state` through to the setup URL. */
  installUrl(input: { webBaseUrl: string; slug: string; state: string }): string;
  /** Exchanges the one-time manifest code for the new app's credentials. */
  convertManifest(input: {
    location: HostLocation;
    transport: GatewayTransport;
    code: string;
  }): Promise<AppCredentials>;
  /** Every installation of the app (as the app). */
  listInstallations(app: AppIdentity): Promise<AppInstallation[]>;
  /** One page of the repositories an installation can reach (as the installation). */
  listInstallationRepositories(
    app: AppIdentity,
    installationId: string,
    query: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Repository>>;
}

/** Pages of 100 installations `listInstallations` reads at most. */
const MAX_INSTALLATION_PAGES = 100;

const toInstallation = (installation: GitHubInstallation): AppInstallation => ({
  id: installation.id,
  accountId: installation.account?.id ?? null,
  accountLogin: installation.account?.login ?? '',
  accountType: installation.account?.type ?? installation.targetType,
  repositorySelection: installation.repositorySelection,
  suspendedAt: installation.suspendedAt,
  permissions: installation.permissions,
  events: installation.events,
});

const appClients = (app: AppIdentity) => {
  const settings = { ...app.transport, baseUrl: app.location.apiBaseUrl };
  const appAuth = createGitHubAppAuth({
    ...settings,
    appId: app.appId,
    privateKey: app.privateKey,
  });
  const installations = createGitHubInstallations({ ...settings, appAuth });
  return {
    installations,
    close: () => Promise.all([installations.close(), appAuth.close()]).then(() => undefined),
  };
};

// https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest
export const githubAppSupport: AppSupport = {
  manifest: (input) => ({
    name: input.name,
    url: input.url,
    hook_attributes: { url: input.hookUrl, active: true },
    redirect_url: input.redirectUrl,
    callback_urls: input.callbackUrls,
    setup_url: input.setupUrl,
    setup_on_update: true,
    public: false,
    // What the reads and the webhook plane need: repositories, pull requests, checks, hooks.
    default_permissions: {
      contents: 'read',
      metadata: 'read',
      pull_requests: 'read',
      checks: 'read',
      statuses: 'read',
      members: 'read',
      // Branch protection reads (the workspace's organization scan).
      administration: 'read',
      repository_hooks: 'write',
    },
    default_events: ['push', 'pull_request', 'check_run', 'check_suite', 'repository'],
  }),
  manifestFormAction: ({ webBaseUrl, state, organization }) =>
    githubAppManifestFormAction({ webBaseUrl, state, organization }),
  // https://docs.github.com/en/apps/using-github-apps/installing-a-github-app-from-a-third-party
  // ("state" given to the installation URL is passed on to the setup URL).
  installUrl: ({ webBaseUrl, slug, state }) => {
    const url = new URL(
      `${webBaseUrl.replace(/\/+$/, '')}/apps/${encodeURIComponent(slug)}/installations/new`,
    );
    url.searchParams.set('state', state);
    return url.toString();
  },
  async convertManifest({ location, transport, code }) {
    const app = await convertGitHubAppManifest({
      ...transport,
      baseUrl: location.apiBaseUrl,
      code,
    });
    return { ...app, appId: String(app.appId) };
  },
  async listInstallations(app) {
    const { installations, close } = appClients(app);
    try {
      const all: AppInstallation[] = [];
      let cursor: string | undefined;
      // A bound: a host a tenant registered answers what it likes, a next page forever included.
      for (let page = 0; page < MAX_INSTALLATION_PAGES; page += 1) {
        const answer = await installations.listInstallations({ limit: 100, cursor });
        all.push(...answer.items.map(toInstallation));
        if (answer.nextCursor === null) return all;
        cursor = answer.nextCursor;
      }
      throw new ScmError('UNSUPPORTED_ENDPOINT', {
        source: 'gateway',
        message: `The app reports more than ${MAX_INSTALLATION_PAGES * 100} installations; the gateway lists at most that many.`,
      });
    } finally {
      await close();
    }
  },
  async listInstallationRepositories(app, installationId, query) {
    const { installations, close } = appClients(app);
    try {
      return await installations.listInstallationRepositories({ installationId }, query);
    } finally {
      await close();
    }
  },
};
