import type { Viewer } from '@scm/core';
import type { WireConnectionData, WireProfile } from './azure-schemas.js';
import { AZURE_PROVIDER_ID, withRaw, nonEmpty, type MapContext } from './map-common.js';

/**
 * The signed-in user's profile. Azure DevOps has no user name of its own: the login is the
 * account's email (its UPN, `uniqueName` everywhere else in the API), else its public alias.
 */
export function mapViewer(wire: WireProfile, context: MapContext): Viewer {
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    id: wire.id,
    login: nonEmpty(wire.emailAddress) ?? nonEmpty(wire.publicAlias) ?? wire.id,
    name: nonEmpty(wire.displayName),
    email: nonEmpty(wire.emailAddress),
    avatarUrl: null,
    webUrl: null,
  });
}

const stringValue = (property: { $value: unknown } | null | undefined): string | null =>
  typeof property?.$value === 'string' ? nonEmpty(property.$value) : null;

/**
 * The caller as a Server collection's `connectionData` names it (Server has no profile service):
 * the login is the identity's account (its UPN, or `DOMAIN\user`), as `uniqueName` is elsewhere.
 */
export function mapConnectionViewer(wire: WireConnectionData, context: MapContext): Viewer {
  const user = wire.authenticatedUser;
  const email = stringValue(user.properties?.Mail);
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    id: user.id,
    login: stringValue(user.properties?.Account) ?? email ?? user.id,
    name: nonEmpty(user.customDisplayName) ?? nonEmpty(user.providerDisplayName),
    email,
    avatarUrl: null,
    webUrl: null,
  });
}
