import type { WireInstallation } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/** A GitHub App installation, normalized. GitHub-specific: core has no installation type. */
export interface GitHubInstallation {
  provider: string;
  raw?: unknown;
  id: string;
  /** The user or organization (or enterprise, by `slug`) the app is installed on. */
  account: { id: string; login: string | null; type: string | null } | null;
  /** `User`, `Organization` or `Enterprise`. */
  targetType: string;
  /** `all` repositories of the account, or `selected` ones. */
  repositorySelection: 'all' | 'selected';
  appId: string;
  appSlug: string;
  webUrl: string;
  permissions: Readonly<Record<string, string>>;
  events: readonly string[];
  createdAt: string | null;
  updatedAt: string | null;
  /** Set while the installation is suspended: its tokens are refused. */
  suspendedAt: string | null;
}

export function mapInstallation(wire: WireInstallation, context: MapContext): GitHubInstallation {
  const { account } = wire;
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    account:
      account === null
        ? null
        : {
            id: String(account.id),
            login: account.login ?? account.slug ?? null,
            type: account.type ?? null,
          },
    targetType: wire.target_type,
    repositorySelection: wire.repository_selection === 'selected' ? 'selected' : 'all',
    appId: String(wire.app_id),
    appSlug: wire.app_slug,
    webUrl: wire.html_url,
    permissions: wire.permissions,
    events: wire.events,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    suspendedAt: timestamp(wire.suspended_at),
  });
}
